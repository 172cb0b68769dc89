"""Who is in the customer archive, and how its customers and defects are shown."""

import re

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerArchiveCase, CustomerComplaintCase


@tagged("post_install", "-at_install")
class TestArchiveScope(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env.ref("crm_customer_archive.res_partner_action_customer")
        cls.analysis = cls.env.ref("crm_customer_archive.res_partner_action_analysis")
        # Created in Purchase or Contacts: no customer status.
        cls.vendor = cls.env["res.partner"].create(
            {"name": "宝武原料供应有限公司", "is_company": True, "supplier_rank": 1}
        )

    def _action_context(self, user):
        return safe_eval(self.action.context, {"uid": user.id})

    def _in_action(self, action, user, partners):
        Partner = self.env["res.partner"].with_user(user)
        return Partner.search([*safe_eval(action.domain), ("id", "in", partners.ids)])

    def test_own_company_vendors_and_contacts_are_not_customers(self):
        partners = self.company.partner_id | self.other_company.partner_id | self.vendor | self.contact
        for action in (self.action, self.analysis):
            self.assertFalse(self._in_action(action, self.user_manager, partners), action.name)
            self.assertEqual(self._in_action(action, self.user_manager, self.customer), self.customer, action.name)
        self.assertFalse(self.vendor.archive_state, "a partner has no customer status by default")

    def test_own_company_is_left_out_even_with_a_status(self):
        self.company.partner_id.archive_state = "active"
        self.assertFalse(self.company.partner_id.is_archive_customer)
        self.assertFalse(self._in_action(self.action, self.user_manager, self.company.partner_id))

    def test_customer_created_in_the_archive_is_in_it(self):
        Partner = (
            self.env["res.partner"].with_user(self.user_sales).with_context(**self._action_context(self.user_sales))
        )
        with Form(Partner) as form:
            form.name = "新建冲压件有限公司"
        customer = form.record
        self.assertRecordValues(
            customer,
            [{"is_company": True, "archive_state": "prospect", "user_id": self.user_sales.id, "customer_rank": 1}],
        )
        self.assertTrue(customer.is_archive_customer)
        self.assertEqual(self._in_action(self.action, self.user_sales, customer), customer)

    def test_a_status_puts_a_partner_in_the_archive(self):
        self.vendor.archive_state = "prospect"
        self.assertTrue(self.vendor.is_archive_customer)
        self.assertIn(self.vendor, self.env["res.partner"].search([("is_archive_customer", "=", True)]))

    def test_search_both_ways(self):
        Partner = self.env["res.partner"]
        partners = self.customer | self.vendor | self.contact | self.company.partner_id
        self.assertEqual(
            Partner.search([("is_archive_customer", "=", True), ("id", "in", partners.ids)]), self.customer
        )
        self.assertEqual(
            Partner.search([("is_archive_customer", "!=", True), ("id", "in", partners.ids)]), partners - self.customer
        )
        self.assertEqual(
            Partner.search([("is_archive_customer", "=", False), ("id", "in", partners.ids)]), partners - self.customer
        )
        self.assertEqual(partners.mapped("is_archive_customer"), [True, False, False, False])

    def test_analysis_counts_customers_only(self):
        groups = self.env["res.partner"]._read_group(safe_eval(self.analysis.domain), ["archive_state"], ["__count"])
        self.assertNotIn(False, dict(groups), "every customer of the archive has a status")
        total = sum(count for _state, count in groups)
        self.assertEqual(total, self.env["res.partner"].search_count([("is_archive_customer", "=", True)]))


@tagged("post_install", "-at_install")
class TestDefectTypeDisplay(CustomerComplaintCase):
    def test_name_only_and_found_by_code(self):
        self.assertEqual(self.defect_scratch.display_name, "Scratch")
        DefectType = self.env["customer.defect.type"]
        self.assertIn(self.defect_scratch, DefectType.search([("display_name", "ilike", "SCRATCH")]))
        found = DefectType.name_search("EDGE_CRACK")
        self.assertEqual([defect_id for defect_id, _name in found], self.defect_edge_crack.ids)

    def test_sensitivity_tab_without_the_code_column(self):
        self.create_complaint(date_received="2026-03-02 08:00:00")
        html = self.customer.with_user(self.user_sales).defect_sensitivity_html
        self.assertIn("Scratch", html)
        self.assertNotIn("SCRATCH", html)
        self.assertEqual(len(re.findall(r"<th[ >]", html)), 5, "defect, complaints, last, worst, parts")
        self.assertEqual(self.customer.with_user(self.user_sales).get_defect_sensitivity()[0]["code"], "SCRATCH")
