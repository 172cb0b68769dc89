from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerComplaintCost(models.Model):
    """A cost of non-quality caused by a complaint: scrap, rework, freight,
    compensation or a credit note."""

    _name = "customer.complaint.cost"
    _description = "Complaint Cost"
    _inherit = ["customer.archive.input.mixin"]
    _check_company_auto = True
    _order = "complaint_id, date, id"

    complaint_id = fields.Many2one("customer.complaint", required=True, index=True, ondelete="cascade")
    cost_type = fields.Selection(
        [
            ("scrap", "Scrap"),
            ("rework", "Rework"),
            ("freight", "Freight"),
            ("compensation", "Compensation"),
            ("credit_note", "Credit Note"),
            ("other", "Other"),
        ],
        required=True,
        default="scrap",
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    move_id = fields.Many2one(
        "account.move",
        string="Credit Note",
        domain=[("move_type", "=", "out_refund")],
        ondelete="restrict",
        check_company=True,
    )
    note = fields.Char()
    # Stored copies so that costs can be summed per customer and defect.
    partner_id = fields.Many2one(related="complaint_id.partner_id", store=True, index=True)
    defect_type_id = fields.Many2one(related="complaint_id.defect_type_id", store=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)

    @api.constrains("amount")
    def _check_amount(self):
        for cost in self:
            if cost.amount < 0:
                raise ValidationError(self.env._("A cost amount cannot be negative."))

    @api.onchange("move_id")
    def _onchange_move_id(self):
        if self.move_id:
            self.cost_type = "credit_note"
            self.amount = self.move_id.amount_total
