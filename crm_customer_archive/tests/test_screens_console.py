import json
import logging

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    BrowserTourCase,
    CustomerCertificateCase,
    CustomerComplaintCase,
    CustomerContractCase,
    CustomerLicenseCase,
)
from .helpers import CHINESE, load_chinese

# The CSS class of each kind of view once the web client shows it.
VIEW_CLASSES = {
    "list": "o_list_view",
    "kanban": "o_kanban_view",
    "form": "o_form_view",
    "pivot": "o_pivot_view",
    "graph": "o_graph_view",
    "calendar": "o_calendar_view",
    "activity": "o_activity_view",
}

# Every screen is opened by its URL in one page (one Chromium for all of them):
# back-office URLs through the web client's router, as the browser's back
# button does (the web client refuses to be framed), portal pages in an iframe
# (whose console messages reach the test like the page's). A screen is done
# once its view (or portal page) is shown and the page has not changed for a
# while (its remaining RPCs answered).
WALK_JS = """
(async () => {
    const screens = %(screens)s;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    let frame = null;
    if (%(in_frame)s) {
        frame = document.createElement("iframe");
        frame.style.cssText = "position:fixed;top:0;left:0;width:100%%;height:100%%;z-index:10000;background:white";
        document.body.append(frame);
    }
    const open = async (url) => {
        if (frame) {
            await new Promise((resolve) => {
                frame.onload = resolve;
                frame.src = url;
            });
            return frame.contentDocument;
        }
        history.pushState({}, "", url);
        window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
        return document;
    };
    for (const [url, selector] of screens) {
        console.info(`screen: ${url}`);
        document.querySelectorAll(selector).forEach((element) => element.classList.add("o_screen_seen"));
        const doc = await open(url);
        let shown = null;
        for (let i = 0; i < 300 && !shown; i++) {
            shown = doc.querySelector(`${selector}:not(.o_screen_seen)`);
            if (!shown) await sleep(50);
        }
        if (!shown) {
            const current = doc.querySelector(".o_action_manager > *, #wrapwrap");
            console.error(`${url}: ${selector} not shown (${doc.location.href}: ${current?.className})`);
            continue;
        }
        let changed = true;
        const observer = new doc.defaultView.MutationObserver(() => (changed = true));
        observer.observe(doc.body, { subtree: true, childList: true, attributes: true, characterData: true });
        for (let i = 0; i < 40 && changed; i++) {
            changed = false;
            await sleep(300);
        }
        observer.disconnect();
        const dialog = doc.querySelector(".o_error_dialog, .o_notification.border-danger");
        if (dialog) console.error(`${url}: error shown: ${dialog.textContent}`);
    }
    console.info("screen: done");
})().catch((error) => console.error(error.message)).finally(() => console.log("test successful"));
"""


