from lxml import etree

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import VALID_USCC, BrowserTourCase, CustomerArchiveCase
from .helpers import load_chinese

INVOICE_BUTTONS = {"action_view_partner_invoices", "action_view_archive_invoices"}


def _shown(node, values):
    """Whether the web client would show the node for a record with these values."""
    return not safe_eval(node.get("invisible") or "False", values)


class TestPartnerFormArch(CustomerArchiveCase):
    """The customer form as an account manager receives it."""

    def _form_arch(self, user):
        views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def _stat_buttons(self, arch, names, values):
        return [
            button.get("name")
            for button in arch.xpath("//div[@name='button_box']/button")
            if button.get("name") in names and _shown(button, values)
        ]

    def test_one_sale_order_and_one_invoice_button(self):
        arch = self._form_arch(self.user_sales)
        odoo_sale = "sale.act_res_partner_2_sale_order"
        sale_buttons = {odoo_sale, "action_view_archive_sale_orders"}
        company = {"parent_id": False}
        self.assertEqual(self._stat_buttons(arch, sale_buttons, company), ["action_view_archive_sale_orders"])
        self.assertEqual(self._stat_buttons(arch, INVOICE_BUTTONS, company), ["action_view_archive_invoices"])
        # A contact keeps Odoo's own buttons (its own documents), ours being the company's.
        contact = {"parent_id": self.customer.id}
        self.assertEqual(self._stat_buttons(arch, sale_buttons, contact), [odoo_sale])
        self.assertEqual(self._stat_buttons(arch, INVOICE_BUTTONS, contact), ["action_view_partner_invoices"])

    def test_unified_social_credit_code_shown_once(self):
        arch = self._form_arch(self.user_sales)
        # The form's own vat fields, not those of the inline contact sub-views.
        vat_fields = arch.xpath("//field[@name='vat'][not(ancestor::field)]")
        for values, label in (
            ({"country_code": "CN", "is_company": True}, "Unified Social Credit Code"),
            ({"country_code": "DE", "is_company": True}, None),
            ({"country_code": "CN", "is_company": False}, None),
        ):
            shown = [node for node in vat_fields if _shown(node, values)]
            self.assertEqual(len(shown), 1, values)
            self.assertEqual(shown[0].get("string"), label, values)

    def test_archive_page_opens_first(self):
        arch = self._form_arch(self.user_sales)
        pages = arch.xpath("//sheet/notebook/page")
        self.assertEqual(pages[0].get("name"), "customer_archive")
        self.assertEqual([page.get("name") for page in pages if page.get("autofocus")], ["customer_archive"])

    def test_kanban_level_colours_cover_every_level(self):
        kanban = self.env.ref("crm_customer_archive.res_partner_view_kanban")
        views = self.env["res.partner"].get_views([(kanban.id, "kanban")])
        arch = etree.fromstring(views["views"]["kanban"]["arch"])
        colors = safe_eval(arch.xpath("//progressbar")[0].get("colors"))
        levels = [value for value, _label in self.env["res.partner"]._fields["customer_level"].selection]
        self.assertEqual(sorted(colors), levels)
        # Bootstrap background colours (Odoo has no "bg-muted": it fell back to the primary colour).
        self.assertLessEqual(set(colors.values()), {"danger", "warning", "success", "info", "secondary"})
        badge = arch.xpath("//span[@title][contains(@t-attf-class, 'text-bg-')]")[0]
        for level, color in colors.items():
            self.assertIn(f"'{level}': '{color}'", badge.get("t-attf-class"))


@tagged("post_install", "-at_install")
class TestPartnerFormBrowser(BrowserTourCase, HttpCase):
    """The form as a Chinese account manager sees it at 1440x900."""

    browser_size = "1440,900"

    def test_customer_form_in_chromium(self):
        load_chinese(self.env)
        user = self.env["res.users"].create(
            {
                "name": "王经理",
                "login": "form_manager",
                "password": "form_manager",
                "lang": "zh_CN",
                "group_ids": [
                    Command.link(self.env.ref(xmlid).id)
                    for xmlid in (
                        "crm_customer_archive.group_archive_user",
                        "sales_team.group_sale_salesman",
                        "stock.group_stock_user",
                        "account.group_account_invoice",
                    )
                ],
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "华北汽车制造股份有限公司长春分公司",
                "is_company": True,
                "user_id": user.id,
                "customer_level": "a",
                "archive_state": "active",
                "country_id": self.env.ref("base.cn").id,
                "vat": VALID_USCC,
            }
        )
        self.env["res.partner"].create({"name": "赵明", "parent_id": customer.id})
        code = """
            const wait = async (selector) => {
                for (let i = 0; i < 200; i++) {
                    const element = document.querySelector(selector);
                    if (element) return element;
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                throw new Error(`not found: ${selector}`);
            };
            const check = (ok, message) => { if (!ok) throw new Error(message); };
            (async () => {
                const active = await wait(".o_form_view .o_notebook .nav-link.active");
                check(active.getAttribute("name") === "customer_archive", `opens on ${active.textContent}`);
                const buttons = [...document.querySelectorAll(".o-form-buttonbox button.oe_stat_button")];
                const names = buttons.map((b) => b.getAttribute("name"));
                check(!names.includes("sale.act_res_partner_2_sale_order"), `Odoo's sale button shown: ${names}`);
                check(!names.includes("action_view_partner_invoices"), `Odoo's invoice button shown: ${names}`);
                check(names.includes("action_view_archive_sale_orders"), `no sale order button: ${names}`);
                const labels = [...document.querySelectorAll(".o_form_view .o_form_label")].map((l) => l.textContent);
                check(labels.filter((l) => l.includes("统一社会信用代码")).length === 1, `labels: ${labels}`);
                check(!labels.some((l) => l.includes("税号")), `tax ID shown too: ${labels}`);
            })().then(() => console.log("test successful"), (error) => console.error(error.message));
        """
        self.browser_js(f"/odoo/customer-archive/{customer.id}", code, login="form_manager")
