import { registry } from "@web/core/registry";
import { clickSmartButton } from "@crm_customer_archive/../tests/tours/tour_helpers";

// An account manager's day, in Chinese: from the customer archive to the
// customer, its signed contract, an order from the contract (40 t of the
// 100 t of DC04, all 50 t of SPCC), its delivery and invoice, and back to
// the contract to read its execution. The Python test checks the records.
registry.category("web_tour.tours").add("crm_customer_archive_journey_account_manager", {
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
            ...clickSmartButton("action_view_archive_contracts", "合同"),
            {
                trigger: ".o_list_view .o_data_row:contains('2027 年度冷轧板供货合同') td.o_data_cell",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('执行中')",
            },
            {
                trigger: ".o_form_view button[name='action_create_sale_order']:contains('创建销售订单')",
                run: "click",
            },
            {
                // The quotation from the contract: its lines are what is left to order.
                trigger: ".o_field_widget[name='order_line'] .o_data_row:contains('SPCC')",
            },
            {
                trigger: ".o_field_widget[name='order_line'] .o_data_row:contains('DC04') td.o_data_cell[name='product_uom_qty']",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='order_line'] .o_data_row.o_selected_row .o_field_widget[name='product_uom_qty'] input",
                run: "edit 40",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']:contains('确认')",
                run: "click",
            },
            {
                trigger: ".o_form_view button[name='action_view_delivery']:contains('交货')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']:contains('验证')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('完成')",
            },
            {
                // Back to the order.
                trigger: ".o_breadcrumb .breadcrumb-item a:contains('S0')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button:contains('创建发票')",
                run: "click",
            },
            {
                trigger: ".modal button[name='create_invoices']:contains('创建草稿')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button[name='action_post']:contains('确认')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('已过账')",
            },
            {
                trigger: ".o_breadcrumb .breadcrumb-item a:contains('HT')",
                run: "click",
            },
            {
                // The contract's execution: 40 t × 5,000 + 50 t × 4,000 delivered and invoiced,
                // 400,000 of 700,000 = 57.1 %.
                trigger: ".o_form_view .o_field_widget[name='amount_delivered']:contains('400,000.00')",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='amount_invoiced']:contains('400,000.00')",
            },
            {
                trigger: ".o_form_view button[name='action_view_execution']:contains('57.1'):contains('已发货')",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
