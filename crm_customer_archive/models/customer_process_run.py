from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# What became of the coil of a run, for the process loop: the grading
# gate's reasons, the worst first.
OUTCOMES = [
    ("conforming", "Conforming"),
    ("non_conforming", "Non-Conforming"),
    ("regraded", "Regraded"),
    ("untested", "Untested"),
]
OUTCOME_BADGES = {
    "conforming": "text-bg-success",
    "non_conforming": "text-bg-danger",
    "regraded": "text-bg-warning",
    "untested": "text-bg-secondary",
}


class CustomerProcessRun(models.Model):
    """A production run or coil (stock.lot) produced under a plan, with the
    actual value of each set point, to compare actual with set."""

    _name = "customer.process.run"
    _description = "Process Production Run"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "mail.thread"]
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
        "stock.lot", string="Coil / Lot", index="btree_not_null", ondelete="restrict", check_company=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    measurement_ids = fields.One2many("customer.process.measurement", "run_id", string="Actual Values", copy=True)
    out_of_limit_count = fields.Integer("Out of Limits", compute="_compute_out_of_limit_count", store=True)
    note = fields.Text()
    # Not stored: the outcome follows test results, the part's requirements,
    # grading decisions and the customer's complaints (sensitive defects), too
    # many sources to recompute a stored value from; one batch per plan.
    outcome = fields.Selection(
        OUTCOMES,
        string="Coil Outcome",
        compute="_compute_outcome",
        help="The coil's final quality: its test results against the part's requirements and its grading.",
    )
    outcome_findings = fields.Char("Why Not Conforming", compute="_compute_outcome")

    @api.depends("lot_id", "spec_id")
    def _compute_outcome(self):
        self.outcome = self.outcome_findings = False
        for spec, runs in self.filtered("lot_id").grouped("spec_id").items():
            outcomes = spec._coil_outcomes(runs.lot_id)
            for run in runs:
                run.outcome, run.outcome_findings = outcomes[run.lot_id]

    @api.depends("measurement_ids.in_limits")
    def _compute_out_of_limit_count(self):
        for run in self:
            run.out_of_limit_count = len(run.measurement_ids.filtered(lambda value: not value.in_limits))

    @api.onchange("spec_id")
    def _onchange_spec_id(self):
        """Offer one actual-value line per set point of the chosen plan."""
        if self.spec_id and not self.measurement_ids:
            self.measurement_ids = [
                Command.create({"spec_line_id": line.id, "value": line.target}) for line in self.spec_id.line_ids
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

    @api.model
    def create_from_values(self, spec_id, values, lot_id=False, date=False):
        """Record a run from a measuring system: ``values`` maps parameter
        codes (or "ROUTE/PARAMETER" codes when a parameter is set in several
        steps) to actual values. Returns the new run's id."""
        spec = self.env["customer.process.spec"].browse(spec_id).exists()
        if not spec:
            raise UserError(self.env._("There is no process control plan with id %s.", spec_id))
        if not isinstance(values, dict) or not values:
            raise UserError(self.env._("Give the actual values as a mapping of parameter codes to numbers."))
        lines_by_code = {}
        for line in spec.line_ids:
            lines_by_code[f"{line.route_id.code}/{line.parameter_id.code}"] = line
            lines_by_code.setdefault(line.parameter_id.code, line)
        unknown = sorted(str(code) for code in values if code not in lines_by_code)
        if unknown:
            raise UserError(
                self.env._(
                    "Plan %(plan)s has no set point for: %(codes)s.",
                    plan=spec.display_name,
                    codes=", ".join(unknown),
                )
            )
        not_numbers = sorted(
            code for code, value in values.items() if isinstance(value, bool) or not isinstance(value, (int, float))
        )
        if not_numbers:
            raise UserError(self.env._("These actual values are not numbers: %(codes)s.", codes=", ".join(not_numbers)))
        run = self.create(
            {
                "spec_id": spec.id,
                "lot_id": lot_id or False,
                "date": date or fields.Datetime.now(),
                "measurement_ids": [
                    Command.create({"spec_line_id": lines_by_code[code].id, "value": value})
                    for code, value in values.items()
                ],
            }
        )
        return run.id

    def _check_spec_approved(self):
        for run in self:
            if run.spec_id.state == "draft":
                raise UserError(
                    self.env._(
                        "Plan %s is not approved yet: record actual values against an approved plan.",
                        run.spec_id.display_name,
                    )
                )
