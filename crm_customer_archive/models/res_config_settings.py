from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_end_reminder_days = fields.Integer(related="company_id.contract_end_reminder_days", readonly=False)
    contract_payment_reminder_days = fields.Integer(related="company_id.contract_payment_reminder_days", readonly=False)
    license_trial_days = fields.Integer(related="company_id.license_trial_days", readonly=False)
    license_reminder_days = fields.Integer(related="company_id.license_reminder_days", readonly=False)
    license_release_days = fields.Integer(related="company_id.license_release_days", readonly=False)
    license_public_key = fields.Text("Licence Public Key", compute="_compute_license_public_key")

    def _compute_license_public_key(self):
        for settings in self:
            settings.license_public_key = self.env["customer.license"]._public_key_pem()
