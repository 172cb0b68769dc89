from odoo import fields, models


class CustomerFollowupCancel(models.TransientModel):
    _name = "customer.followup.cancel"
    _description = "Cancel a Customer Follow-up"
    _inherit = ["customer.archive.input.mixin"]

    followup_ids = fields.Many2many("customer.followup", string="Follow-ups", required=True)
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        self.followup_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
