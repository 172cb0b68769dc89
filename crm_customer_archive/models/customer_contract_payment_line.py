from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerContractPaymentLine(models.Model):
    """One instalment of a contract's payment terms (付款日期 / 金额).

    What the customer paid on the contract's invoices is allocated to the
    instalments in order of due date."""

    _name = "customer.contract.payment.line"
    _description = "Contract Payment Schedule Line"
    _inherit = ["customer.archive.input.mixin"]
    _order = "contract_id, due_date, sequence, id"

    contract_id = fields.Many2one("customer.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Customer")
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True)
    name = fields.Char("Description", required=True, help="e.g. 预付款, 到货款, 质保金")
    due_date = fields.Date(required=True)
    percentage = fields.Float(
        "Percentage (%)", digits=(5, 2), help="Share of the contract amount; leave 0 to type a fixed amount."
    )
    amount = fields.Monetary(compute="_compute_amount", store=True, readonly=False, precompute=True)
    amount_paid = fields.Monetary("Paid", compute="_compute_amount_paid", store=True)
    amount_residual = fields.Monetary("Still Due", compute="_compute_amount_paid", store=True)
    payment_state = fields.Selection(
        [("pending", "Not Due"), ("partial", "Partially Paid"), ("paid", "Paid"), ("overdue", "Overdue")],
        "Payment Status",
        compute="_compute_payment_state",
        store=True,
        index=True,
    )
    reminder_done = fields.Boolean(copy=False)

    @api.depends("percentage", "contract_id.amount_total")
    def _compute_amount(self):
        for line in self:
            if line.percentage:
                line.amount = line.currency_id.round(line.contract_id.amount_total * line.percentage / 100.0)
            else:
                line.amount = line.amount or 0.0  # a fixed amount typed by the user

    @api.depends("amount", "due_date", "sequence", "contract_id.amount_paid", "contract_id.payment_line_ids.amount")
    def _compute_amount_paid(self):
        for contract in self.contract_id:
            available = contract.amount_paid
            instalments = contract.payment_line_ids.sorted(lambda line: (line.due_date or date.max, line.sequence))
            for line in instalments:
                allocated = max(min(available, line.amount), 0.0)
                available -= allocated
                if line in self:
                    line.amount_paid = allocated
                    line.amount_residual = line.amount - allocated
        for line in self - self.contract_id.payment_line_ids:
            line.amount_paid = 0.0
            line.amount_residual = line.amount

    @api.depends("amount", "amount_paid", "due_date")
    def _compute_payment_state(self):
        # Depends on today too: the scheduled action recomputes instalments that fall due.
        today = fields.Date.context_today(self)
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            if currency.compare_amounts(line.amount_paid, line.amount) >= 0:
                line.payment_state = "paid"
            elif line.due_date and line.due_date < today:
                line.payment_state = "overdue"
            elif not currency.is_zero(line.amount_paid):
                line.payment_state = "partial"
            else:
                line.payment_state = "pending"

    @api.constrains("percentage", "amount")
    def _check_percentage_amount(self):
        for line in self:
            if line.percentage < 0 or line.percentage > 100:
                raise ValidationError(
                    self.env._(
                        "The percentage of instalment “%(name)s” must be between 0 and 100 (%(percentage)s).",
                        name=line.name,
                        percentage=line.percentage,
                    )
                )
            if line.amount < 0:
                raise ValidationError(self.env._("The amount of instalment “%s” cannot be negative.", line.name))
        for contract in self.contract_id:
            total_percentage = sum(contract.payment_line_ids.mapped("percentage"))
            if total_percentage > 100.0 + 1e-6:
                raise ValidationError(
                    self.env._(
                        "The payment schedule of contract %(contract)s adds up to %(percentage)s %%, more than 100 %%.",
                        contract=contract.name,
                        percentage=round(total_percentage, 2),
                    )
                )
            scheduled = sum(contract.payment_line_ids.mapped("amount"))
            if contract.currency_id.compare_amounts(scheduled, contract.amount_total) > 0:
                raise ValidationError(
                    self.env._(
                        "The payment schedule of contract %(contract)s (%(scheduled)s) is more than "
                        "the contract amount (%(total)s).",
                        contract=contract.name,
                        scheduled=contract.currency_id.format(scheduled),
                        total=contract.currency_id.format(contract.amount_total),
                    )
                )

    def _renewal_values(self, shift_days):
        self.ensure_one()
        return {
            "name": self.name,
            "sequence": self.sequence,
            "due_date": self.due_date + relativedelta(days=shift_days),
            "percentage": self.percentage,
            "amount": self.amount,
        }

    @api.model
    def _remind_and_mark_overdue(self, today):
        """Activities before each instalment falls due; overdue instalments flagged."""
        open_states = ("pending", "partial")
        max_days = max(self.env["res.company"].search([]).mapped("contract_payment_reminder_days") or [0])
        upcoming = self.search(
            [
                ("contract_id.state", "=", "active"),
                ("payment_state", "in", open_states),
                ("reminder_done", "=", False),
                ("due_date", "<=", today + relativedelta(days=max_days)),
            ]
        )
        for line in upcoming:
            if line.due_date > today + relativedelta(days=line.company_id.contract_payment_reminder_days):
                continue
            contract = line.contract_id
            user = contract.user_id or self.env.user
            # Scheduled actions run as OdooBot: the summary is in the language of the user who gets it.
            summary = contract.with_context(lang=user.lang).env._(
                "Payment “%(name)s” of %(amount)s due on %(date)s",
                name=line.name,
                amount=contract.currency_id.format(line.amount_residual),
                date=line.due_date,
            )
            contract.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=line.due_date, summary=summary, user_id=user.id
            )
            line.reminder_done = True
        falling_due = self.search([("payment_state", "in", open_states), ("due_date", "<", today)])
        self.env.add_to_compute(self._fields["payment_state"], falling_due)
        falling_due.flush_recordset(["payment_state"])
        for contract, overdue in falling_due.grouped("contract_id").items():
            lang_env = contract.with_context(lang=(contract.user_id or self.env.user).lang).env
            contract.message_post(
                body=lang_env._(
                    "Overdue payments: %s",
                    ", ".join(f"{line.name} ({line.due_date})" for line in overdue),
                )
            )
        return falling_due
