import { registry } from "@web/core/registry";

// 质量判定 (zh_CN): the grading clerk opens the coils from Inventory → 质量判定,
// records the scratch found on a coil reserved for a scratch-sensitive
// customer, reads the red warning, and regrades the coil to an agreement
// product (协议品, price class B) for that customer's sake.

const form = ".o_action_manager .o_form_view";
const decision = ".modal-content:has(.o_field_widget[name='decision'])";

registry.category("web_tour.tours").add("crm_customer_archive_journey_grading", {
    steps: () => [
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm_customer_archive.customer_grading_menu_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='crm_customer_archive.customer_grading_menu_lots']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='name']:contains('C2026-0601')",
            run: "click",
        },
        {
            content: "no warning yet: the coil was clean when it was reserved",
            trigger: `${form}:not(:has(.o_grading_gate_banner)) .o_field_widget[name='grading_defect_ids'] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='grading_defect_ids'] .o_selected_row .o_field_widget[name='defect_type_id'] input",
            run: "edit 划伤",
        },
        {
            trigger: ".o_field_widget[name='defect_type_id'] .o-autocomplete--dropdown-item:contains('划伤')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='grading_defect_ids'] .o_selected_row .o_field_widget[name='position'] input",
            run: "edit 外圈 3 圈，操作侧",
        },
        {
            trigger: `${form} .o_form_button_save`,
            run: "click",
        },
        {
            content: "the customer complained about scratches: the coil must not go to it",
            trigger: `${form} .o_grading_gate_banner:contains('以下钢卷不得发给 华北汽车制造有限公司'):contains('划伤，客户曾就此缺陷投诉')`,
            timeout: 30000, // server work on a busy machine
        },
        {
            trigger: `${form} button[name='action_open_grading_decision']:contains('判定')`,
            run: "click",
        },
        {
            trigger: `${decision} .o_field_widget[name='decision'] .o_select_menu_toggler`,
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('改判协议品')",
            run: "click",
        },
        {
            trigger: `${decision} .o_field_widget[name='price_class'] .o_select_menu_toggler`,
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('B 类价')",
            run: "click",
        },
        {
            trigger: `${decision} .o_field_widget[name='partner_id'] input`,
            run: "edit 华北汽车",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('华北汽车制造有限公司')",
            run: "click",
        },
        {
            trigger: `${decision} .o_field_widget[name='reason'] textarea`,
            run: "edit 客户两次投诉划伤，改判协议品 B 类价",
        },
        {
            trigger: `${decision} .o_form_button_save`,
            run: "click",
        },
        {
            content: "the decision is saved and its dialog closed",
            trigger: `body:not(:has(.modal)) ${form}`,
            timeout: 30000,
        },
        {
            content: "regraded: the badge shows it",
            trigger: `${form} .o_field_widget[name='grading_disposition']:contains('改判协议品')`,
        },
        {
            content: "the reservation and the warning are gone",
            trigger: `${form}:not(:has(.o_grading_gate_banner))`,
        },
        {
            trigger: `${form} .o_field_widget[name='disposition_ids'] .o_data_row:contains('改判协议品'):contains('刘判定')`,
        },
    ],
});
