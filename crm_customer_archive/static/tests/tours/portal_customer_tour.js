import { registry } from "@web/core/registry";
import { pickPhoto } from "@crm_customer_archive/../tests/tours/tour_helpers";

// The customer's portal user, in Chinese: every selector below is a class,
// a name or a link, never an (English or Chinese) label.

// Counters and the chatter load after the page: a busy machine gets time.
const SLOW = 30000;

const tile = (url) => ({
    // The home page shows a tile once its counter has arrived.
    trigger: `.o_portal_index_card:not(.d-none) a[href='${url}']`,
    run: "click",
    timeout: SLOW,
    expectUnloadPage: true,
});

// 1. Reports a problem with a photo through the form the page renders.
registry.category("web_tour.tours").add("crm_customer_archive_portal_report_problem", {
    url: "/my",
    steps: () => [
        tile("/my/complaints"),
        {
            trigger: "a.o_new_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "form.o_complaint_form input[name='title']",
            run: "edit 巡检测试：第三卷边部开裂",
        },
        {
            trigger: "form.o_complaint_form select[name='kind']",
            run: "select quality",
        },
        {
            trigger: "form.o_complaint_form select[name='severity']",
            run: "select critical",
        },
        {
            trigger: "form.o_complaint_form textarea[name='description']",
            run: "edit 开卷后第三卷边部裂纹 5 处，长约 20 mm",
        },
        {
            // The page's own file input, behind its button, receives a real
            // file, as if picked by the user in the dialog the button opens.
            trigger: "form.o_complaint_form .o_complaint_photos label.btn[for='photos']",
            run() {
                const input = this.anchor.control;
                if (input?.type !== "file" || input.name !== "photos") {
                    throw new Error("The photo button does not open the form's file input.");
                }
                pickPhoto(input, "edge_crack.png");
            },
        },
        {
            // The chosen file is listed next to the button.
            trigger: ".o_complaint_photos .o_complaint_photo_names:contains('edge_crack.png')",
        },
        {
            trigger: "form.o_complaint_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // Landed on the complaint's page, with its photo and its thread.
            trigger: ".o_portal_complaint h3:contains('巡检测试：第三卷边部开裂')",
        },
        {
            trigger: ".o_portal_complaint img.img-thumbnail",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            timeout: SLOW,
        },
    ],
});

// 2. Reads the engineer's answer, replies, rates the resolution (Odoo's /rate page), then opens
// the contract, the quality certificates and the licence.
registry.category("web_tour.tours").add("crm_customer_archive_portal_follow_up", {
    url: "/my",
    steps: () => [
        tile("/my/complaints"),
        {
            trigger: ".o_portal_my_doc_table a[href*='/my/complaints/']:contains('ZL')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // The engineer's public answer is in the thread.
            trigger: "#chatterRoot:shadow .o-mail-Message-body:contains('请提供卷号')",
            timeout: SLOW,
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit 卷号 HB2603-117，已隔离剩余 3 卷",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Message-body:contains('HB2603-117')",
            timeout: SLOW,
        },
        {
            // Rates the resolution with Odoo's faces (the rating mail's /rate pages).
            trigger: ".o_complaint_rate a.o_complaint_rate_5",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_rating_page_submit textarea[name='feedback']",
            run: "edit 处理及时",
        },
        {
            trigger: ".o_rating_page_submit button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_rating_page_thank_you",
            run: "goToUrl /my/complaints",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_my_doc_table a[href*='/my/complaints/']:contains('ZL')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_complaint .o_complaint_rated:contains('处理及时')",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        tile("/my/contracts"),
        {
            trigger: ".o_portal_my_doc_table a[href*='/my/contracts/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // The contract's page with its execution summary to download.
            trigger: "a[href*='/my/contracts/'][href*='report_type=pdf']",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        tile("/my/certificates"),
        {
            trigger: ".o_portal_my_doc_table a[href*='/my/certificates/'][href*='download=true']",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        tile("/my/licenses"),
        {
            trigger: ".o_portal_my_doc_table a[href*='/my/licenses/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a[href$='/file'][href*='/my/licenses/']",
        },
    ],
});
