from odoo import fields, models


class CustomerContractTerminate(models.TransientModel):
    _name = "customer.contract.terminate"
    _description = "Terminate a Customer Contract"
    _inherit = ["customer.archive.input.mixin"]

    contract_id = fields.Many2one("customer.contract", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    date_terminated = fields.Date("Termination Date", required=True, default=fields.Date.context_today)

    def action_terminate(self):
        self.ensure_one()
        self.contract_id._terminate(self.reason, self.date_terminated)
        return {"type": "ir.actions.act_window_close"}
