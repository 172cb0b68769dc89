import { registry } from "@web/core/registry";

const editor = (field, text) => ({
    trigger: `.o_form_view .o_field_html[name='${field}'] .odoo-editor-editable div.o-paragraph`,
    run: `editor ${text}`,
});

const tab = (name, label) => ({
    trigger: `.o_form_view .o_notebook a.nav-link[name='${name}']:contains('${label}')`,
    run: "click",
});

// The quality engineer's day, in Chinese: the scratch complaint customer
// service opened is investigated through the 8D (team, containment, 5 whys
// and root cause, actions, closure note), found critical, and costed; then
// the cost of non-quality and the customer's defect sensitivity show it.
// The Python test checks the complaint, its cost and the sensitivity profile.
registry.category("web_tour.tours").add("crm_customer_archive_journey_quality_engineer", {
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
                trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.customer_complaint_menu_root']:contains('服务')",
                run: "click",
            },
            {
                trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.customer_complaint_menu']:contains('投诉')",
                run: "click",
            },
            {
                trigger: ".o_kanban_group:has(.o_column_title:contains('调查')) .o_kanban_record:contains('钢卷表面划伤')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='severity'] .o_select_menu_toggler",
                run: "click",
            },
            {
                trigger: ".o_select_menu_item:contains('致命')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='user_id'] input",
                run: "edit 孙质量",
            },
            {
                trigger: ".o_field_widget[name='user_id'] .o-autocomplete--dropdown-item:contains('孙质量')",
                run: "click",
            },
            {
                // D1: the team.
                trigger: ".o_form_view .o_field_widget[name='user_id'] input:value(孙质量)",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='team_member_ids'] input",
                run: "edit 孙质量",
            },
            {
                trigger: ".o_field_widget[name='team_member_ids'] .o-autocomplete--dropdown-item:contains('孙质量')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='team_member_ids'] .o_tag:contains('孙质量')",
            },
            tab("containment", "临时遏制措施"),
            editor("containment_action", "隔离同批次 12 卷，逐卷复检"),
            tab("root_cause", "根本原因"),
            {
                trigger: ".o_form_view .o_field_widget[name='cause_category'] .o_select_menu_toggler",
                run: "click",
            },
            {
                trigger: ".o_select_menu_item:contains('工艺')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='five_why'] textarea",
                run: "edit 1. 为什么划伤？平整机辊面有异物 2. 为什么有异物？换辊后未清理",
            },
            editor("root_cause", "换辊作业指导书缺少辊面清理步骤"),
            tab("actions", "措施"),
            editor("corrective_action", "补充换辊后辊面清理步骤"),
            editor("verification", "连续三周无同类投诉"),
            editor("preventive_action", "同类机组推广该作业指导书"),
            tab("closure", "结案"),
            editor("closure_note", "感谢平整机班组"),
            tab("costs", "成本"),
            {
                trigger: ".o_form_view .o_field_widget[name='cost_ids'] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='cost_ids'] .o_selected_row .o_field_widget[name='cost_type'] .o_select_menu_toggler",
                run: "click",
            },
            {
                trigger: ".o_select_menu_item:contains('返工')",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='cost_ids'] .o_selected_row .o_field_widget[name='note'] input",
                run: "edit 返工 12 卷",
            },
            {
                trigger: ".o_field_widget[name='cost_ids'] .o_selected_row .o_field_widget[name='amount'] input",
                run: "edit 12000",
            },
            {
                trigger: ".o_form_view .o_form_button_save",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_form_saved",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='cost_total']:contains('12,000.00')",
            },
            {
                // The cost of non-quality, per customer.
                trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.customer_complaint_menu_root']",
                run: "click",
            },
            {
                trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.customer_complaint_cost_menu']:contains('质量损失成本')",
                run: "click",
            },
            {
                trigger: ".o_pivot tr:contains('华北汽车制造有限公司'):contains('12,000.00')",
            },
            {
                // The customer's defect sensitivity, as the grading station reads it.
                trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.res_partner_menu_customer_archive']:contains('档案')",
                run: "click",
            },
            {
                trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.res_partner_menu_customer']:contains('客户')",
                run: "click",
            },
            {
                trigger: ".o_list_view .o_data_row:contains('华北汽车制造有限公司') td.o_data_cell",
                run: "click",
            },
            tab("defect_sensitivity", "缺陷敏感度"),
            {
                // Two scratches (last year's and this one), the worst now critical.
                trigger: ".o_field_widget[name='defect_sensitivity_html'] table.o_defect_sensitivity tr:contains('划伤'):contains('致命') td.text-end:contains('2')",
            },
            {
                trigger: ".o_field_widget[name='defect_sensitivity_html'] table.o_defect_sensitivity th:contains('最高严重程度')",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
