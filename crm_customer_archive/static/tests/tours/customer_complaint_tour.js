import { registry } from "@web/core/registry";
import { pickPhoto } from "@crm_customer_archive/../tests/tours/tour_helpers";

// Customer service records a complaint with a defect photo, then moves it
// along the kanban from New to Investigation. The Python test checks the
// complaint, its photo and its stage.
registry.category("web_tour.tours").add("crm_customer_archive_record_complaint", {
    steps: () => [
        {
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='title'] input",
            run: "edit 巡检测试投诉：卷面划伤",
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
            trigger: ".o_form_view .o_field_widget[name='defect_type_id'] input",
            run: "edit Scratch",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Scratch')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='photo_ids'] .o_x2m_control_panel button",
            run: "click",
        },
        {
            // The browser's file input receives a real file, as if picked by the user.
            trigger: ".modal .o_field_widget[name='image_1920'] input[type='file']:not(:visible)",
            run() {
                pickPhoto(this.anchor, "scratch.png");
            },
        },
        {
            trigger: ".modal .o_field_widget[name='image_1920'] img[src*='data:image'], .modal .o_field_widget[name='image_1920'] img:not([src*='placeholder'])",
        },
        {
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit 卷面划伤",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='photo_ids'] .o_kanban_record:not(.o_kanban_ghost)",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            // Saved: the complaint got its number.
            trigger: ".o_form_view .o_field_widget[name='name']:contains('ZL')",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('巡检测试投诉')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('Investigation')))",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Investigation')) .o_kanban_record:contains('巡检测试投诉')",
        },
    ],
});
