from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractValidation(CustomerContractCase):
    """Every bad input gets a clear message and leaves the data as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["customer.contract"].with_user(cls.user_sales)
        cls.today = fields.Date.context_today(cls.Contract)

    def _count(self):
        return self.env["customer.contract"].with_context(active_test=False).search_count([])

    def test_end_before_start(self):
        before = self._count()
        with self.assertRaisesMessage(ValidationError, r"ends \(.*\) before it starts"):
            self.create_contract(date_start=self.today, date_end=self.today - relativedelta(days=1))
        self.assertEqual(self._count(), before)
        contract = self.create_contract()
        with self.assertRaisesMessage(ValidationError, "before it starts"):
            contract.date_end = contract.date_start - relativedelta(days=1)
        self.assertGreater(contract.date_end, contract.date_start)

    def test_negative_or_zero_quantity_and_negative_price(self):
        before = self._count()
        with self.assertRaisesMessage(ValidationError, "must be greater than zero"):
            self.create_contract(lines=((None, -5.0, 5000.0),))
        with self.assertRaisesMessage(ValidationError, "must be greater than zero"):
            self.create_contract(lines=((None, 0.0, 5000.0),))
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.create_contract(lines=((None, 10.0, -1.0),))
        self.assertEqual(self._count(), before)
        contract = self.create_contract()
        with self.assertRaisesMessage(ValidationError, "must be greater than zero"):
            contract.line_ids[0].quantity = -1
        self.assertEqual(contract.line_ids[0].quantity, 100.0)

    def test_duplicate_number(self):
        self.create_contract(name="SG-2026-001")
        before = self._count()
        with self.assertRaisesMessage(ValidationError, "Contract number SG-2026-001 is already used"):
            self.create_contract(name="SG-2026-001")
        self.assertEqual(self._count(), before)
        other = self.create_contract(name="SG-2026-002")
        with self.assertRaisesMessage(ValidationError, "already used"):
            other.name = "SG-2026-001"
        self.assertEqual(other.name, "SG-2026-002")
        # The same paper number in another company is another contract
        self.create_contract(
            user=self.env.user,
            name="SG-2026-001",
            company_id=self.other_company.id,
            partner=self.env["res.partner"].create({"name": "其他公司客户", "is_company": True}),
        )

    def test_payment_schedule_above_100_percent(self):
        before = self._count()
        with self.assertRaisesMessage(ValidationError, r"adds up to 110.0 %, more than 100 %"):
            self.create_contract(
                payment_line_ids=[
                    Command.create({"name": "预付款", "due_date": self.today, "percentage": 40}),
                    Command.create({"name": "尾款", "due_date": self.today, "percentage": 70}),
                ]
            )
        with self.assertRaisesMessage(ValidationError, "must be between 0 and 100"):
            self.create_contract(
                payment_line_ids=[Command.create({"name": "预付款", "due_date": self.today, "percentage": 130})]
            )
        with self.assertRaisesMessage(ValidationError, "is more than the contract amount"):
            self.create_contract(
                payment_line_ids=[Command.create({"name": "预付款", "due_date": self.today, "amount": 800000})]
            )
        self.assertEqual(self._count(), before)

    def test_payment_schedule_not_matching_amount(self):
        contract = self.create_contract(
            payment_line_ids=[Command.create({"name": "预付款", "due_date": self.today, "percentage": 30})]
        )
        with self.assertRaisesMessage(UserError, r"adds up to .*210,000.00.* but the contract amount is .*700,000"):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.date_signed)
        contract.payment_line_ids = [Command.create({"name": "尾款", "due_date": self.today, "amount": 490000})]
        contract.action_activate()
        self.assertEqual(contract.state, "active")

    def test_sign_without_lines(self):
        contract = self.create_contract(lines=())
        with self.assertRaisesMessage(UserError, "has no lines"):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")

    def test_delete(self):
        draft = self.create_contract()
        signed = self.create_contract()
        signed.action_activate()
        with self.assertRaisesMessage(UserError, "cannot be deleted; archive it instead"):
            signed.unlink()
        self.assertTrue(signed.exists())
        signed.action_archive()
        self.assertFalse(signed.active)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_signed_lines_cannot_change(self):
        contract = self.create_contract()
        contract.action_activate()
        with self.assertRaisesMessage(UserError, "is signed: its products, quantities and prices can no longer"):
            contract.line_ids[0].price_unit = 1.0
        with self.assertRaisesMessage(UserError, "is signed"):
            contract.line_ids = [Command.create({"product_id": self.product_spcc.id, "quantity": 1.0})]
        with self.assertRaisesMessage(UserError, "is signed"):
            contract.line_ids[0].unlink()
        self.assertEqual(contract.line_ids.mapped("price_unit"), [5000.0, 4000.0])
        contract.date_end += relativedelta(days=30)  # the end date may still move (extension)

    def test_terminate_needs_reason(self):
        contract = self.create_contract()
        with self.assertRaisesMessage(UserError, "Only contracts in force can be terminated"):
            contract._terminate("客户取消")
        contract.action_activate()
        action = contract.action_terminate()
        Wizard = self.env["customer.contract.terminate"].with_user(self.user_sales).with_context(**action["context"])
        with self.assertRaisesMessage(UserError, "Give the reason"):
            Wizard.create({"reason": "   "}).action_terminate()
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.termination_reason)
        Wizard.create({"reason": "客户停产，双方协商解除"}).action_terminate()
        self.assertRecordValues(
            contract,
            [{"state": "terminated", "termination_reason": "客户停产，双方协商解除", "date_terminated": self.today}],
        )

    def test_order_must_match_contract(self):
        contract = self.create_contract()
        contract.action_activate()
        Order = self.env["sale.order"].with_user(self.user_sales)
        with self.assertRaisesMessage(ValidationError, "is with 华北汽车制造有限公司"):
            Order.create({"partner_id": self.other_customer.id, "contract_id": contract.id})
        draft_contract = self.create_contract()
        order = Order.create(
            {
                "partner_id": self.customer.id,
                "contract_id": draft_contract.id,
                "order_line": [Command.create({"product_id": self.product_dc04.id, "product_uom_qty": 1})],
            }
        )
        with self.assertRaisesMessage(UserError, "is not in force: sign it first"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_create_order_from_fully_ordered_contract(self):
        contract = self.create_contract(lines=((None, 10.0, 5000.0),))
        with self.assertRaisesMessage(UserError, "Only contracts in force"):
            contract.action_create_sale_order()
        contract.action_activate()
        order = self.env["sale.order"].browse(contract.action_create_sale_order()["res_id"])
        order.with_user(self.user_sales).action_confirm()
        orders_before = self.env["sale.order"].search_count([])
        with self.assertRaisesMessage(UserError, "has already been ordered"):
            contract.action_create_sale_order()
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_negative_reminder_days(self):
        with self.assertRaisesMessage(ValidationError, "Reminder days cannot be negative"):
            self.company.contract_end_reminder_days = -3
        self.assertEqual(self.company.contract_end_reminder_days, 30)