@tagged("post_install", "-at_install")
class TestScreensConsole(
    BrowserTourCase, CustomerComplaintCase, CustomerCertificateCase, CustomerContractCase, CustomerLicenseCase, HttpCase
):
    """Every screen of the addon (each view of each menu's action, a record's
    form, the portal pages) opens in Chinese without a browser console error
    or warning (missing widgets, OWL warnings, failed RPCs…)."""

    browser_size = "1440,900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(("web", "mail", "portal", "crm_customer_archive"))
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        # Who sees the whole addon (configuration and settings included) …
        cls.user_admin = new_test_user(
            cls.env,
            "screens_admin",
            password="screens_admin",
            lang="zh_CN",
            groups="base.group_system,crm_customer_archive.group_archive_manager,"
            "crm_customer_archive.group_archive_personal_data,crm_customer_archive.group_license_manager,"
            "sales_team.group_sale_manager,stock.group_stock_manager,account.group_account_manager",
            **companies,
        )
        # … and an account manager, who sees only part of it.
        cls.user_sales.lang = "zh_CN"
        cls.portal_user = new_test_user(
            cls.env, "screens_portal", groups="base.group_portal", password="screens_portal", lang="zh_CN"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.contract = cls.create_contract(name="HBQC-2026-09")
        cls.contract.action_activate()
        cls.spec = cls.create_spec()
        cls.complaint = cls.create_complaint()
        delivery = cls.deliver(cls.create_coil("C2026-0201", cls.PASSING))
        cls.certificate = cls.env["customer.quality.certificate"].create({"picking_id": delivery.id})
        cls.license = cls.create_license()

    def _actions(self, user):
        """The window actions of the addon's menus this user sees, and the addon's actions on customers."""
        root = self.env.ref("crm_customer_archive.customer_archive_menu_root")
        menus = self.env["ir.ui.menu"].with_user(user).search([("id", "child_of", root.id)])
        actions = self.env["ir.actions.act_window"].union(
            *(menu.action for menu in menus if menu.action and menu.action._name == "ir.actions.act_window")
        )
        partner_actions = (
            self.env["ir.model.data"]
            .search([("module", "=", "crm_customer_archive"), ("model", "=", "ir.actions.act_window")])
            .mapped(lambda data: self.env["ir.actions.act_window"].browse(data.res_id))
            .filtered(lambda action: action.res_model == "res.partner")
        )
        return (actions | partner_actions).filtered(
            lambda action: self.env[action.res_model].with_user(user).has_access("read")
        )

    def _screens(self, user):
        """(url, selector of the shown view) of every view of every action."""
        screens = []
        for action in self._actions(user):
            path = f"/odoo/action-{action.get_external_id()[action.id]}"
            Model = self.env[action.res_model].with_user(user)
            for mode in action.view_mode.split(","):
                selector = f".o_action_manager .{VIEW_CLASSES[mode]}"
                if mode != "form":
                    screens.append((f"{path}?view_type={mode}", selector))
                elif Model._transient:
                    screens.append((path, selector))
                else:
                    record = Model.search([], limit=1, order="id desc")
                    if record or Model.has_access("create"):
                        screens.append((f"{path}/{record.id or 'new'}", selector))
        return screens

    def _walk(self, screens, login, backend=True, cookies=None):
        """Open the screens; fail on any console error or warning, with the screen it came from."""
        browser_logger = self._logger.getChild("browser")
        # (Every message, the screen markers included.)
        with self.assertLogs(browser_logger, logging.DEBUG) as logs:
            try:
                self.browser_js(
                    "/odoo" if backend else "/my",
                    WALK_JS % {"screens": json.dumps(screens), "in_frame": json.dumps(not backend)},
                    login=login,
                    timeout=60 + 10 * len(screens),
                    # Keep going after an error: the whole list is reported at the end.
                    error_checker=lambda message: False,
                    cookies=cookies,
                )
            except AssertionError as error:
                # Its message repeats the whole script: its last line says what failed
                # ("Unknown error" after console errors, already listed).
                message = str(error).rsplit("\n", 1)[-1]
                if message != "Unknown error":
                    logs.records.append(logging.makeLogRecord({"levelno": logging.ERROR, "msg": message}))
        url, opened, problems = "/", [], []
        for record in logs.records:
            message = record.getMessage()
            if message.startswith("screen: "):
                url = message.removeprefix("screen: ")
                opened.append(url)
            elif record.levelno >= logging.WARNING:
                problems.append(f"{url}\n    {message}")
        self.assertFalse(problems, "console errors or warnings:\n" + "\n".join(problems))
        self.assertEqual(opened, [url for url, _selector in screens] + ["done"])

    def test_backend_screens_as_administrator(self):
        screens = self._screens(self.user_admin)
        self.assertGreater(len(screens), 60)
        self.assertIn("/odoo/action-crm_customer_archive.res_config_settings_action", [url for url, _ in screens])
        self._walk(screens, "screens_admin")

    def test_backend_screens_as_account_manager(self):
        screens = self._screens(self.user_sales)
        self.assertGreater(len(screens), 20)
        self._walk(screens, self.user_sales.login)

    def test_portal_pages(self):
        pages = [
            "/my",
            "/my/complaints",
            f"/my/complaints/{self.complaint.id}",
            "/my/complaints/new",
            "/my/contracts",
            f"/my/contracts/{self.contract.id}",
            "/my/licenses",
            f"/my/licenses/{self.license.id}",
            "/my/certificates",
        ]
        self._walk(
            [(page, "#wrapwrap .o_portal_wrap") for page in pages], "screens_portal", backend=False, cookies=CHINESE
        )


@tagged("post_install", "-at_install")
class TestPortalPageLanguage(CustomerComplaintCase, CustomerContractCase, CustomerLicenseCase, HttpCase):
    """Every portal page says its language (<html lang>), website app or not:
    the browser-side translations (chatter, dates) depend on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env, ("portal", "crm_customer_archive"))
        cls.portal_user = new_test_user(
            cls.env, "portal_lang", groups="base.group_portal", password="portal_lang", lang="zh_CN"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.contract = cls.create_contract()
        cls.contract.action_activate()
        cls.complaint = cls.create_complaint()
        cls.license = cls.create_license()

    def test_every_portal_page_has_html_lang(self):
        self.authenticate("portal_lang", "portal_lang")
        for page in (
            "/my",
            "/my/home",
            "/my/complaints",
            f"/my/complaints/{self.complaint.id}",
            "/my/complaints/new",
            "/my/contracts",
            f"/my/contracts/{self.contract.id}",
            "/my/licenses",
            f"/my/licenses/{self.license.id}",
            "/my/certificates",
        ):
            with self.subTest(page=page):
                response = self.url_open(page, cookies=CHINESE)
                self.assertEqual(response.status_code, 200)
                self.assertRegex(response.text, r'<html[^>]* lang="zh-CN"')
