import { registry } from "@web/core/registry";
import { clickSmartButton, expectPdfDownload } from "@crm_customer_archive/../tests/tours/tour_helpers";

// A process engineer opens a customer from the archive, goes to its parts,
// opens one and prints its technical sheet. The download is real: the tour
// asks the server for a real PDF (test servers otherwise answer HTML), checks
// that a PDF named after the part came back and then marks the page.
registry.category("web_tour.tours").add("crm_customer_archive_print_technical_sheet", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('华北汽车制造有限公司')",
            run: "click",
        },
        ...clickSmartButton("action_view_archive_parts"),
        {
            trigger: ".o_list_view .o_data_row td:contains('前门内板')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='part_number']:contains('5701011-K00'), .o_form_view .o_field_widget[name='part_number'] input",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='utilization_rate']",
            run() {
                expectPdfDownload("5701011-K00", "o_test_technical_sheet_downloaded");
            },
        },
        {
            trigger: ".o_form_view .o_form_statusbar button:contains('Print Technical Sheet')",
            run: "click",
        },
        {
            trigger: "body.o_test_technical_sheet_downloaded",
            timeout: 60000,
        },
    ],
});
