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

    license_trial_days = fields.Integer("Trial Length (days)", default=30)
    license_reminder_days = fields.Integer(
        "Licence End Reminder (days)",
        default=30,
        help="The responsible user and the customer are reminded this many days before a licence ends.",
    )
    license_release_days = fields.Integer(
        "Release Idle Machines (days)",
        default=90,
        help="Activations not seen for this many days free their seat.",
    )

    @api.constrains("license_trial_days", "license_reminder_days", "license_release_days")
    def _check_license_days(self):
        for company in self:
            if (
                company.license_trial_days <= 0
                or company.license_release_days <= 0
                or company.license_reminder_days < 0
            ):
                raise ValidationError(
                    self.env._("The trial length and the idle days must be positive, the reminder days not negative.")
                )

    @api.constrains("contract_end_reminder_days", "contract_payment_reminder_days")
    def _check_contract_reminder_days(self):
        for company in self:
            if company.contract_end_reminder_days < 0 or company.contract_payment_reminder_days < 0:
                raise ValidationError(self.env._("Reminder days cannot be negative."))
