from odoo import fields, models


class CustomerArchiveAccessRelease(models.TransientModel):
    _name = "customer.archive.access.release"
    _description = "Release a Frozen Account"
    _inherit = ["customer.archive.input.mixin"]

    user_id = fields.Many2one("res.users", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_release(self):
        self.ensure_one()
        self.user_id._archive_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
