import { registry } from "@web/core/registry";

// 授权管理 (zh_CN): opens the licence of a customer that is about to end,
// sees the machine the customer's software activated, renews the licence
// and reads the new end date (one year later) and the previous one.

const form = ".o_form_view";
let endBefore;

function shownDate(widget) {
    return (widget.querySelector("input")?.value || widget.textContent).trim();
}

function year(text) {
    const match = /(\d{4})/.exec(text || "");
    return match ? Number(match[1]) : NaN;
}

registry.category("web_tour.tours").add("crm_customer_archive_journey_license_desk", {
    steps: () => [
        {
            trigger: ".o_breadcrumb .active:contains('授权')",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='partner_id']:contains('华北汽车制造有限公司')",
            run: "click",
        },
        {
            trigger: `${form} .o_field_widget[name='product_tmpl_id']:contains('冷轧 MES 套件'), ${form} .o_field_widget[name='product_tmpl_id'] input:value(冷轧 MES 套件)`,
        },
        {
            content: "the machine activated through the licence API",
            trigger: `${form} .o_notebook .nav-link[name='activations']:contains('授权电脑')`,
            run: "click",
        },
        {
            trigger: `${form} .o_field_widget[name='activation_ids'] .o_data_row:has(td[name='hostname']:contains('MES-SRV-01')) td[name='state']:contains('有效')`,
        },
        {
            trigger: `${form} .o_field_widget[name='seats_used']:contains('1')`,
        },
        {
            content: "the end date before the renewal",
            trigger: `${form} .o_field_widget[name='date_end']`,
            run() {
                endBefore = shownDate(this.anchor);
                if (!endBefore || document.querySelector(`${form} .o_field_widget[name='previous_date_end']`)) {
                    console.error("Unexpected dates before the renewal:", endBefore);
                }
            },
        },
        {
            trigger: `${form} .o_form_statusbar button[name='action_renew']:contains('续签')`,
            run: "click",
        },
        {
            content: "the previous end is kept and shown, the new end is a year later",
            trigger: `${form} .o_field_widget[name='previous_date_end']`,
            timeout: 30000, // server work on a busy machine
            run() {
                const previous = shownDate(this.anchor);
                const end = shownDate(document.querySelector(`${form} .o_field_widget[name='date_end']`));
                if (previous !== endBefore) {
                    console.error(`Previous end ${previous}, expected ${endBefore}`);
                }
                // Dates of the current year are shown without it ("12月20日").
                const yearBefore = year(endBefore) || new Date().getFullYear();
                if (year(end) !== yearBefore + 1 || !end.endsWith(endBefore.replace(/^\d{4}年/, ""))) {
                    console.error(`New end ${end} is not one year after ${endBefore}`);
                }
            },
        },
        {
            content: "the renewal is noted in the chatter",
            trigger: ".o-mail-Message:contains('已续期至')",
        },
    ],
});
