from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractWorkflow(CustomerContractCase):
    def _order(self, contract, quantity, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "contract_id": contract.id,
                    "order_line": [Command.create({"product_id": self.product_dc04.id, "product_uom_qty": quantity})],
                }
            )
        )

    def test_over_contract_confirmation_per_role(self):
        contract = self.create_contract()
        contract.action_activate()
        first = self._order(contract, 80.0, self.user_sales)
        first.action_confirm()
        second = self._order(contract, 30.0, self.user_sales)
        self.assertRegex(
            second.contract_overrun_warning, r"contracted 100.0 \w+, already ordered 80.0, this order 30.0"
        )
        # An account manager and an officer are refused ...
        with self.assertRaisesMessage(UserError, "only a customer archive manager may confirm them"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")
        officer = new_test_user(
            self.env,
            "archive_officer_sales",
            groups="crm_customer_archive.group_archive_officer,sales_team.group_sale_salesman_all_leads",
        )
        with self.assertRaisesMessage(UserError, "only a customer archive manager"):
            second.with_user(officer).action_confirm()
        self.assertEqual(contract.line_ids[0].qty_ordered, 80.0)
        # ... a manager confirms it anyway, and the order says so
        second.with_user(self.user_sales_manager).action_confirm()
        self.assertEqual(second.state, "sale")
        self.assertEqual(contract.line_ids[0].qty_ordered, 110.0)
        self.assertEqual(contract.line_ids[0].qty_remaining, -10.0)
        bodies = "".join(second.message_ids.mapped("body"))
        self.assertIn("Confirmed above the contract quantity by archive_sales_manager", bodies)
        # Within the contract nobody is stopped
        third = self._order(self.create_contract_active(), 100.0, self.user_sales)
        self.assertFalse(third.contract_overrun_warning)
        third.action_confirm()
        self.assertEqual(third.state, "sale")

    def create_contract_active(self):
        contract = self.create_contract()
        contract.action_activate()
        return contract

    def test_renewal(self):
        today = fields.Date.context_today(self.env["customer.contract"])
        contract = self.create_contract(
            date_start=today.replace(month=1, day=1),
            date_end=today.replace(month=12, day=31),
            payment_line_ids=[
                Command.create({"name": "预付款", "due_date": today.replace(month=1, day=10), "percentage": 100})
            ],
        )
        with self.assertRaisesMessage(UserError, "before renewing it"):
            contract.action_renew()
        contract.action_activate()
        action = contract.with_user(self.user_sales).action_renew()
        renewal = self.env["customer.contract"].browse(action["res_id"])
        next_year = today.year + 1
        self.assertRecordValues(
            renewal,
            [
                {
                    "state": "draft",
                    "previous_contract_id": contract.id,
                    "partner_id": self.customer.id,
                    "title": contract.title,
                    "date_start": fields.Date.to_date(f"{next_year}-01-01"),
                    "amount_total": 700000.0,
                }
            ],
        )
        self.assertNotEqual(renewal.name, contract.name)
        self.assertEqual(renewal.line_ids.mapped("quantity"), [100.0, 50.0])
        self.assertEqual(renewal.payment_line_ids.amount, 700000.0)
        self.assertEqual(renewal.date_end - renewal.date_start, contract.date_end - contract.date_start)
        shift = (renewal.payment_line_ids.due_date - contract.payment_line_ids.due_date).days
        self.assertEqual(shift, (renewal.date_start - contract.date_start).days)
        self.assertEqual(contract.renewal_ids, renewal)
        self.assertEqual(contract.state, "active")
        with self.assertRaisesMessage(UserError, f"already renewed by {renewal.name}"):
            contract.action_renew()
        self.assertEqual(contract.action_view_renewals()["res_id"], renewal.id)

    def test_close(self):
        contract = self.create_contract()
        with self.assertRaisesMessage(UserError, "Only contracts in force or expired can be closed"):
            contract.action_close()
        contract.action_activate()
        contract.action_close()
        self.assertEqual(contract.state, "closed")


@tagged("post_install", "-at_install")
class TestContractReminders(CustomerContractCase):
    """The daily scheduled action, run at frozen dates."""

    def _run_cron(self):
        """Runs the scheduled action's server action, as its user, in this transaction."""
        cron = self.env.ref("crm_customer_archive.ir_cron_customer_contract_reminders")
        cron.ir_actions_server_id.with_user(cron.user_id).run()

    def _activities(self, contract):
        return contract.activity_ids.filtered(lambda activity: activity.user_id == self.user_sales)

    def test_reminders_overdue_and_expiry(self):
        with freeze_time("2026-03-01"):
            contract = self.create_contract(
                date_start=fields.Date.to_date("2026-01-01"),
                date_end=fields.Date.to_date("2026-04-15"),
                payment_line_ids=[
                    Command.create({"name": "预付款", "due_date": "2026-03-05", "percentage": 30}),
                    Command.create({"name": "尾款", "due_date": "2026-05-30", "percentage": 70}),
                ],
            )
            contract.action_activate()
            self._run_cron()
            # Payment due in 4 days (7-day reminder); the end (45 days) is not yet within 30 days
            activities = self._activities(contract)
            self.assertEqual(len(activities), 1)
            self.assertIn("预付款", activities.summary)
            self.assertEqual(activities.date_deadline, fields.Date.to_date("2026-03-05"))
            self.assertEqual(contract.payment_line_ids.mapped("payment_state"), ["pending", "pending"])
            self._run_cron()
            self.assertEqual(len(self._activities(contract)), 1, "each reminder is given once")

        with freeze_time("2026-03-20"):
            self._run_cron()
            self.assertEqual(contract.payment_line_ids.mapped("payment_state"), ["overdue", "pending"])
            self.assertTrue(contract.payment_overdue)
            self.assertIn("Overdue payments: 预付款", contract.message_ids[0].body)
            summaries = self._activities(contract).mapped("summary")
            self.assertEqual(len(summaries), 2)
            self.assertTrue(any("renew or close it" in summary for summary in summaries))
            self.assertEqual(contract.state, "active")

        with freeze_time("2026-04-16"):
            self._run_cron()
            self.assertEqual(contract.state, "expired")
            self.assertIn("is now expired", contract.message_ids[0].body)

    def test_reminder_days_are_configurable(self):
        self.company.contract_end_reminder_days = 10
        with freeze_time("2026-03-01"):
            contract = self.create_contract(
                date_start=fields.Date.to_date("2026-01-01"), date_end=fields.Date.to_date("2026-03-21")
            )
            contract.action_activate()
            self.env["customer.contract"]._cron_contract_reminders()
            self.assertFalse(self._activities(contract), "20 days before the end, with a 10-day setting")
        with freeze_time("2026-03-12"):
            self.env["customer.contract"]._cron_contract_reminders()
            self.assertEqual(len(self._activities(contract)), 1)
            self.assertEqual(self._activities(contract).date_deadline, fields.Date.to_date("2026-03-21"))

    def test_paid_instalment_is_never_overdue(self):
        with freeze_time("2026-03-01"):
            contract = self.create_contract(
                date_start=fields.Date.to_date("2026-01-01"),
                date_end=fields.Date.to_date("2026-12-31"),
                payment_line_ids=[Command.create({"name": "全款", "due_date": "2026-03-02"})],
            )
        with freeze_time("2026-03-10"):
            self.env["customer.contract"]._cron_contract_reminders()
            self.assertEqual(contract.payment_line_ids.payment_state, "paid")
            self.assertFalse(contract.payment_overdue)


@tagged("post_install", "-at_install")
class TestContractForm(CustomerContractCase):
    """The contract form as an account manager fills it in (onchanges included)."""

    def test_form(self):
        form = Form(self.env["customer.contract"].with_user(self.user_sales))
        form.title = "2027 年度供货合同"
        form.partner_id = self.customer
        self.assertEqual(form.party_a_id, self.customer)
        form.contract_type = "purchase"
        self.assertEqual(form.party_a_id, self.company.partner_id)
        self.assertEqual(form.party_b_id, self.customer)
        form.contract_type = "sale"
        with form.line_ids.new() as line:
            line.product_id = self.product_dc04
            self.assertIn("DC04", line.name)
            line.quantity = 10.0
            line.price_unit = 5000.0
        with form.payment_line_ids.new() as payment:
            payment.name = "预付款"
            payment.due_date = fields.Date.to_date("2027-01-10")
            payment.percentage = 40.0
        with form.payment_line_ids.new() as payment:
            payment.name = "尾款"
            payment.due_date = fields.Date.to_date("2027-06-10")
            payment.amount = 30000.0
        self.assertEqual(form.amount_total, 50000.0)
        contract = form.save()
        self.assertTrue(contract.name.startswith("HT"))
        self.assertEqual(contract.payment_line_ids.mapped("amount"), [20000.0, 30000.0])
        self.assertEqual(contract.line_ids.product_uom_id, self.uom_ton)
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.user_id, self.user_sales)
