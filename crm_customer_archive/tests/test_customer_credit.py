from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerComplaintCase, SteelSalesCase


class CustomerCreditCase(SteelSalesCase):
    """A plain salesman, a sales manager, and helpers for orders and invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.user_salesman = new_test_user(
            cls.env, "credit_salesman", groups="sales_team.group_sale_salesman", **companies
        )
        cls.user_sale_manager = new_test_user(
            cls.env, "credit_sale_manager", groups="sales_team.group_sale_manager", **companies
        )
        # Each test switches on the checks it is about.
        cls.company.write({"account_use_credit_limit": False, "archive_credit_min_level": False})
        # Invoiced when ordered: a confirmed order counts as "to invoice" at once.
        cls.product_dc04.invoice_policy = "order"

    @classmethod
    def create_order(cls, user, partner=None, tonnes=12.0, price=1000.0):
        """A quotation of the account manager `user` (Sales: own documents)."""
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": user.id,
                "order_line": [
                    Command.create({"product_id": cls.product_dc04.id, "product_uom_qty": tonnes, "price_unit": price})
                ],
            }
        )

    @classmethod
    def create_invoice(cls, partner, amount, invoice_date, date_due):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": date_due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_dc04.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def pay(cls, invoice, payment_date):
        register = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": payment_date})
        )
        register._create_payments()
        assert invoice.payment_state in ("paid", "in_payment"), invoice.payment_state


@tagged("post_install", "-at_install")
class TestCreditGate(CustomerCreditCase):
    """Confirming an order: blocked customers never, above the credit limit or
    below the minimum credit level only by a manager, logged."""

    def confirm_refused(self, order, user, pattern):
        with self.assertRaisesMessage(UserError, pattern):
            order.with_user(user).action_confirm()
        self.assertEqual(order.state, "draft")

    def notes(self, record):
        return record.message_ids.filtered(lambda message: "above the credit terms" in (message.body or ""))

    def test_blocked_customer_is_refused_for_everybody(self):
        self.customer.archive_state = "blocked"
        for user in (self.user_sales, self.user_salesman, self.user_sales_manager, self.user_sale_manager):
            order = self.create_order(user, tonnes=1.0)
            self.assertTrue(order.customer_blocked)
            self.confirm_refused(order, user, "is blocked: order .* cannot be confirmed, not even by a manager")
            self.assertFalse(order.picking_ids)
            with self.assertRaisesMessage(UserError, "is blocked"):
                order.with_user(user).action_request_credit_approval()
            self.assertFalse(order.activity_ids)
        # Not even the system, e.g. an online payment.
        order = self.create_order(self.user_sales, tonnes=1.0)
        self.confirm_refused(order, self.env.user, "is blocked")
        # A contact's order is its company's.
        order = self.create_order(self.user_sales, partner=self.contact, tonnes=1.0)
        self.confirm_refused(order, self.user_sales_manager, "is blocked")

    def test_above_credit_limit_needs_a_manager(self):
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 10000.0
        for user in (self.user_sales, self.user_salesman):
            order = self.create_order(user)  # 12 t x 1,000 = 12,000 > 10,000
            self.assertIn("is above the credit limit", order.with_user(user).credit_approval_reason)
            self.confirm_refused(
                order,
                user,
                r"needs a manager's approval:\nOpen balance .*12,000\.00.* is above the credit limit .*10,000\.00"
                r".*A sales manager or a customer archive manager must confirm it",
            )
            self.assertFalse(self.notes(order))
        # Below the limit: anybody confirms, nothing logged.
        small = self.create_order(self.user_salesman, tonnes=5.0)
        small.with_user(self.user_salesman).action_confirm()
        self.assertEqual(small.state, "sale")
        self.assertFalse(self.notes(small))
        # The confirmed order counts now (to invoice): 5,000 + 6,000 > 10,000.
        order = self.create_order(self.user_sale_manager, tonnes=6.0)
        order.with_user(self.user_sale_manager).action_confirm()
        self.assertEqual(order.state, "sale")
        for record in (order, self.customer):
            note = self.notes(record)
            self.assertEqual(len(note), 1)
            self.assertRegex(
                note.body,
                r"credit_sale_manager.* confirmed order .* open balance .*11,000\.00.*credit limit .*10,000\.00, "
                r"credit level - \(minimum -\)",
            )
        self.assertEqual(self.notes(self.customer).author_id, self.user_sale_manager.partner_id)
        # The customer archive manager may confirm too.
        order = self.create_order(self.user_sales_manager)
        order.with_user(self.user_sales_manager).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self.notes(order)), 1)

    def test_limit_unused_by_company_is_not_checked(self):
        self.customer.credit_limit = 10000.0
        order = self.create_order(self.user_sales)
        self.assertFalse(order.credit_approval_reason)
        order.with_user(self.user_sales).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_below_credit_level_needs_a_manager(self):
        self.company.archive_credit_min_level = "bbb"
        self.customer.credit_level = "bb"
        for user in (self.user_sales, self.user_salesman):
            order = self.create_order(user, tonnes=1.0)
            self.confirm_refused(order, user, r"Credit level BB is below the minimum BBB\..*must confirm it")
        order = self.create_order(self.user_sales_manager, tonnes=1.0)
        order.with_user(self.user_sales_manager).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertRegex(self.notes(order).body, r"credit limit -, credit level BB \(minimum BBB\)")
        self.assertRegex(self.notes(self.customer).body, "archive_sales_manager .*confirmed order")

    def test_at_or_above_the_level_and_unrated_pass(self):
        self.company.archive_credit_min_level = "bbb"
        for level in ("bbb", "aaa", False):
            self.customer.credit_level = level
            order = self.create_order(self.user_sales, tonnes=1.0)
            self.assertFalse(order.credit_approval_reason, level)
            order.with_user(self.user_sales).action_confirm()
            self.assertEqual(order.state, "sale")

    def test_request_credit_approval_schedules_an_activity_for_the_managers(self):
        self.company.archive_credit_min_level = "a"
        self.customer.credit_level = "c"
        order = self.create_order(self.user_sales, tonnes=1.0).with_user(self.user_sales)
        order.action_request_credit_approval()
        activities = order.activity_ids
        self.assertTrue({self.user_sale_manager, self.user_sales_manager} <= set(activities.user_id))
        self.assertNotIn(self.user_sales, activities.user_id)
        self.assertNotIn(self.user_salesman, activities.user_id)
        self.assertEqual(set(activities.mapped("summary")), {"Credit approval"})
        self.assertIn("Credit level C is below the minimum A.", activities[0].note)
        # Asking again does not ask the same managers twice.
        order.action_request_credit_approval()
        self.assertEqual(order.activity_ids, activities)
        # An order that needs no approval is not sent to the managers.
        self.customer.credit_level = "a"
        with self.assertRaisesMessage(UserError, "does not need a manager's approval"):
            self.create_order(self.user_sales, tonnes=1.0).with_user(self.user_sales).action_request_credit_approval()


@tagged("post_install", "-at_install")
class TestCreditScore(CustomerCreditCase, CustomerComplaintCase):
    """The credit score on a known data set, the proposed level and who applies it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late_payer = cls.other_customer
        cls.newcomer = cls.env["res.partner"].create(
            {"name": "新客户", "is_company": True, "archive_state": "prospect"}
        )
        with freeze_time("2031-06-30"):
            # On time, 2,000,000 invoiced, no complaint: 100 everywhere.
            cls.pay(cls.create_invoice(cls.customer, 2000000.0, "2031-01-10", "2031-02-09"), "2031-02-05")
            # 45 and 15 days late (30 on average), 45 days overdue now, 20,000 invoiced, 2 complaints.
            cls.pay(cls.create_invoice(cls.late_payer, 10000.0, "2030-12-01", "2030-12-31"), "2031-02-14")
            cls.pay(cls.create_invoice(cls.late_payer, 5000.0, "2031-02-01", "2031-03-03"), "2031-03-18")
            cls.unpaid = cls.create_invoice(cls.late_payer, 5000.0, "2031-04-16", "2031-05-16")
            # Paid 200 days late, but more than 12 months ago: not counted.
            cls.pay(cls.create_invoice(cls.late_payer, 1.0, "2029-11-01", "2029-11-30"), "2030-06-18")
            complaint = {"partner_id": cls.late_payer.id, "reporter_id": False, "part_id": False}
            cls.create_complaint(date_received="2031-03-01 08:00:00", **complaint)
            cls.create_complaint(date_received="2030-07-05 08:00:00", **complaint)
            cls.create_complaint(date_received="2030-06-20 08:00:00", **complaint)  # more than a year ago
            cls.create_complaint(
                date_received="2031-05-01 08:00:00",
                stage_id=cls.stage_rejected.id,
                rejection_reason="不是我方产品",
                **complaint,
            )

    @freeze_time("2031-06-30")
    def test_score_and_proposed_level(self):
        Partner = self.env["res.partner"]
        self.env.flush_all()
        with self.assertQueryCount(1):  # every customer in one statement
            changed = Partner._cron_update_credit_scores()
        self.assertGreaterEqual(changed, 3)
        # payment 0.40 x (100 - 30 x 100 / 60) + overdue 0.30 x (100 - 45 x 100 / 90)
        # + volume 0.15 x 25 x (log10(20,000) - 2) + complaints 0.15 x (100 - 2 x 25) = 51.1
        self.assertRecordValues(
            self.customer | self.late_payer | self.newcomer,
            [
                {"credit_score": 100, "credit_level_proposed": "aaa"},
                {"credit_score": 51, "credit_level_proposed": "bb"},
                # no payments (50), nothing overdue, nothing invoiced, no complaints
                {"credit_score": 65, "credit_level_proposed": "bbb"},
            ],
        )
        # Nothing changed since: nothing written.
        self.assertEqual(Partner._cron_update_credit_scores(), 0)
        # The invoice overdue is paid: 45 days late too (avg 35), nothing overdue any more.
        self.pay(self.unpaid, "2031-06-30")
        self.assertEqual(Partner._cron_update_credit_scores(), 1)
        self.assertRecordValues(self.late_payer, [{"credit_score": 63, "credit_level_proposed": "bbb"}])

    def test_form_shows_open_balance_and_limit(self):
        self.company.account_use_credit_limit = True
        self.late_payer.credit_limit = 30000.0
        partner = self.late_payer.with_user(self.user_sales)  # no accounting rights needed
        self.assertEqual(partner.archive_open_balance, 5000.0)
        self.assertEqual(partner.archive_credit_limit, 30000.0)
        self.company.account_use_credit_limit = False
        partner.invalidate_recordset(["archive_credit_limit"])
        self.assertEqual(partner.archive_credit_limit, 0.0)
        with self.assertRaises(AccessError):
            _balance = self.late_payer.with_user(self.user_plain).archive_open_balance

    def test_apply_proposed_level_only_by_managers(self):
        self.late_payer.write({"credit_level": "a", "credit_level_proposed": "bb", "credit_score": 51})
        for user in (self.user_sales, self.user_salesman, self.user_officer):
            with self.assertRaisesMessage(AccessError, "Only a sales manager or a customer archive manager"):
                self.late_payer.with_user(user).action_apply_credit_level_proposed()
            self.assertEqual(self.late_payer.credit_level, "a")
        for user, level in ((self.user_sale_manager, "bb"), (self.user_manager, "c")):
            self.late_payer.credit_level_proposed = level
            self.late_payer.with_user(user).action_apply_credit_level_proposed()
            self.assertEqual(self.late_payer.credit_level, level)
            self.assertIn(
                f"{user.name} applied the proposed credit level {level.upper()} (credit score 51",
                self.late_payer.message_ids[0].body,
            )
        self.newcomer.credit_level_proposed = False
        with self.assertRaisesMessage(UserError, "has no proposed credit level yet"):
            self.newcomer.with_user(self.user_manager).action_apply_credit_level_proposed()

    def test_only_managers_change_the_credit_level(self):
        """The level decides which orders need a manager: an account manager
        raising it by hand would pass the gate."""
        self.late_payer.credit_level = "bb"
        for user in (self.user_sales, self.user_salesman, self.user_officer):
            with self.assertRaisesMessage(AccessError, "Only a sales manager or a customer archive manager"):
                self.late_payer.with_user(user).write({"credit_level": "aaa"})
            self.assertEqual(self.late_payer.credit_level, "bb")
        # Saving the form with the level unchanged is not a change.
        self.late_payer.with_user(self.user_officer).write({"credit_level": "bb", "customer_level": "b"})
        self.late_payer.with_user(self.user_sale_manager).write({"credit_level": "a"})
        self.assertEqual(self.late_payer.credit_level, "a")


