import { registry } from "@web/core/registry";

// An account manager, in the Customer Archive app's customer list, creates a customer and
// saves it; the Python test checks the customer code assigned on save.
registry.category("web_tour.tours").add("crm_customer_archive_create_customer", {
    steps: () => [
        {
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] :is(textarea, input)",
            run: "edit 巡检测试汽车有限公司",
        },
        {
            trigger: ".o_form_view a[name='customer_archive']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
