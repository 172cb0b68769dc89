import { registry } from "@web/core/registry";
import { clickSmartButton } from "@crm_customer_archive/../tests/tours/tour_helpers";

// 客户经理的一天 (zh_CN): the account manager opens the customer pool (客户公海),
// claims a prospect, logs the visit made today with its result, opens a new
// opportunity from the customer and wins it: the prospect becomes 合作中.

const form = ".o_action_manager .o_form_view";
const prospect = "烟台新材料科技有限公司";

registry.category("web_tour.tours").add("crm_customer_archive_journey_account_manager_day", {
    steps: () => [
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.customer_account_menu_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.res_partner_menu_pool']",
            run: "click",
        },
        {
            trigger: `.o_kanban_view .o_kanban_record:contains('${prospect}')`,
            run: "click",
        },
        {
            content: "claim the prospect from the pool",
            trigger: `${form} .o_form_statusbar button[name='action_claim']:contains('领取')`,
            run: "click",
        },
        {
            content: "now it is mine: the claim date shows, the claim button is gone",
            trigger: `${form}:not(:has(button[name='action_claim'])) .o_field_widget[name='pool_date']`,
            timeout: 20000,
        },
        ...clickSmartButton("action_view_archive_followups"),
        {
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: `${form} .o_field_widget[name='name'] input`,
            run: "edit 首次拜访：2027 年冲压件需求",
        },
        {
            trigger: `${form} .o_field_widget[name='result'] textarea`,
            run: "edit 客户计划 2027 年新增两条冲压线，需要 DC04 冷轧卷约 3000 吨，要求试样。",
        },
        {
            trigger: `${form} .o_field_widget[name='next_step'] textarea`,
            run: "edit 寄送试样并报价",
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
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${prospect}')`,
            run: "click",
        },
        {
            trigger: `${form} .o_notebook .nav-link:contains('商机')`,
            run: "click",
        },
        {
            trigger: `${form} button[name='action_new_opportunity']`,
            run: "click",
        },
        {
            content: "the customer is filled in and CRM has proposed a name: now type ours",
            trigger: `${form} .o_field_widget[name='name'] textarea:value(/${prospect}/)`,
            run: "edit 2027 年冲压件年度供货",
        },
        {
            trigger: `${form} .o_field_widget[name='expected_revenue'] input`,
            run: "edit 1200000",
        },
        {
            trigger: `${form} .o_form_button_save`,
            run: "click",
        },
        {
            trigger: `${form}:not(:has(.o_form_dirty)) button[name='action_set_won_rainbowman']`,
            run: "click",
        },
        {
            content: "the opportunity is won",
            trigger: `${form} .ribbon span:contains('赢得')`,
            timeout: 20000,
        },
        {
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${prospect}')`,
            run: "click",
        },
        {
            content: "winning its first opportunity made the prospect a customer",
            trigger: `${form} .o_statusbar_status button.o_arrow_button_current:contains('合作中')`,
            timeout: 20000,
        },
    ],
});
