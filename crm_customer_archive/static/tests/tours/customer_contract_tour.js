import { registry } from "@web/core/registry";

// An account manager records a contract with one line and signs it; the
// Python test checks the contract that was saved.
registry.category("web_tour.tours").add("crm_customer_archive_sign_contract", {
    steps: () => [
        {
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='title'] input",
            run: "edit 巡检测试供货合同",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit 华北汽车",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('华北汽车制造有限公司')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='product_id'] input",
            run: "edit DC04",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('DC04')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='quantity'] input",
            run: "edit 10",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='price_unit'] input",
            run: "edit 5000",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view button[name='action_activate']",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_create_sale_order']",
        },
    ],
});
