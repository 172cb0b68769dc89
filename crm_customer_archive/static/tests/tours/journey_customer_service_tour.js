import { registry } from "@web/core/registry";
import { clickSmartButton, pickPhoto } from "@crm_customer_archive/../tests/tours/tour_helpers";

// Customer service's day, in Chinese: a customer's quality engineer calls
// about scratches; from the customer's archive the complaint is recorded with
// her as the reporter and the photo she sent, then follows the stages to
// closed once quality has answered.
// The Python test checks the complaint and the Chinese mails to the reporter.
registry.category("web_tour.tours").add("crm_customer_archive_journey_customer_service", {
    // A busy machine can take more than Odoo's 10 s to confirm, deliver, invoice or save.
    steps: () =>
        [
            {
                trigger: ".o_navbar_apps_menu button",
                run: "click",
            },
            {
                trigger: ".o_app[data-menu-xmlid='crm_customer_archive.customer_archive_menu_root']:contains('客户档案')",
                run: "click",
            },
            {
                trigger: ".o_breadcrumb:contains('客户')",
            },
            {
                trigger: ".o_list_view .o_data_row:contains('华北汽车制造有限公司') td.o_data_cell",
                run: "click",
            },
            ...clickSmartButton("action_view_archive_complaints", "投诉"),
            {
                trigger: ".o_kanban_view .o-kanban-button-new:contains('新建')",
                run: "click",
            },
            {
                // Opened from the customer: the complaint is already for it.
                trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(华北汽车制造有限公司)",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='title'] input",
                run: "edit 旅程测试：开卷后卷面划伤",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='reporter_id'] input",
                run: "edit 李娜",
            },
            {
                trigger: ".o_field_widget[name='reporter_id'] .o-autocomplete--dropdown-item:contains('李娜（质检）')",
                run: "click",
            },
            {
                // The reporter's e-mail shows: she will be told when it is solved.
                trigger: ".o_form_view .o_field_widget[name='reporter_email']:contains('lina.qc@example.cn')",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='defect_type_id'] input",
                run: "edit 划伤",
            },
            {
                trigger: ".o_field_widget[name='defect_type_id'] .o-autocomplete--dropdown-item:contains('划伤')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='photo_ids'] .o_x2m_control_panel button:contains('添加照片')",
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
                trigger: ".modal .o_field_widget[name='image_1920'] img[src*='data:image']",
            },
            {
                trigger: ".modal .o_field_widget[name='name'] input",
                run: "edit 客户现场照片",
            },
            {
                trigger: ".modal .o_form_button_save:contains('保存')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='photo_ids'] .o_kanban_record:not(.o_kanban_ghost):contains('客户现场照片')",
            },
            {
                // Taken into investigation: the statusbar saves the complaint and moves it.
                trigger: ".o_form_view .o_statusbar_status button:contains('调查')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('调查')",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='name']:contains('ZL')",
            },
            {
                // Quality's answer, as it was given on the phone.
                trigger: ".o_form_view .o_notebook a.nav-link[name='root_cause']:contains('根本原因')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_html[name='root_cause'] .odoo-editor-editable div.o-paragraph",
                run: "editor 平整机工作辊表面有异物",
            },
            {
                trigger: ".o_form_view .o_notebook a.nav-link[name='actions']:contains('措施')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_html[name='corrective_action'] .odoo-editor-editable div.o-paragraph",
                run: "editor 更换工作辊并清理辊面",
            },
            {
                trigger: ".o_form_view .o_field_html[name='preventive_action'] .odoo-editor-editable div.o-paragraph",
                run: "editor 每班检查辊面并记录",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button:contains('验证')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('验证')",
            },
            {
                // Closed is folded: it sits in the statusbar's "more" menu.
                trigger: ".o_form_view .o_statusbar_status button.dropdown-toggle.o_arrow_button",
                run: "click",
            },
            {
                trigger: ".o-dropdown--menu .dropdown-item:contains('已关闭')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('已关闭')",
            },
            {
                trigger: ".o_form_view .o_form_saved",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
