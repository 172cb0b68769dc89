import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Process capability thresholds commonly required by automotive customers
# (IATF 16949 / AIAG SPC manual): Cpk ≥ 1.33 capable, ≥ 1.0 marginal.
CPK_CAPABLE = 1.33
CPK_MARGINAL = 1.0


class CustomerProcessSpecLine(models.Model):
    """One set point of a route step: the parameter, its target and the
    limits the actual value must stay within. Also carries the statistics
    of the actual values recorded for it over the production runs."""

    _name = "customer.process.spec.line"
    _description = "Process Control Plan Set Point"
    _inherit = ["customer.archive.input.mixin"]
    _order = "spec_id, sequence, id"

    spec_id = fields.Many2one("customer.process.spec", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="spec_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    route_id = fields.Many2one(
        "customer.archive.option",
        string="Route Step",
        required=True,
        domain=[("category", "=", "process_route")],
        ondelete="restrict",
    )
    parameter_id = fields.Many2one(
        "customer.archive.option",
        required=True,
        domain=[("category", "=", "process_parameter")],
        ondelete="restrict",
    )
    unit = fields.Char(compute="_compute_unit", store=True, readonly=False)
    target = fields.Float(digits=(12, 3), required=True)
    lower_limit = fields.Float(digits=(12, 3), required=True)
    upper_limit = fields.Float(digits=(12, 3), required=True)
    is_key_point = fields.Boolean(
        "Key Control Point", help="Printed as a key process control point on the technical sheet."
    )
    note = fields.Char()
    state = fields.Selection(related="spec_id.state")

    # Statistics over the recorded actual values (not stored: they change
    # with every run and are computed in one query for all lines shown).
    # No digits: they would round the values; the views and reports round.
    measure_count = fields.Integer("Runs", compute="_compute_statistics")
    measure_mean = fields.Float("Mean", compute="_compute_statistics")
    measure_min = fields.Float("Min", compute="_compute_statistics")
    measure_max = fields.Float("Max", compute="_compute_statistics")
    measure_stddev = fields.Float("Std. Deviation", compute="_compute_statistics")
    measure_out_count = fields.Integer("Out of Limits", compute="_compute_statistics")
    drift = fields.Float(compute="_compute_statistics", help="Mean of the actual values minus the target.")
    cp = fields.Float(compute="_compute_statistics")
    cpk = fields.Float(compute="_compute_statistics")
    capability = fields.Selection(
        [
            ("no_data", "Not Enough Data"),
            ("capable", "Capable"),
            ("marginal", "Marginal"),
            ("not_capable", "Not Capable"),
        ],
        compute="_compute_statistics",
    )

    _parameter_unique = models.UniqueIndex(
        "(spec_id, route_id, parameter_id)",
        "A parameter can have only one set point per route step of a plan.",
    )

    @api.depends("parameter_id")
    def _compute_unit(self):
        for line in self:
            line.unit = line.parameter_id.unit

    @api.depends("spec_id.name", "route_id", "parameter_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.route_id.name or ''} / {line.parameter_id.name or ''}"

    @api.constrains("target", "lower_limit", "upper_limit")
    def _check_limits(self):
        for line in self:
            if line.lower_limit > line.upper_limit:
                raise ValidationError(
                    self.env._(
                        "%(parameter)s: the lower limit (%(lower)s) is above the upper limit (%(upper)s).",
                        parameter=line.display_name,
                        lower=line.lower_limit,
                        upper=line.upper_limit,
                    )
                )
            if not line.lower_limit <= line.target <= line.upper_limit:
                raise ValidationError(
                    self.env._(
                        "%(parameter)s: the target %(target)s lies outside its limits %(lower)s – %(upper)s.",
                        parameter=line.display_name,
                        target=line.target,
                        lower=line.lower_limit,
                        upper=line.upper_limit,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.spec_id._check_draft(self.env._("changed"))
        return lines

    def write(self, vals):
        self.check_access("write")  # tell a reader "no access" before "approved plan"
        self.spec_id._check_draft(self.env._("changed"))
        result = super().write(vals)
        if "spec_id" in vals:
            self.spec_id._check_draft(self.env._("changed"))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.spec_id._check_draft(self.env._("changed"))

    def action_view_run_chart(self):
        """The actual values of this one set point over time, as a line: the
        title carries the target and limits the line is read against."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_archive.customer_process_measurement_action_run_chart"
        )
        action["display_name"] = self.env._(
            "%(set_point)s: target %(target)s %(unit)s, limits %(lower)s – %(upper)s",
            set_point=self.display_name,
            target=self._format_limit(self.target),
            lower=self._format_limit(self.lower_limit),
            upper=self._format_limit(self.upper_limit),
            unit=self.unit or "",
        )
        action["domain"] = [("spec_line_id", "=", self.id)]
        # Odoo's graph axis starts at zero: 785 °C ± 5 would draw a flat line, so
        # plot the deviation from the target; days without a run are not zeros.
        action["context"] = {
            "graph_measure": "deviation",
            "graph_groupbys": ["date:day"],
            "graph_mode": "line",
            "fill_temporal": False,
        }
        return action

    @staticmethod
    def _format_limit(number):
        # 785.0 → "785", 0.85 → "0.85": only the decimals the limit has
        return f"{number:.3f}".rstrip("0").rstrip(".")

    def _is_within_limits(self, value):
        self.ensure_one()
        return self.lower_limit <= value <= self.upper_limit

    def _compute_statistics(self):
        stats = self._fetch_statistics()
        for line in self:
            count, mean, minimum, maximum, stddev, out_count = stats.get(line.id, (0, 0.0, 0.0, 0.0, 0.0, 0))
            line.measure_count = count
            line.measure_mean = mean
            line.measure_min = minimum
            line.measure_max = maximum
            line.measure_stddev = stddev
            line.measure_out_count = out_count
            line.drift = mean - line.target if count else 0.0
            line.cp, line.cpk = line._capability(count, mean, stddev)
            if count < 2 or not stddev:
                line.capability = "no_data"
            elif line.cpk >= CPK_CAPABLE:
                line.capability = "capable"
            elif line.cpk >= CPK_MARGINAL:
                line.capability = "marginal"
            else:
                line.capability = "not_capable"

    def _capability(self, count, mean, stddev):
        """Cp = (USL - LSL) / 6sigma and Cpk = min(USL - μ, μ - LSL) / 3sigma with sigma
        the sample standard deviation of all recorded values (overall
        capability: runs are not grouped into rational subgroups)."""
        if count < 2 or not stddev or math.isnan(stddev):
            return 0.0, 0.0
        cp = (self.upper_limit - self.lower_limit) / (6 * stddev)
        cpk = min(self.upper_limit - mean, mean - self.lower_limit) / (3 * stddev)
        return cp, cpk

    def _fetch_statistics(self):
        """{line id: (count, mean, min, max, sample std. deviation, out-of-limit count)}
        in one query: the ORM's aggregates have no standard deviation."""
        line_ids = [line_id for line_id in self.ids if line_id]
        if not line_ids:
            return {}
        self.env["customer.process.measurement"].flush_model(["spec_line_id", "value", "in_limits"])
        self.env.cr.execute(
            """
            SELECT spec_line_id, COUNT(*), AVG(value), MIN(value), MAX(value),
                   COALESCE(STDDEV_SAMP(value), 0), COUNT(*) FILTER (WHERE NOT in_limits)
              FROM customer_process_measurement
             WHERE spec_line_id = ANY(%s)
          GROUP BY spec_line_id
            """,
            [line_ids],
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}
