import { registry } from "@web/core/registry";

// 回访 (zh_CN): the engineer opens the planned (overdue) return visit, logs it
// done with the satisfaction and the issues the customer raised, and raises a
// new complaint from them in one click.

const form = ".o_action_manager .o_form_view";
const visit = "回访：划伤整改效果";
const issue = "开卷后边部仍有轻微划伤";

registry.category("web_tour.tours").add("crm_customer_archive_return_visit", {
    steps: () => [
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.customer_complaint_menu_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.customer_return_visit_menu']",
            run: "click",
        },
        {
            content: "the overdue visit is red",
            trigger: `.o_list_view .o_data_row.text-danger .o_data_cell[name='name']:contains('${visit}')`,
            run: "click",
        },
        {
            trigger: `${form} .ribbon:contains('已逾期')`,
        },
        {
            trigger: `${form} .o_field_widget[name='satisfaction'] .o_select_menu_toggler`,
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('4 - 满意')",
            run: "click",
        },
        {
            trigger: `${form} .o_field_widget[name='issues_raised'] textarea`,
            run: `edit ${issue}`,
        },
        {
            trigger: `${form} .o_field_widget[name='result'] textarea`,
            run: "edit 客户对整改基本满意，但提出新问题。",
        },
        {
            trigger: `${form} .o_form_statusbar button[name='action_done']:contains('完成')`,
            run: "click",
        },
        {
            content: "the visit is done",
            trigger: `${form} .o_statusbar_status button.o_arrow_button_current:contains('已完成')`,
            timeout: 20000,
        },
        {
            trigger: `${form} .o_form_statusbar button[name='action_raise_complaint']:contains('提出投诉')`,
            run: "click",
        },
        {
            content: "the new complaint, its subject from the first issue",
            trigger: `${form} .o_field_widget[name='title'] input:value(${issue})`,
            timeout: 20000,
        },
    ],
});
