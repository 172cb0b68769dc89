from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OFFICER_GROUP = "crm_customer_archive.group_archive_officer"


class CustomerHandover(models.TransientModel):
    """移交: customers, their open activities and open opportunities go to
    another account manager, with a note in their chatter."""

    _name = "customer.handover"
    _description = "Hand Over Customers"
    _inherit = ["customer.archive.input.mixin"]

    partner_ids = fields.Many2many("res.partner", string="Customers", domain=[("is_archive_customer", "=", True)])
    user_id = fields.Many2one("res.users", string="New Account Manager", domain=[("share", "=", False)])
    note = fields.Text(
        "Hand-over Note", help="What the new account manager must know: posted in each customer's chatter."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        return values

    def action_handover(self):
        self.ensure_one()
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(self.env._("Only archive officers and managers hand customers over."))
        if not self.partner_ids:
            raise UserError(self.env._("Choose the customers to hand over."))
        if not self.user_id:
            raise UserError(self.env._("Choose the new account manager of the customers to hand over."))
        if not (self.note or "").strip():
            raise UserError(self.env._("Write a hand-over note for the new account manager."))
        self.partner_ids.commercial_partner_id._pool_handover(self.user_id, self.note.strip())
        return {"type": "ir.actions.act_window_close"}
