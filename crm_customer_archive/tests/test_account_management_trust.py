"""The account manager's rules hold however a record is changed (issue 16,
found by a security test on the demo): status changes that make a prospect,
the pool's own dates, credit levels and the blocked status, the credit score,
confirming by writing the order's state, the customer card's audience and the
ratings a portal user may read."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_customer_pool import CustomerPoolCase


@tagged("post_install", "-at_install")
class TestAccountManagementTrust(CustomerPoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "trust_portal", groups="base.group_portal")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.grading_user = new_test_user(cls.env, "trust_grading", groups="crm_customer_archive.group_archive_grading")

    # The customer pool -------------------------------------------------

    def test_status_change_cannot_bypass_the_claim_limit(self):
        """Limit 2: holding two, making another customer a prospect of one's
        own is a third claim."""
        (self.prospect_1 | self.prospect_2).with_user(self.user_sales_2).action_claim()
        with self.assertRaisesMessage(UserError, "at most 2 prospects"):
            self.other_customer.with_user(self.user_sales_2).write({"archive_state": "prospect"})
        self.assertEqual(self.other_customer.archive_state, "active")
        # In two steps: out of the pool's sight, then back with a new holder.
        self.prospect_3.with_user(self.user_sales_2).write({"archive_state": "active"})
        with self.assertRaisesMessage(UserError, "at most 2 prospects"):
            self.prospect_3.with_user(self.user_sales_2).write(
                {"archive_state": "prospect", "user_id": self.user_sales_2.id}
            )
        self.assertFalse(self.prospect_3.user_id)

    def test_status_change_cannot_assign_to_another(self):
        self.prospect_3.with_user(self.user_sales_2).write({"archive_state": "active"})
        with self.assertRaisesMessage(UserError, "Only archive officers assign a prospect"):
            self.prospect_3.with_user(self.user_sales_2).write(
                {"archive_state": "prospect", "user_id": self.user_sales.id}
            )
        self.assertFalse(self.prospect_3.user_id)

    def test_created_prospects_count_against_the_limit(self):
        Partner = self.env["res.partner"].with_user(self.user_sales_2)
        self.prospect_1.with_user(self.user_sales_2).action_claim()
        with self.assertRaisesMessage(UserError, "at most 2 prospects: you hold 1 and want to claim 2"):
            Partner.create(
                [
                    {"name": name, "is_company": True, "archive_state": "prospect", "user_id": self.user_sales_2.id}
                    for name in ("新客户甲", "新客户乙")
                ]
            )
        with self.assertRaisesMessage(UserError, "Only archive officers assign a prospect"):
            Partner.create(
                {"name": "新客户丙", "is_company": True, "archive_state": "prospect", "user_id": self.user_sales.id}
            )
        self.assertFalse(self.env["res.partner"].search([("name", "in", ("新客户甲", "新客户乙", "新客户丙"))]))

    def test_pool_dates_are_the_pools_own(self):
        self.prospect_1.with_user(self.user_sales_2).action_claim()
        claimed_on = self.prospect_1.pool_date
        with self.assertRaisesMessage(AccessError, "kept by the customer pool itself"):
            self.prospect_1.with_user(self.user_sales_2).write({"pool_date": "2099-01-01"})
        with self.assertRaisesMessage(AccessError, "kept by the customer pool itself"):
            self.prospect_1.with_user(self.user_sales_2).write({"pool_notice_date": "2099-01-01"})
        self.assertEqual(self.prospect_1.pool_date, claimed_on)

    # Credit --------------------------------------------------------------

    def test_credit_level_and_blocking_are_for_managers(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        with self.assertRaisesMessage(AccessError, "Only a sales manager or a customer archive manager"):
            Partner.create({"name": "高信用新客户", "is_company": True, "credit_level": "aaa"})
        for state in ("blocked", "active"):
            if state == "active":
                self.customer.archive_state = "blocked"
            with self.assertRaisesMessage(AccessError, "block and unblock customers"):
                self.customer.with_user(self.user_sales).write({"archive_state": state})
        self.assertEqual(self.customer.archive_state, "blocked")
        self.customer.with_user(self.user_manager).write({"archive_state": "active"})
        self.assertEqual(self.customer.archive_state, "active")
        # Other status changes stay the account manager's.
        self.customer.with_user(self.user_sales).write({"archive_state": "dormant"})
        self.assertEqual(self.customer.archive_state, "dormant")

    def test_credit_score_is_computed_not_typed(self):
        for user in (self.user_sales, self.user_manager):
            with self.assertRaisesMessage(AccessError, "computed every night"):
                self.customer.with_user(user).write({"credit_score": 99, "credit_level_proposed": "aaa"})
        self.assertFalse(self.customer.credit_level_proposed)

    def test_writing_the_state_of_a_blocked_customers_order_is_refused(self):
        product = self.env["product.product"].create({"name": "冷轧卷", "list_price": 4300.0})
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": product.id})]}
        )
        self.customer.archive_state = "blocked"
        # The account manager over the API, and even the system.
        for writer in (order.with_user(self.user_sales), order):
            with self.assertRaisesMessage(UserError, "is blocked"):
                writer.write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    # Who sees what -------------------------------------------------------

    def test_customer_card_only_for_archive_users(self):
        """Printing is for management (the Export and Print group): not the
        account manager, grading staff or the customer's portal users."""
        Report = self.env["ir.actions.report"]
        for user in (self.user_sales, self.grading_user, self.portal_user):
            with self.assertRaisesMessage(AccessError, "reserved to the group “Export and Print”"):
                Report.with_user(user)._render_qweb_pdf(
                    "crm_customer_archive.action_report_customer_card", self.customer.ids
                )
        pdf, __ = (
            Report.with_user(self.user_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_customer_archive.action_report_customer_card", self.customer.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_portal_user_reads_no_internal_ratings(self):
        customer = self.customer.with_user(self.portal_user)
        self.assertEqual(customer.read(["name"])[0]["name"], "华北汽车制造有限公司")
        for field in ("customer_level", "credit_level", "credit_score", "credit_level_proposed", "customer_strategy"):
            with self.assertRaises(AccessError, msg=field):
                customer.read([field])
