import { registry } from "@web/core/registry";
import { clickSmartButton, expectPdfDownload } from "@crm_customer_archive/../tests/tours/tour_helpers";

// 工艺技术人员 (zh_CN): from the customer to its part and the part's approved
// process control plan, records a production run with one value out of its
// limits, reads the run chart of that set point, then prints the part's
// technical sheet and checks that the server answered with a PDF.

const measurements = '.o_form_view .o_field_widget[name="measurement_ids"]';

function setActualValue(parameter, value) {
    const row = `${measurements} .o_data_row:has(td[name="spec_line_id"]:contains('${parameter}'))`;
    return [
        {
            content: `actual ${parameter}`,
            trigger: `${row} td[name="value"]`,
            run: "click",
        },
        {
            // The selected row shows the set point as an input: find it by the cell clicked.
            trigger: `${measurements} .o_selected_row td[name="value"] input`,
            // Leave the row so the value is committed before the next row is clicked.
            run: `edit ${value} && click .o_form_view .oe_title`,
        },
        {
            trigger: `${row}:not(.o_selected_row) td[name="value"]:contains('${value}')`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_customer_archive_journey_process_engineer", {
    steps: () => [
        {
            content: "the customer archive is in Chinese",
            trigger: ".o_main_navbar .o_menu_brand:contains('客户档案')",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains('华北汽车制造有限公司')",
            run: "click",
        },
        ...clickSmartButton("action_view_archive_parts", "零件"),
        {
            trigger: ".o_list_view .o_data_row td:contains('前门内板')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_view_process_specs']:contains('工艺控制方案')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='title']:contains('DC04 前门内板工艺')",
            run: "click",
        },
        {
            content: "the plan in force: approved by the manager",
            trigger: ".o_form_view .ribbon:contains('已批准')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row td:contains('均热温度')",
        },
        {
            trigger: ".o_form_view button[name='action_view_runs']:contains('批次')",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains('生产批次')",
        },
        {
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "the plan is chosen and each set point has a line",
            trigger: `${measurements} .o_data_row:nth-child(3) td[name="spec_line_id"]`,
        },
        ...setActualValue("总压下率", "82"),
        ...setActualValue("均热温度", "795"),
        ...setActualValue("机组速度", "118"),
        {
            trigger: ".o_form_view .o_field_widget[name='note'] textarea",
            run: "edit 3号连退线带钢跑偏，降速运行",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "saved: one value out of its limits",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name='out_of_limit_count']:contains('1')",
            timeout: 30000, // server work on a busy machine
        },
        {
            content: "back to the plan",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('DC04 前门内板工艺')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_view_runs'] .o_stat_value:contains('1')",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link[name='capability']:contains('实际与设定对比')",
            run: "click",
        },
        {
            content: "the run chart of the soaking temperature",
            trigger:
                ".o_form_view .o_field_widget[name='capability_line_ids'] .o_data_row:has(td:contains('均热温度')) button[name='action_view_run_chart']:contains('运行图')",
            run: "click",
        },
        {
            content: "the chart is titled with the set point, its target and limits",
            trigger: ".o_breadcrumb .active:contains('均热温度'):contains('目标值 770'):contains('750 – 790')",
        },
        {
            content: "a line is drawn",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
            timeout: 30000, // server work on a busy machine
        },
        {
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "the recorded value, out of its limits",
            trigger: ".o_list_view .o_data_row.text-danger td[name='value']:contains('795')",
        },
        {
            content: "back to the plan",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('DC04 前门内板工艺')",
            run: "click",
        },
        {
            content: "back to the part",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('前门内板')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='part_number']:contains('5701011-K00'), .o_form_view .o_field_widget[name='part_number'] input",
            run() {
                expectPdfDownload("5701011-K00", "o_test_technical_sheet_downloaded");
            },
        },
        {
            trigger: ".o_form_view .o_form_statusbar button:contains('打印技术单')",
            run: "click",
        },
        {
            trigger: "body.o_test_technical_sheet_downloaded",
            timeout: 60000,
        },
    ],
});
