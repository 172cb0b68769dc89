from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_end_reminder_days = fields.Integer(
        "Contract End Reminder (days)",
        default=30,
        help="The responsible user gets an activity this many days before a contract ends.",
    )
    contract_payment_reminder_days = fields.Integer(
        "Payment Reminder (days)",
        default=7,
        help="The responsible user gets an activity this many days before a contract payment is due.",
    )

    @api.constrains("contract_end_reminder_days", "contract_payment_reminder_days")
    def _check_contract_reminder_days(self):
        for company in self:
            if company.contract_end_reminder_days < 0 or company.contract_payment_reminder_days < 0:
                raise ValidationError(self.env._("Reminder days cannot be negative."))
