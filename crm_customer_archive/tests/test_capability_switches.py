import json

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerContractCase

# What each capability shows, and what must disappear when it is switched off.
CAPABILITIES = {
    "contracts": {
        "menus": ("customer_contract_menu", "customer_contract_payment_line_menu", "customer_contract_menu_analysis"),
        "buttons": ("action_view_archive_contracts",),
        "tile": "/my/contracts",
        "pages": ("/my/contracts",),
    },
    "engineering": {
        "menus": (
            "customer_part_menu",
            "customer_process_spec_menu",
            "customer_quality_certificate_menu",
            "customer_process_measurement_menu_analysis",
        ),
        "buttons": ("action_view_archive_parts", "action_view_archive_process_specs"),
        "tile": "/my/certificates",
        "pages": ("/my/certificates",),
    },
    "complaints": {
        "menus": ("customer_complaint_menu", "customer_complaint_menu_analysis", "customer_defect_type_menu"),
        "buttons": ("action_view_archive_complaints",),
        "tile": "/my/complaints",
        "pages": ("/my/complaints", "/my/complaints/new"),
        "banners": ("sale.order", "stock.picking"),
    },
    "licenses": {
        "menus": (
            "customer_license_menu",
            "customer_software_build_menu",
            "customer_license_menu_analysis",
            "customer_license_feature_menu",
        ),
        "buttons": ("action_view_archive_licenses",),
        "tile": "/my/licenses",
        "pages": ("/my/licenses",),
    },
}
ALWAYS_THERE_MENUS = ("res_partner_menu_customer", "res_partner_menu_analysis")
ALWAYS_THERE_BUTTONS = ("action_view_archive_sale_orders",)


@tagged("post_install", "-at_install")
class TestCapabilitySwitches(CustomerContractCase, HttpCase):
    """Settings → Customer Archive → Capabilities: a capability switched off
    has no menu, no smart button, no portal tile or page and no public route;
    switched on again, everything is back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "portal_capabilities", groups="base.group_portal", password="portal_capabilities"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        # Sees every menu and button of the addon (and Odoo's sale orders).
        cls.user_manager.group_ids |= cls.env.ref("sales_team.group_sale_salesman")

    def switch(self, capability, on):
        self.env["res.config.settings"].create({f"group_capability_{capability}": on}).execute()

    def visible_menus(self):
        # The menus the web client receives: those under a visible parent.
        visible = self.env["ir.ui.menu"].with_user(self.user_manager).load_menus(debug=False)
        names = {name for spec in CAPABILITIES.values() for name in spec["menus"]} | set(ALWAYS_THERE_MENUS)
        return {name for name in names if self.env.ref(f"crm_customer_archive.{name}").id in visible}

    def form_buttons(self):
        views = self.env["res.partner"].with_user(self.user_manager).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return {button.get("name") for button in arch.xpath("//div[@name='button_box']/button")}

    def form_has_sensitivity_banner(self, model):
        views = self.env[model].with_user(self.user_manager).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return bool(arch.xpath("//div[hasclass('o_customer_sensitivity_banner')]"))

    def portal_status(self, path):
        return self.url_open(path, allow_redirects=False).status_code

    def activate_license(self):
        return self.url_open(
            "/api/license/activate",
            data=json.dumps({"key": "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", "machine_id": "m1"}),
            headers={"Content-Type": "application/json"},
        )

    def assert_capability_shown(self, capability, shown):
        spec = CAPABILITIES[capability]
        menus, buttons = self.visible_menus(), self.form_buttons()
        self.authenticate("portal_capabilities", "portal_capabilities")
        home = self.url_open("/my/home").text
        for menu in spec["menus"]:
            self.assertEqual(menu in menus, shown, f"menu {menu}")
        for button in spec["buttons"]:
            self.assertEqual(button in buttons, shown, f"button {button}")
        self.assertEqual(f'href="{spec["tile"]}"' in home, shown, "portal tile")
        for path in spec["pages"]:
            self.assertEqual(self.portal_status(path) == 404, not shown, f"page {path}")
        for model in spec.get("banners", ()):
            self.assertEqual(self.form_has_sensitivity_banner(model), shown, f"sensitivity banner on {model}")
        # The rest of the archive stays.
        self.assertLessEqual(set(ALWAYS_THERE_MENUS), menus)
        self.assertLessEqual(set(ALWAYS_THERE_BUTTONS), buttons)

    def test_each_capability_off_and_on_again(self):
        for capability in CAPABILITIES:
            with self.subTest(capability=capability):
                self.assert_capability_shown(capability, True)
                self.switch(capability, False)
                self.assert_capability_shown(capability, False)
                others = set(CAPABILITIES) - {capability}
                self.assertLessEqual(
                    {menu for other in others for menu in CAPABILITIES[other]["menus"]}, self.visible_menus()
                )
                self.switch(capability, True)
                self.assert_capability_shown(capability, True)

    def test_settings_show_the_switches(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.group_capability_licenses, "capabilities are on after installation")
        self.switch("licenses", False)
        self.assertFalse(self.env["res.config.settings"].create({}).group_capability_licenses)
        self.assertNotIn(
            self.env.ref("crm_customer_archive.group_capability_licenses"), self.user_manager.all_group_ids
        )

    def test_license_server_answers_404_when_off(self):
        self.assertEqual(self.activate_license().status_code, 400, "on: an unknown key is a bad request")
        self.assertEqual(self.url_open("/api/license/public-key").status_code, 200)
        self.switch("licenses", False)
        response = self.activate_license()
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["code"], "not_found")
        self.assertEqual(self.url_open("/api/license/public-key").status_code, 404)
        self.switch("licenses", True)
        self.assertEqual(self.activate_license().status_code, 400)

    def test_certificate_verification_answers_404_when_off(self):
        self.assertEqual(self.url_open("/quality-certificate/verify").status_code, 200)
        self.switch("engineering", False)
        self.assertEqual(self.url_open("/quality-certificate/verify").status_code, 404)
        self.switch("contracts", False)  # another capability changes nothing
        self.switch("engineering", True)
        self.assertEqual(self.url_open("/quality-certificate/verify").status_code, 200)

    def test_counters_and_action_of_a_capability_off(self):
        self.create_contract()
        customer = self.customer.with_user(self.user_manager)
        self.assertEqual(customer.archive_contract_count, 1)
        self.assertIn("contracts", customer.archive_capabilities)
        action = customer.with_context(archive_document="contracts").action_view_archive_documents()
        self.assertEqual(action["res_model"], "customer.contract")
        self.switch("contracts", False)
        customer.invalidate_recordset()
        self.assertEqual(customer.archive_contract_count, 0)
        self.assertNotIn("contracts", customer.archive_capabilities)
        with self.assertRaisesRegex(UserError, "The customer form cannot show the documents “contracts”."):
            customer.with_context(archive_document="contracts").action_view_archive_documents()

    def test_unknown_document_kind_is_refused(self):
        customer = self.customer.with_user(self.user_manager)
        for kind in ("payslips", None, "builds"):  # builds are counted, not opened
            with self.subTest(kind=kind), self.assertRaisesRegex(UserError, "cannot show the documents"):
                customer.with_context(archive_document=kind).action_view_archive_documents()
