import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

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
        {
            trigger: ".o_form_view button[name='action_view_archive_parts']",
            run: "click",
        },
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
                const realDownload = download._download;
                download._download = async (options) => {
                    download._download = realDownload;
                    const context = JSON.parse(options.data.context);
                    options.data.context = JSON.stringify({ ...context, force_report_rendering: true });
                    // The same request once more, to look at what the server sent.
                    const form = new FormData();
                    for (const [key, value] of Object.entries(options.data)) {
                        form.append(key, value);
                    }
                    form.append("token", "dummy-because-api-expects-one");
                    form.append("csrf_token", odoo.csrf_token);
                    const response = await fetch(options.url, { method: "POST", body: form });
                    const head = await (await response.blob()).slice(0, 5).text();
                    const filename = await realDownload(options);
                    if (
                        response.headers.get("Content-Type") === "application/pdf" &&
                        head === "%PDF-" &&
                        filename.startsWith("5701011-K00")
                    ) {
                        document.body.classList.add("o_test_technical_sheet_downloaded");
                    } else {
                        console.error("Not a PDF technical sheet:", filename, head);
                    }
                    return filename;
                };
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
