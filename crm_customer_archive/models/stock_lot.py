import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .customer_lot_disposition import DECISIONS, REGRADES

# The coil's delivered dimensions, printed on its quality certificate.
COIL_DIMENSIONS = ("coil_thickness", "coil_width", "coil_length", "coil_weight")


class StockLot(models.Model):
    _inherit = "stock.lot"

    customer_test_result_ids = fields.One2many("customer.lot.test.result", "lot_id", string="Test Results", copy=False)
    customer_process_run_ids = fields.One2many("customer.process.run", "lot_id", string="Process Runs")
    # A float field cannot be empty in Odoo: 0 means "not recorded" and prints as "—".
    coil_thickness = fields.Float("Coil Thickness (mm)", digits=(8, 3), copy=False)
    coil_width = fields.Float("Coil Width (mm)", digits=(8, 1), copy=False)
    coil_length = fields.Float("Coil Length (mm)", digits=(10, 1), copy=False, help="Sheets and cut lengths only.")
    coil_weight = fields.Float("Coil Weight (t)", digits=(10, 3), copy=False)
    coil_size = fields.Char("Delivered Size (mm)", compute="_compute_coil_size", help="Thickness × width [× length].")
    heat_number = fields.Char(copy=False, help="The steelmaking heat (炉号) the coil was rolled from.")
    production_grade_id = fields.Many2one(
        "customer.archive.option",
        domain=[("category", "=", "production_grade")],
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
    )
    surface_quality_id = fields.Many2one(
        "customer.archive.option",
        string="Surface Grade",
        domain=[("category", "=", "surface_quality")],
        ondelete="restrict",
        copy=False,
    )
    grading_defect_ids = fields.One2many("customer.lot.defect", "lot_id", string="Defects Found at Grading", copy=False)
    disposition_ids = fields.One2many("customer.lot.disposition", "lot_id", string="Grading Decisions", copy=False)
    # Set by the latest regrade; empty: prime goods (正品).
    grading_disposition = fields.Selection(
        [item for item in DECISIONS if item[0] in REGRADES],
        string="Regraded To",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    grading_warning = fields.Text(
        compute="_compute_grading_warning",
        help="Why the customers this coil is reserved for must not get it.",
    )
    inspector_id = fields.Many2one(
        "res.users",
        compute="_compute_inspector_id",
        store=True,
        readonly=False,
        copy=False,
        help="Who recorded the test results; can be changed.",
    )

    @api.depends("coil_thickness", "coil_width", "coil_length")
    def _compute_coil_size(self):
        for lot in self:
            sizes = [lot.coil_thickness, lot.coil_width] + ([lot.coil_length] if lot.coil_length else [])
            lot.coil_size = " × ".join(f"{size:g}" if size else "—" for size in sizes) if any(sizes) else False

    @api.depends("grading_defect_ids", "grading_disposition", "customer_test_result_ids")
    @api.depends_context("allowed_company_ids")
    def _compute_grading_warning(self):
        self.grading_warning = False
        reserved = self.filtered("id")._customer_reserved_move_lines()
        findings = reserved._grading_gate_findings("validation")
        if findings:
            message = self.env["stock.picking"]._grading_gate_message
            for lot in self:
                of_lot = {customer: {lot: coils[lot]} for customer, coils in findings.items() if lot in coils}
                lot.grading_warning = message(of_lot) if of_lot else False

    def action_open_grading_decision(self):
        """A new grading decision on this coil, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Grading Decision"),
            "res_model": "customer.lot.disposition",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id},
        }

    @api.depends("customer_test_result_ids")
    def _compute_inspector_id(self):
        for lot in self:
            lot.inspector_id = lot.inspector_id or lot.customer_test_result_ids[:1].create_uid

    @api.constrains(*COIL_DIMENSIONS)
    def _check_coil_dimensions(self):
        for lot in self:
            for name in COIL_DIMENSIONS:
                value = lot[name]
                if value < 0 or not math.isfinite(value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of coil %(lot)s must be greater than zero (%(value)s).",
                            field=lot._fields[name]._description_string(self.env),
                            lot=lot.name,
                            value=value,
                        )
                    )

    # ------------------------------------------------------------------
    # The grading gate: may this coil go to this customer?
    # ------------------------------------------------------------------

    def _grading_findings(self, customer, part, step, include_released=False):
        """{lot: [(reason, defect type, text)]} of the coils of self that
        ``customer`` must not get for ``part`` at ``step`` (reservation,
        validation, certificate). Reasons: ``regraded``, ``sensitive`` (a
        defect type the customer complained about), ``non_conforming`` (a
        test result outside the part's requirements), ``untested``. Coils a
        manager released for the customer have none (unless
        ``include_released``: what the release overrides). A constant number of
        queries, whatever the number of coils."""
        customer = customer.commercial_partner_id
        released = (
            self.env["customer.lot.disposition"]
            .sudo()
            ._read_group(
                [("lot_id", "in", self.ids), ("decision", "=", "release"), ("partner_id", "=", customer.id)],
                ["lot_id"],
            )
        )
        released_lots = set() if include_released else {lot for (lot,) in released}
        sensitive = customer._sensitive_defect_types().get(customer.id, self.env["customer.defect.type"])
        regrades = dict(self._fields["grading_disposition"]._description_selection(self.env))
        Picking = self.env["stock.picking"]
        findings = {}
        for lot in self - self.browse([lot.id for lot in released_lots]):
            reasons = []
            if lot.grading_disposition:
                reasons.append(("regraded", False, regrades[lot.grading_disposition]))
            for defect in lot.grading_defect_ids.filtered(lambda defect: defect.defect_type_id in sensitive):
                reasons.append(
                    (
                        "sensitive",
                        defect.defect_type_id,
                        self.env._("%s, a defect the customer complained about", defect.defect_type_id.name),
                    )
                )
            results = lot.customer_test_result_ids
            if not results:
                if step != "reservation":  # test results often come after the coil is reserved
                    reasons.append(("untested", False, self.env._("no test results")))
            else:
                rows = Picking._certificate_rows(
                    results, "chemical", part.chemical_requirement_ids, "element_id"
                ) + Picking._certificate_rows(results, "mechanical", part.mechanical_requirement_ids, "property_id")
                reasons += [("non_conforming", False, row["finding"]) for row in rows if row["finding"]]
            reasons += [("non_conforming", False, text) for text in lot._size_and_surface_findings(part)]
            if reasons:
                findings[lot] = reasons
        return findings

    def _size_and_surface_findings(self, part):
        """The coil's thickness against the part's tolerance and its surface
        grade against the part's (FB < FC < FD: the grades' sequence)."""
        self.ensure_one()
        findings = []
        nominal, lower, upper = part.blank_thickness, part.thickness_tolerance_lower, part.thickness_tolerance_upper
        if nominal and self.coil_thickness and (lower or upper):
            low, high = nominal + lower, nominal + upper
            if float_compare(self.coil_thickness, low, 3) < 0 or float_compare(self.coil_thickness, high, 3) > 0:
                findings.append(
                    self.env._(
                        "thickness %(thickness)s mm outside %(low)s–%(high)s mm",
                        thickness=f"{self.coil_thickness:g}",
                        low=f"{low:g}",
                        high=f"{high:g}",
                    )
                )
        required, surface = part.surface_quality_id, self.surface_quality_id
        if required and surface and surface.sequence < required.sequence:
            findings.append(
                self.env._(
                    "surface %(surface)s below the required %(required)s",
                    surface=surface.name,
                    required=required.name,
                )
            )
        return findings

    def _customer_reserved_move_lines(self):
        """The not yet delivered move lines of customer deliveries holding these coils."""
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("picking_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel")),
            ]
        )
