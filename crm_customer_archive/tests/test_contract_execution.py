from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractExecution(CustomerContractCase):
    """The whole flow with real documents: contract → order → partial delivery
    → invoice → partial payment, and every execution figure checked."""

    def _deliver(self, order, quantities):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking = picking.with_user(self.user_sales)
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
            move.picked = True
        action = picking.button_validate()
        if isinstance(action, dict) and action.get("res_model") == "stock.backorder.confirmation":
            wizard = Form(
                self.env["stock.backorder.confirmation"].with_user(self.user_sales).with_context(**action["context"])
            )
            wizard.save().process()
        self.assertEqual(picking.state, "done")
        return picking

    def _pay(self, invoice, amount):
        register = (
            self.env["account.payment.register"]
            .with_user(self.user_sales)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount})
        )
        return register._create_payments()

    def assertLine(self, line, ordered, delivered, invoiced, remaining, paid, progress):
        self.assertRecordValues(
            line,
            [
                {
                    "qty_ordered": ordered,
                    "qty_delivered": delivered,
                    "qty_invoiced": invoiced,
                    "qty_remaining": remaining,
                    "amount_paid": paid,
                    "progress": progress,
                }
            ],
        )

    def test_full_flow(self):
        today = fields.Date.context_today(self.env["customer.contract"])
        contract = self.create_contract(
            payment_line_ids=[
                Command.create({"name": "预付款", "due_date": today + relativedelta(days=10), "percentage": 30}),
                Command.create({"name": "到货款", "due_date": today + relativedelta(days=60), "percentage": 70}),
            ]
        )
        line_dc04, line_spcc = contract.line_ids
        self.assertEqual(contract.amount_total, 700000.0)
        self.assertEqual(contract.payment_line_ids.mapped("amount"), [210000.0, 490000.0])
        self.assertEqual(contract.party_a_id, self.customer)
        self.assertEqual(contract.party_b_id, self.company.partner_id)
        self.assertTrue(contract.name.startswith("HT"))
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, today)

        # Sale order proposed from the contract: remaining quantities at contract prices
        action = contract.with_user(self.user_sales).action_create_sale_order()
        order = self.env["sale.order"].with_user(self.user_sales).browse(action["res_id"])
        self.assertEqual(order.contract_id, contract)
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.product_dc04.id,
                    "product_uom_qty": 100.0,
                    "price_unit": 5000.0,
                    "contract_line_id": line_dc04.id,
                },
                {
                    "product_id": self.product_spcc.id,
                    "product_uom_qty": 50.0,
                    "price_unit": 4000.0,
                    "contract_line_id": line_spcc.id,
                },
            ],
        )
        # The customer orders 60 t of DC04 for now; the contract price stays.
        order.order_line[0].product_uom_qty = 60.0
        self.assertEqual(order.order_line[0].price_unit, 5000.0)
        self.assertFalse(order.contract_overrun_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertLine(line_dc04, 60.0, 0.0, 0.0, 40.0, 0.0, 0.0)
        self.assertLine(line_spcc, 50.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        self.assertEqual(contract.amount_ordered, 500000.0)

        # Partial delivery: 40 t of DC04 and all the SPCC; the rest goes to a backorder
        self._deliver(order, {self.product_dc04: 40.0, self.product_spcc: 50.0})
        self.assertLine(line_dc04, 60.0, 40.0, 0.0, 40.0, 0.0, 40.0)
        self.assertLine(line_spcc, 50.0, 50.0, 0.0, 0.0, 0.0, 100.0)
        self.assertAlmostEqual(contract.progress, 100.0 * 400000.0 / 700000.0, places=6)
        self.assertEqual(contract.amount_delivered, 400000.0)

        # Invoice what was delivered, then a partial payment of a quarter
        invoice = order.with_user(self.user_sales)._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 400000.0)
        self.assertLine(line_dc04, 60.0, 40.0, 40.0, 40.0, 0.0, 40.0)
        self.assertLine(line_spcc, 50.0, 50.0, 50.0, 0.0, 0.0, 100.0)
        self._pay(invoice, 100000.0)
        self.assertEqual(invoice.amount_residual, 300000.0)
        self.assertLine(line_dc04, 60.0, 40.0, 40.0, 40.0, 50000.0, 40.0)
        self.assertLine(line_spcc, 50.0, 50.0, 50.0, 0.0, 50000.0, 100.0)
        self.assertRecordValues(
            contract,
            [
                {
                    "amount_total": 700000.0,
                    "amount_ordered": 500000.0,
                    "amount_delivered": 400000.0,
                    "amount_invoiced": 400000.0,
                    "amount_paid": 100000.0,
                    "amount_unpaid": 600000.0,
                    "payment_overdue": False,
                }
            ],
        )
        self.assertAlmostEqual(contract.paid_percent, 100.0 / 7.0, places=6)
        self.assertRecordValues(
            contract.payment_line_ids,
            [
                {"amount_paid": 100000.0, "amount_residual": 110000.0, "payment_state": "partial"},
                {"amount_paid": 0.0, "amount_residual": 490000.0, "payment_state": "pending"},
            ],
        )

        # Paying the rest of the invoice fills the advance first, then the next instalment
        self._pay(invoice, 300000.0)
        self.assertEqual(contract.amount_paid, 400000.0)
        self.assertRecordValues(
            contract.payment_line_ids,
            [
                {"amount_paid": 210000.0, "amount_residual": 0.0, "payment_state": "paid"},
                {"amount_paid": 190000.0, "amount_residual": 300000.0, "payment_state": "partial"},
            ],
        )

        # A second order for what is left; cancelling it lowers "ordered" again
        action = contract.with_user(self.user_sales).action_create_sale_order()
        second = self.env["sale.order"].with_user(self.user_sales).browse(action["res_id"])
        self.assertRecordValues(second.order_line, [{"product_id": self.product_dc04.id, "product_uom_qty": 40.0}])
        second.action_confirm()
        self.assertLine(line_dc04, 100.0, 40.0, 40.0, 0.0, 200000.0, 40.0)
        second._action_cancel()
        self.assertEqual(second.state, "cancel")
        self.assertLine(line_dc04, 60.0, 40.0, 40.0, 40.0, 200000.0, 40.0)
        self.assertEqual(contract.sale_order_count, 2)

        # The customer's archive shows the contract and its progress
        customer = self.customer.with_user(self.user_sales)
        self.assertEqual(customer.archive_contract_count, 1)
        self.assertEqual(customer.contract_ids, contract)

    def test_order_in_other_unit_and_credit_note(self):
        """Quantities are converted to the contract unit; a credit note lowers the paid amount."""
        contract = self.create_contract(lines=((None, 100.0, 5000.0),))
        contract.action_activate()
        line = contract.line_ids
        order = (
            self.env["sale.order"]
            .with_user(self.user_sales)
            .create(
                {
                    "partner_id": self.contact.id,
                    "contract_id": contract.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product_dc04.id,
                                "product_uom_qty": 20000.0,
                                "product_uom_id": self.env.ref("uom.product_uom_kgm").id,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.order_line.contract_line_id, line)
        self.assertAlmostEqual(order.order_line.price_unit, 5.0)
        order.action_confirm()
        self.assertAlmostEqual(line.qty_ordered, 20.0)
        # The delivery is in the product's unit (t), the order in kg
        self._deliver(order, {self.product_dc04: 20.0})
        self.assertAlmostEqual(line.qty_delivered, 20.0)
        invoice = order.with_user(self.user_sales)._create_invoices()
        invoice.action_post()
        self._pay(invoice, 100000.0)
        self.assertEqual(line.amount_paid, 100000.0)
        reversal = self.env["account.move.reversal"].with_context(active_model="account.move", active_ids=invoice.ids)
        reversal.create({"journal_id": invoice.journal_id.id, "reason": "退货"}).refund_moves()
        credit_note = invoice.reversal_move_ids
        credit_note.invoice_line_ids.quantity = 2000.0
        credit_note.action_post()
        self.assertEqual(credit_note.amount_total, 10000.0)
        # Unpaid credit note: nothing paid back yet
        self.assertEqual(line.amount_paid, 100000.0)
        self._pay(credit_note, 10000.0)
        self.assertEqual(line.amount_paid, 90000.0)
