from odoo import api, fields, models


class CustomerProcessSpecCopy(models.TransientModel):
    """Reuse a plan for another customer or part (工艺方案复用)."""

    _name = "customer.process.spec.copy"
    _description = "Reuse Process Control Plan"
    _inherit = ["customer.archive.input.mixin"]

    spec_id = fields.Many2one("customer.process.spec", string="Plan to Reuse", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="For Customer", required=True, domain=[("is_company", "=", True)]
    )
    part_id = fields.Many2one(
        "customer.part",
        string="For Part",
        domain="[('partner_id', '=', partner_id)]",
    )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.part_id.partner_id != self.partner_id:
            self.part_id = False

    def action_copy(self):
        self.ensure_one()
        copy = self.spec_id._copy_to(self.partner_id, self.part_id)
        return copy.get_formview_action()
