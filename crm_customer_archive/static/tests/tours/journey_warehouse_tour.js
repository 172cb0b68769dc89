import { registry } from "@web/core/registry";
import { expectPdfDownload } from "@crm_customer_archive/../tests/tours/tour_helpers";

// 仓库 (zh_CN): opens the delivery of a confirmed order, chooses the coils
// in the detailed operations, validates and prints the quality certificate
// (a real PDF). Then a second delivery with an untested coil: the grading
// gate stops its validation with a Chinese notice naming the coil.

// The delivery's own form; dialogs are rendered outside the action manager.
const picking = ".o_action_manager .o_form_view";
const details = ".modal-content:has(.o_field_widget[name='move_line_ids'])";

function openDelivery(order) {
    return [
        {
            trigger: `.o_list_view .o_data_row td[name='origin']:contains('${order}')`,
            run: "click",
        },
        {
            content: "the delivery is waiting for its coils",
            trigger: `${picking} .o_field_widget[name='origin']:contains('${order}'), ${picking} .o_field_widget[name='origin'] input`,
        },
    ];
}

function chooseCoils(coils) {
    const steps = [
        {
            trigger: `${picking} .o_field_widget[name='move_ids'] .o_data_row button[name='action_show_details']`,
            run: "click",
        },
        {
            trigger: `${details} .o_field_widget[name='product_id']:contains('冷轧卷 DC04')`,
        },
    ];
    coils.forEach((coil, index) => {
        steps.push(
            {
                trigger: `${details} .o_field_x2many_list_row_add > a`,
                run: "click",
            },
            {
                content: `pick coil ${coil} from stock`,
                trigger: `.modal .o_list_view .o_data_row td[name='lot_id']:contains('${coil}')`,
                run: "click",
            },
            {
                trigger: `${details} .o_field_widget[name='move_line_ids'] .o_data_row:nth-child(${index + 1}) .o_field_widget[name='quant_id']:contains('${coil}'), ${details} .o_field_widget[name='move_line_ids'] .o_data_row:nth-child(${index + 1}) .o_field_widget[name='quant_id'] input:value(/${coil}/)`,
            }
        );
    });
    steps.push(
        {
            trigger: `${details} .modal-footer .o_form_button_save`,
            run: "click",
        },
        {
            content: "the detailed operations are closed",
            trigger: "body:not(:has(.modal))",
        }
    );
    return steps;
}

function validate() {
    return [
        {
            trigger: `${picking} .o_form_statusbar button[name='button_validate']:contains('验证')`,
            run: "click",
        },
        {
            content: "the delivery is done",
            trigger: `${picking} .o_statusbar_status button.o_arrow_button_current[data-value='done']`,
            timeout: 30000, // server work on a busy machine
        },
    ];
}

const certificateButton = `${picking} .o_form_statusbar button[name='action_print_quality_certificate']:contains('质保书')`;

registry.category("web_tour.tours").add("crm_customer_archive_journey_warehouse", {
    steps: () => [
        {
            trigger: ".o_breadcrumb .active:contains('交货')",
        },
        ...openDelivery("S-JOURNEY-01"),
        ...chooseCoils(["C2026-0101", "C2026-0102"]),
        {
            content: "both coils on the move",
            trigger: `${picking} .o_field_widget[name='move_ids'] .o_data_row td[name='quantity']:contains('25')`,
        },
        ...validate(),
        {
            trigger: certificateButton,
            run() {
                expectPdfDownload("ZB", "o_test_certificate_downloaded");
            },
        },
        {
            trigger: certificateButton,
            run: "click",
        },
        {
            trigger: "body.o_test_certificate_downloaded",
            timeout: 60000,
        },
        {
            content: "back to the deliveries",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('交货')",
            run: "click",
        },
        ...openDelivery("S-JOURNEY-02"),
        ...chooseCoils(["C2026-0103"]),
        {
            trigger: `${picking} .o_form_statusbar button[name='button_validate']:contains('验证')`,
            run: "click",
        },
        {
            content: "stopped by the grading gate, in Chinese, naming the untested coil",
            trigger: ".o_grading_gate_notification .o_notification_bar.bg-danger",
            timeout: 30000, // server work on a busy machine
        },
        {
            trigger: ".o_grading_gate_notification .o_notification_content:contains('C2026-0103: 无检验结果')",
        },
        {
            content: "the delivery is not done",
            trigger: `${picking} .o_statusbar_status button.o_arrow_button_current:not([data-value='done'])`,
        },
        {
            trigger: ".o_grading_gate_notification .o_notification_close",
            run: "click",
        },
    ],
});
