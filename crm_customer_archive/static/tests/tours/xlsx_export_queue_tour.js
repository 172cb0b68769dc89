import {registry} from "@web/core/registry";

// A customer-service user selects every complaint of the list and prints the
// service report in Excel: there are more than the background-export
// threshold, so the export is queued and a notification says so at once.
registry.category("web_tour.tours").add("crm_customer_archive_xlsx_export_queued", {
    steps: () => [
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:contains('服务报表 (Excel)')",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('导出将在后台进行')",
        },
    ],
});
