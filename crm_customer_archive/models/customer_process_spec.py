from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.run_chart import run_chart_svg
from .customer_process_run import OUTCOME_BADGES
from .res_partner import MANAGER_GROUP

# The process loop lists the latest runs; its means cover them all.
LOOP_ROWS = 200

# Fields an approved or obsolete plan may still change: everything else is
# frozen so that what was approved stays what is printed on the process card.
_FROZEN_EXEMPT_FIELDS = {
    "state",
    "approved_by_id",
    "date_approved",
    "active",
    "user_id",
    "message_follower_ids",
    "activity_ids",
    "message_main_attachment_id",
}


class CustomerProcessSpec(models.Model):
    """A process control plan (工艺控制方案): the route steps a customer's
    product goes through and the set points of each step. Revisions are
    approved by an archive manager; one is in force per part at a time."""

    _name = "customer.process.spec"
    _description = "Process Control Plan"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "name desc, revision desc, id desc"
    # The list's default order (the trigram index on name serves only ilike searches).
    _name_revision_id_idx = models.Index("(name DESC, revision DESC, id DESC)")

    name = fields.Char(
        "Plan Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    revision = fields.Integer(default=1, required=True, copy=False, readonly=True)
    title = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("obsolete", "Obsolete")],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        check_company=True,
    )
    part_id = fields.Many2one(
        "customer.part",
        string="Customer Part",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Process Engineer", default=lambda self: self.env.user, tracking=True)
    production_grade_id = fields.Many2one(
        "customer.archive.option",
        compute="_compute_from_part",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("category", "=", "production_grade")],
        ondelete="restrict",
    )
    surface_quality_id = fields.Many2one(
        "customer.archive.option",
        compute="_compute_from_part",
        store=True,
        readonly=False,
        domain=[("category", "=", "surface_quality")],
        ondelete="restrict",
    )
    thickness_min = fields.Float("Thickness From (mm)", digits=(8, 3))
    thickness_max = fields.Float("Thickness To (mm)", digits=(8, 3))
    width_min = fields.Float("Width From (mm)", digits=(8, 1))
    width_max = fields.Float("Width To (mm)", digits=(8, 1))
    plate_requirements = fields.Html("Plate Process Requirements", help="Printed on the process card (板面工艺要求).")
    line_ids = fields.One2many("customer.process.spec.line", "spec_id", string="Set Points", copy=True)
    capability_line_ids = fields.One2many(
        "customer.process.spec.line", related="line_ids", string="Actual vs Set", readonly=True
    )
    route_summary = fields.Char("Route", compute="_compute_route_summary")
    origin_id = fields.Many2one(
        "customer.process.spec",
        string="Copied From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The plan of another customer or part this plan was reused from.",
    )
    previous_revision_id = fields.Many2one("customer.process.spec", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_approved = fields.Datetime("Approved On", readonly=True, copy=False)
    run_ids = fields.One2many("customer.process.run", "spec_id", string="Production Runs")
    run_count = fields.Integer(compute="_compute_run_count")
    out_of_limit_count = fields.Integer(
        "Out-of-Limit Values", compute="_compute_run_count", help="Actual values outside the limits."
    )
    process_loop_html = fields.Html(
        "Process Loop",
        compute="_compute_process_loop_html",
        sanitize=False,
        help="The actual parameters of each run beside its coil's final quality.",
    )

    _one_approved_per_part = models.UniqueIndex(
        "(part_id) WHERE state = 'approved' AND part_id IS NOT NULL",
        "Only one revision of a part's process control plan can be approved at a time.",
    )

    @api.depends("part_id")
    def _compute_from_part(self):
        for spec in self:
            # A plan without a part keeps the grade and surface typed in.
            if spec.part_id:
                spec.production_grade_id = spec.part_id.production_grade_id
                spec.surface_quality_id = spec.part_id.surface_quality_id
            else:
                spec.production_grade_id = spec.production_grade_id
                spec.surface_quality_id = spec.surface_quality_id

    @api.depends("line_ids.route_id", "line_ids.sequence")
    def _compute_route_summary(self):
        for spec in self:
            spec.route_summary = " → ".join(spec._routes().mapped("name")) or False

    def _routes(self):
        """The route steps in the order of their first set point."""
        self.ensure_one()
        routes = self.env["customer.archive.option"]
        for line in self.line_ids.sorted(lambda line: (line.sequence, line.id or 0)):
            if line.route_id not in routes:
                routes |= line.route_id
        return routes

    def _compute_run_count(self):
        runs = dict(
            self.env["customer.process.run"]._read_group([("spec_id", "in", self.ids)], ["spec_id"], ["__count"])
        )
        out_of_limit = dict(
            self.env["customer.process.measurement"]._read_group(
                [("spec_id", "in", self.ids), ("in_limits", "=", False)], ["spec_id"], ["__count"]
            )
        )
        for spec in self:
            spec.run_count = runs.get(spec, 0)
            spec.out_of_limit_count = out_of_limit.get(spec, 0)

    @api.depends_context("lang")
    def _compute_process_loop_html(self):
        for spec in self:
            spec.process_loop_html = (
                self.env["ir.qweb"]._render(
                    "crm_customer_archive.customer_process_spec_loop", spec._process_loop_values()
                )
                if spec.run_ids
                else False
            )

    @api.depends("name", "revision", "title")
    def _compute_display_name(self):
        for spec in self:
            spec.display_name = self.env._(
                "%(number)s Rev. %(revision)s %(title)s",
                number=spec.name,
                revision=spec.revision,
                title=spec.title or "",
            ).strip()

    @api.constrains("thickness_min", "thickness_max", "width_min", "width_max")
    def _check_size_range(self):
        for spec in self:
            for label, low, high in (
                (self.env._("thickness"), spec.thickness_min, spec.thickness_max),
                (self.env._("width"), spec.width_min, spec.width_max),
            ):
                if low < 0 or high < 0 or (high and low > high):
                    raise ValidationError(
                        self.env._(
                            "Plan %(plan)s: the %(size)s range %(low)s – %(high)s is not valid.",
                            plan=spec.display_name,
                            size=label,
                            low=low,
                            high=high,
                        )
                    )

    @api.constrains("part_id", "partner_id")
    def _check_part_customer(self):
        for spec in self:
            if spec.part_id and spec.part_id.partner_id != spec.partner_id:
                raise ValidationError(
                    self.env._(
                        'The part "%(part)s" belongs to %(owner)s, not to %(customer)s.',
                        part=spec.part_id.display_name,
                        owner=spec.part_id.partner_id.display_name,
                        customer=spec.partner_id.display_name,
                    )
                )

    def _check_no_other_approved(self, part_ids):
        """Checked before writing, so the user gets this message rather than
        the database's unique index error."""
        part_ids = [part_id for part_id in part_ids if part_id]
        twice = [part_id for part_id in part_ids if part_ids.count(part_id) > 1]
        other = self.search(
            [("part_id", "in", part_ids), ("state", "=", "approved"), ("id", "not in", self.ids)], limit=1
        )
        if twice or other:
            part = self.env["customer.part"].browse(twice[:1]) or other.part_id
            raise ValidationError(
                self.env._(
                    'Part "%(part)s" already has an approved process control plan. Approve a new '
                    "revision of it instead: the previous one then becomes obsolete.",
                    part=part.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "crm_customer_archive.customer_process_spec"
                ) or self.env._("New")
            if vals.get("state", "draft") != "draft":
                self._check_manager()
        approved_part_ids = [
            vals["part_id"] for vals in vals_list if vals.get("state") == "approved" and vals.get("part_id")
        ]
        if approved_part_ids:
            self._check_no_other_approved(approved_part_ids)
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not self.env.su:
            self._check_manager()
        if vals.get("state") == "approved":
            part_ids = [vals["part_id"]] * len(self) if "part_id" in vals else [spec.part_id.id for spec in self]
            self._check_no_other_approved(part_ids)
        frozen = set(vals) - _FROZEN_EXEMPT_FIELDS
        if frozen:
            self._check_draft(self.env._("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for spec in self:
            if spec.state != "draft":
                raise UserError(
                    self.env._(
                        "Plan %s was approved and is kept as history; archive it instead of deleting it.",
                        spec.display_name,
                    )
                )
            if spec.run_ids:
                raise UserError(
                    self.env._(
                        "Plan %s has recorded production runs and cannot be deleted.",
                        spec.display_name,
                    )
                )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a customer archive manager can approve or withdraw process control plans.")
            )

    def _check_draft(self, what):
        for spec in self:
            if spec.state != "draft":
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s and cannot be %(what)s. Create a new revision "
                        "to change its set points.",
                        plan=spec.display_name,
                        state=dict(spec._fields["state"]._description_selection(self.env))[spec.state],
                        what=what,
                    )
                )

    def action_approve(self):
        """Approve the draft: the part's previously approved revision
        becomes obsolete in the same transaction, keeping one in force."""
        self._check_manager()
        for spec in self:
            if spec.state != "draft":
                raise UserError(self.env._("Only a draft plan can be approved (%s).", spec.display_name))
            if not spec.line_ids:
                raise UserError(
                    self.env._(
                        "Plan %s has no route steps with set points; add them before approving.",
                        spec.display_name,
                    )
                )
            if spec.part_id:
                previous = self.search(
                    [("part_id", "=", spec.part_id.id), ("state", "=", "approved"), ("id", "!=", spec.id)]
                )
                previous.write({"state": "obsolete"})
                for old in previous:
                    old.message_post(
                        body=self.env._("Superseded by %s.", spec.display_name),
                        subtype_xmlid="mail.mt_note",
                    )
            spec.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                }
            )
        return True

    def action_set_obsolete(self):
        self._check_manager()
        self.filtered(lambda spec: spec.state == "approved").write({"state": "obsolete"})
        return True

    def action_new_revision(self):
        """Copy this plan into the next draft revision of the same plan number."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(self.env._("Plan %s is still a draft: change it directly.", self.display_name))
        last = self.with_context(active_test=False).search([("name", "=", self.name)], order="revision desc", limit=1)
        revision = self.copy({"name": self.name, "revision": last.revision + 1, "previous_revision_id": self.id})
        return revision.get_formview_action()

    def _copy_to(self, partner, part=None):
        """Reuse this plan for another customer or part: a new draft plan
        with the same route and set points that remembers its origin."""
        self.ensure_one()
        if part and part.partner_id != partner:
            raise UserError(
                self.env._(
                    'The part "%(part)s" does not belong to %(customer)s.',
                    part=part.display_name,
                    customer=partner.display_name,
                )
            )
        default = {"partner_id": partner.id, "part_id": part.id if part else False, "origin_id": self.id}
        if not part:
            default.update(
                production_grade_id=self.production_grade_id.id,
                surface_quality_id=self.surface_quality_id.id,
            )
        copy = self.copy(default)
        copy.message_post(
            body=self.env._("Reused from plan %s.", self._get_html_link(title=self.display_name)),
            subtype_xmlid="mail.mt_note",
        )
        return copy

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_process_run_action")
        action["domain"] = [("spec_id", "=", self.id)]
        action["context"] = {"default_spec_id": self.id}
        return action

    def action_view_measurements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_archive.customer_process_measurement_action"
        )
        action["domain"] = [("spec_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # The process loop: actual parameters beside the coil's final quality
    # ------------------------------------------------------------------

    def _coil_outcomes(self, lots):
        """{coil: (outcome, findings)} of these coils as the grading gate sees
        them for this plan's customer and part, a release included: what a
        manager let through still did not conform. A constant number of
        queries, whatever the number of coils."""
        self.ensure_one()
        findings = lots._grading_findings(self.partner_id, self.part_id, "certificate", include_released=True)
        outcomes = {}
        for lot in lots:
            reasons = findings.get(lot, [])
            kinds = {reason[0] for reason in reasons}
            if kinds & {"non_conforming", "sensitive"}:
                outcome = "non_conforming"
            elif "regraded" in kinds:
                outcome = "regraded"
            elif "untested" in kinds:
                outcome = "untested"
            else:
                outcome = "conforming"
            outcomes[lot] = (outcome, "; ".join(reason[2] for reason in reasons) or False)
        return outcomes

    def _process_loop_summary(self):
        """{set point id: {outcome: (mean, count)}}: the mean actual value of
        each set point before the coils of each outcome, summed per set point
        and coil in one grouped query."""
        self.ensure_one()
        groups = self.env["customer.process.measurement"]._read_group(
            [("spec_id", "=", self.id), ("lot_id", "!=", False)],
            ["spec_line_id", "lot_id"],
            ["value:sum", "__count"],
        )
        lots = self.env["stock.lot"].browse({lot.id for _line, lot, _sum, _count in groups})
        outcomes = self._coil_outcomes(lots)
        totals = defaultdict(lambda: [0.0, 0])
        for line, lot, value_sum, count in groups:
            total = totals[line.id, outcomes[lot][0]]
            total[0] += value_sum
            total[1] += count
        summary = defaultdict(dict)
        for (line_id, outcome), (value_sum, count) in totals.items():
            summary[line_id][outcome] = (value_sum / count, count)
        return summary

    def _process_loop_values(self):
        """What the process loop tab shows: the means, the latest runs with
        their values and outcome, and a run chart per set point."""
        self.ensure_one()
        runs = self.run_ids[:LOOP_ROWS]  # latest first
        values = {(value.run_id, value.spec_line_id): value for value in runs.measurement_ids}
        legend = self.env._("coil not conforming")
        charts = {}
        for line in self.line_ids:
            chart_runs = [run for run in reversed(runs) if (run, line) in values]
            charts[line.id] = run_chart_svg(
                [values[run, line].value for run in chart_runs],
                line.lower_limit,
                line.target,
                line.upper_limit,
                [index for index, run in enumerate(chart_runs) if run.outcome == "non_conforming"],
                legend,
            )
        return {
            "spec": self,
            "lines": self.line_ids,
            "runs": runs,
            "values": values,
            "summary": self._process_loop_summary(),
            "outcome_labels": dict(runs._fields["outcome"]._description_selection(self.env)),
            "outcome_badges": OUTCOME_BADGES,
            "charts": charts,
            "limit_note": len(self.run_ids) > len(runs)
            and self.env._(
                "The latest %(shown)s of %(total)s runs; the means above cover them all.",
                shown=len(runs),
                total=len(self.run_ids),
            ),
            "format_value": self.line_ids._format_limit,
        }
