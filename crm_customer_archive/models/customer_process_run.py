from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CustomerProcessRun(models.Model):
    """A production run or coil (stock.lot) produced under a plan, with the
    actual value of each set point, to compare actual with set."""

    _name = "customer.process.run"
    _description = "Process Production Run"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char("Run", required=True, default=lambda self: self.env._("New"), copy=False)
    spec_id = fields.Many2one(
        "customer.process.spec",
        string="Process Control Plan",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("state", "=", "approved")],
    )
    partner_id = fields.Many2one(related="spec_id.partner_id", store=True, index=True)
    part_id = fields.Many2one(related="spec_id.part_id", store=True)
    company_id = fields.Many2one(related="spec_id.company_id", store=True, index=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Coil / Lot", index="btree_not_null", ondelete="restrict"
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    measurement_ids = fields.One2many(
        "customer.process.measurement", "run_id", string="Actual Values", copy=True
    )
    out_of_limit_count = fields.Integer(
        "Out of Limits", compute="_compute_out_of_limit_count", store=True
    )
    note = fields.Text()

    @api.depends("measurement_ids.in_limits")
    def _compute_out_of_limit_count(self):
        for run in self:
            run.out_of_limit_count = len(run.measurement_ids.filtered(lambda value: not value.in_limits))

    @api.onchange("spec_id")
    def _onchange_spec_id(self):
        """Offer one actual-value line per set point of the chosen plan."""
        if self.spec_id and not self.measurement_ids:
            self.measurement_ids = [
                Command.create({"spec_line_id": line.id, "value": line.target})
                for line in self.spec_id.line_ids
            ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "crm_customer_archive.customer_process_run"
                ) or self.env._("New")
        runs = super().create(vals_list)
        runs._check_spec_approved()
        return runs

    def write(self, vals):
        result = super().write(vals)
        if "spec_id" in vals:
            self._check_spec_approved()
        return result

    def _check_spec_approved(self):
        for run in self:
            if run.spec_id.state == "draft":
                raise UserError(
                    self.env._(
                        "Plan %s is not approved yet: record actual values against an approved plan.",
                        run.spec_id.display_name,
                    )
                )
