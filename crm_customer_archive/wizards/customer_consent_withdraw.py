from odoo import fields, models


class CustomerConsentWithdraw(models.TransientModel):
    _name = "customer.consent.withdraw"
    _description = "Withdraw a Consent"
    _inherit = ["customer.archive.input.mixin"]

    consent_id = fields.Many2one("customer.consent", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_withdraw(self):
        self.ensure_one()
        self.consent_id._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}
