from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_end_reminder_days = fields.Integer(related="company_id.contract_end_reminder_days", readonly=False)
    contract_payment_reminder_days = fields.Integer(related="company_id.contract_payment_reminder_days", readonly=False)
