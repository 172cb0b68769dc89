import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerProcessMeasurement(models.Model):
    """The actual value of one set point in one production run."""

    _name = "customer.process.measurement"
    _description = "Process Actual Value"
    _inherit = ["customer.archive.input.mixin"]
    _order = "run_id, sequence, id"

    run_id = fields.Many2one("customer.process.run", required=True, index=True, ondelete="cascade")
    spec_line_id = fields.Many2one(
        "customer.process.spec.line",
        string="Set Point",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('spec_id', '=', spec_id)]",
    )
    spec_id = fields.Many2one(related="run_id.spec_id", store=True, index=True)
    partner_id = fields.Many2one(related="run_id.partner_id", store=True)
    lot_id = fields.Many2one(related="run_id.lot_id", store=True)
    date = fields.Datetime(related="run_id.date", store=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    sequence = fields.Integer(related="spec_line_id.sequence", store=True)
    route_id = fields.Many2one(related="spec_line_id.route_id", store=True)
    parameter_id = fields.Many2one(related="spec_line_id.parameter_id", store=True)
    unit = fields.Char(related="spec_line_id.unit")
    target = fields.Float(related="spec_line_id.target")
    lower_limit = fields.Float(related="spec_line_id.lower_limit")
    upper_limit = fields.Float(related="spec_line_id.upper_limit")
    value = fields.Float("Actual Value", digits=(12, 3), required=True, aggregator="avg")
    deviation = fields.Float(
        digits=(12, 3),
        compute="_compute_deviation",
        store=True,
        aggregator="avg",
        help="Actual value minus target.",
    )
    in_limits = fields.Boolean("Within Limits", compute="_compute_deviation", store=True)
    # Unit-free measures for the pivot and graph: averages across set points of
    # different units (°C, %, m/min) stay meaningful, unlike value and deviation.
    deviation_percent = fields.Float(
        "Deviation (% of Tolerance)",
        digits=(12, 1),
        compute="_compute_deviation",
        store=True,
        aggregator="avg",
        help="Deviation from the target in percent of the tolerance on its side: "
        "+100 % is the upper limit, -100 % the lower one.",
    )
    in_limits_rate = fields.Float(
        "Within Limits (%)",
        digits=(12, 1),
        compute="_compute_deviation",
        store=True,
        aggregator="avg",
        help="100 for a value within its limits, 0 otherwise: its average is the share within limits.",
    )

    _set_point_unique = models.UniqueIndex("(run_id, spec_line_id)", "A run records each set point only once.")

    @api.depends("value", "spec_line_id.target", "spec_line_id.lower_limit", "spec_line_id.upper_limit")
    def _compute_deviation(self):
        for measurement in self:
            line = measurement.spec_line_id
            deviation = measurement.value - line.target
            measurement.deviation = deviation
            measurement.in_limits = bool(line) and line._is_within_limits(measurement.value)
            measurement.in_limits_rate = 100.0 if measurement.in_limits else 0.0
            # The tolerance on the deviation's side; a target on its limit uses the whole band.
            side_limit = line.upper_limit if deviation > 0 else line.lower_limit
            tolerance = abs(side_limit - line.target) or (line.upper_limit - line.lower_limit)
            if not deviation:
                measurement.deviation_percent = 0.0
            elif tolerance:
                measurement.deviation_percent = 100.0 * deviation / tolerance
            else:  # no tolerance at all: any deviation is at least "at the limit"
                measurement.deviation_percent = math.copysign(100.0, deviation)

    def write(self, vals):
        # A recorded value belongs to the set point it was measured for:
        # moving it to another parameter would falsify the run.
        if "spec_line_id" in vals and any(measurement.spec_line_id.id != vals["spec_line_id"] for measurement in self):
            raise UserError(
                self.env._(
                    "A recorded value stays with its set point: delete the line and record the value of the other "
                    "set point instead."
                )
            )
        return super().write(vals)

    @api.constrains("spec_line_id", "run_id")
    def _check_parameter_of_plan(self):
        for measurement in self:
            if measurement.spec_line_id.spec_id != measurement.run_id.spec_id:
                raise ValidationError(
                    self.env._(
                        'Parameter "%(parameter)s" is not a set point of plan %(plan)s.',
                        parameter=measurement.spec_line_id.display_name,
                        plan=measurement.run_id.spec_id.display_name,
                    )
                )