@tagged("post_install", "-at_install")
class TestCreditPortal(CustomerCreditCase, HttpCase):
    """Each customer's portal users see their own company's balance and limit on /my."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.customer.credit_limit = 50000.0
        cls.other_customer.credit_limit = 20000.0
        cls.create_invoice(cls.customer, 12345.0, "2026-01-05", "2026-02-04")
        cls.create_invoice(cls.other_customer, 6789.0, "2026-01-05", "2026-02-04")
        for login, customer in (("portal_hbqc", cls.customer), ("portal_jnjc", cls.other_customer)):
            user = new_test_user(cls.env, login, groups="base.group_portal", password=login)
            user.partner_id.parent_id = customer

    def test_each_customer_sees_its_own_balance(self):
        for login, own, others in (
            ("portal_hbqc", ("12,345.00", "50,000.00"), ("6,789.00", "20,000.00")),
            ("portal_jnjc", ("6,789.00", "20,000.00"), ("12,345.00", "50,000.00")),
        ):
            self.authenticate(login, login)
            response = self.url_open("/my")
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_portal_credit", response.text)
            for amount in own:
                self.assertIn(amount, response.text, login)
            for amount in others:
                self.assertNotIn(amount, response.text, login)

    def test_no_limit_shown_when_the_company_uses_none(self):
        self.company.account_use_credit_limit = False
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open("/my")
        self.assertIn("12,345.00", response.text)
        self.assertNotIn("o_portal_credit_limit", response.text)
