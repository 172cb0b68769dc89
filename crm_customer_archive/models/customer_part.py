from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .customer_complaint_sla_policy import SEVERITY_RANK

# The technical sheet lists the latest objections one per row; the others
# are counted per defect, or a part with thousands of them prints hundreds of pages.
TECHNICAL_SHEET_COMPLAINTS = 10


def _option_field(category, string, **kwargs):
    """A many2one to one maintained list of base data (基础信息)."""
    return fields.Many2one(
        "customer.archive.option",
        string=string,
        domain=[("category", "=", category)],
        index="btree_not_null",
        ondelete="restrict",
        **kwargs,
    )


class CustomerPart(models.Model):
    """A part the customer makes from our steel (产品信息): its engineering
    data, what it requires of the strip and how it is produced for."""

    _name = "customer.part"
    _description = "Customer Part"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "partner_id, part_number, id"
    _rec_names_search = ["part_number", "name"]

    name = fields.Char("Part Name", required=True, tracking=True)
    part_number = fields.Char(required=True, tracking=True, help="The customer's own number for this part.")
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
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users",
        string="Process Engineer",
        default=lambda self: self.env.user,
        tracking=True,
        help="The engineer who keeps this part's data and process plans.",
    )
    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product",
        string="Our Product",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="The product we sell for this part; choosing the part on a sale order line sets it.",
        check_company=True,
    )

    # Use and processing
    vehicle_model_id = _option_field("vehicle_model", "Vehicle Model", tracking=True)
    usage_position_id = _option_field("usage_position", "Usage Position")
    end_use_id = _option_field("end_use", "End Use")
    cold_forming_method_id = _option_field("cold_forming_method", "Cold-Forming Method")
    forming_difficulty_id = _option_field("forming_difficulty", "Forming Difficulty")
    production_grade_id = _option_field("production_grade", "Production Grade", tracking=True)
    delivery_grade_id = _option_field("delivery_grade", "Delivery Grade", tracking=True)
    product_standard = fields.Char(
        tracking=True,
        help="The standard the customer orders this part to, e.g. GB/T 5213-2019 or EN 10130; "
        "printed on the quality certificate.",
    )
    processing = fields.Text(help="How the customer processes the blank (加工情况).")
    ordering_requirements = fields.Text(help="Anything else agreed for orders of this part (订货要求).")

    # Blank and weights
    blank_thickness = fields.Float("Blank Thickness (mm)", digits=(8, 3))
    blank_width = fields.Float("Blank Width (mm)", digits=(8, 1))
    blank_length = fields.Float("Blank Length (mm)", digits=(8, 1))
    blank_size = fields.Char(compute="_compute_blank_size", help="Thickness × width × length in mm.")
    blank_gross_weight = fields.Float("Blank Gross Weight (kg)", digits=(10, 3), tracking=True)
    material_quota = fields.Float("Material Quota (kg)", digits=(10, 3), help="Material allowed per part.")
    part_net_weight = fields.Float("Part Net Weight (kg)", digits=(10, 3), tracking=True)
    utilization_rate = fields.Float(
        "Utilisation Rate (%)",
        compute="_compute_utilization_rate",
        store=True,
        aggregator="avg",
        digits=(5, 2),
        help="Part net weight divided by blank gross weight.",
    )
    drawing_ids = fields.Many2many(
        "ir.attachment",
        "customer_part_drawing_rel",
        "part_id",
        "attachment_id",
        string="Drawings",
    )

    # Requirements
    chemical_requirement_ids = fields.One2many(
        "customer.part.chemical.requirement", "part_id", string="Chemical Composition", copy=True
    )
    mechanical_requirement_ids = fields.One2many(
        "customer.part.mechanical.requirement", "part_id", string="Mechanical Properties", copy=True
    )
    surface_quality_id = _option_field("surface_quality", "Surface Quality")
    surface_structure_id = _option_field("surface_structure", "Surface Structure")
    surface_roughness_id = _option_field("surface_roughness", "Surface Roughness")
    roughness_min = fields.Float("Roughness Ra Min (µm)", digits=(6, 2))
    roughness_max = fields.Float("Roughness Ra Max (µm)", digits=(6, 2))
    oiling_type_id = _option_field("oiling_type", "Oiling Type")
    oiling_amount_min = fields.Float("Oiling Min (g/m²)", digits=(6, 2))
    oiling_amount_max = fields.Float("Oiling Max (g/m²)", digits=(6, 2))
    packaging_id = _option_field("packaging", "Packaging")
    edge_condition_id = _option_field("edge_condition", "Edge Condition")
    welding_method_id = _option_field("welding_method", "Welding Method")
    thickness_tolerance_lower = fields.Float("Thickness Tolerance − (mm)", digits=(6, 3))
    thickness_tolerance_upper = fields.Float("Thickness Tolerance + (mm)", digits=(6, 3))

    process_spec_ids = fields.One2many("customer.process.spec", "part_id", string="Process Control Plans")
    process_spec_count = fields.Integer(compute="_compute_process_spec_count")
    approved_spec_id = fields.Many2one(
        "customer.process.spec", string="Approved Plan", compute="_compute_process_spec_count"
    )

    _part_number_unique = models.UniqueIndex(
        "(partner_id, lower(part_number))",
        "This customer already has a part with this part number.",
    )

    @api.depends("blank_thickness", "blank_width", "blank_length")
    def _compute_blank_size(self):
        for part in self:
            sizes = (part.blank_thickness, part.blank_width, part.blank_length)
            part.blank_size = " × ".join(f"{size:g}" for size in sizes) if any(sizes) else False

    @api.depends("blank_gross_weight", "part_net_weight")
    def _compute_utilization_rate(self):
        for part in self:
            gross = part.blank_gross_weight
            part.utilization_rate = 100.0 * part.part_net_weight / gross if gross > 0 else 0.0

    def _compute_process_spec_count(self):
        Spec = self.env["customer.process.spec"]
        counts = dict(Spec._read_group([("part_id", "in", self.ids)], ["part_id"], ["__count"]))
        approved = {
            spec.part_id: spec for spec in Spec.search([("part_id", "in", self.ids), ("state", "=", "approved")])
        }
        for part in self:
            part.process_spec_count = counts.get(part, 0)
            part.approved_spec_id = approved.get(part, Spec)

    @api.depends("part_number", "name")
    def _compute_display_name(self):
        for part in self:
            part.display_name = f"[{part.part_number}] {part.name}" if part.part_number else part.name

    @api.constrains("blank_gross_weight", "part_net_weight", "material_quota")
    def _check_weights(self):
        for part in self:
            if part.blank_gross_weight <= 0:
                raise ValidationError(
                    self.env._(
                        'The blank gross weight of part "%(part)s" must be greater than zero.',
                        part=part.display_name,
                    )
                )
            if part.part_net_weight <= 0:
                raise ValidationError(
                    self.env._(
                        'The part net weight of part "%(part)s" must be greater than zero.',
                        part=part.display_name,
                    )
                )
            if float_compare(part.part_net_weight, part.blank_gross_weight, precision_digits=3) > 0:
                raise ValidationError(
                    self.env._(
                        'The blank gross weight of part "%(part)s" (%(gross)s kg) cannot be below '
                        "its net weight (%(net)s kg).",
                        part=part.display_name,
                        gross=part.blank_gross_weight,
                        net=part.part_net_weight,
                    )
                )
            if part.material_quota < 0:
                raise ValidationError(self.env._("The material quota cannot be negative."))

    @api.constrains(
        "blank_thickness",
        "blank_width",
        "blank_length",
        "roughness_min",
        "roughness_max",
        "oiling_amount_min",
        "oiling_amount_max",
        "thickness_tolerance_lower",
        "thickness_tolerance_upper",
    )
    def _check_ranges(self):
        for part in self:
            if min(part.blank_thickness, part.blank_width, part.blank_length) < 0:
                raise ValidationError(self.env._("Blank dimensions cannot be negative."))
            ranges = [
                (self.env._("Roughness Ra"), part.roughness_min, part.roughness_max),
                (self.env._("Oiling amount"), part.oiling_amount_min, part.oiling_amount_max),
            ]
            for label, minimum, maximum in ranges:
                if minimum < 0 or (maximum and minimum > maximum):
                    raise ValidationError(
                        self.env._(
                            "%(requirement)s of part %(part)s: the minimum (%(min)s) is above the "
                            "maximum (%(max)s) or negative.",
                            requirement=label,
                            part=part.display_name,
                            min=minimum,
                            max=maximum,
                        )
                    )
            if part.thickness_tolerance_lower > part.thickness_tolerance_upper:
                raise ValidationError(
                    self.env._(
                        "Thickness tolerance of part %(part)s: the lower deviation (%(lower)s mm) "
                        "is above the upper deviation (%(upper)s mm).",
                        part=part.display_name,
                        lower=part.thickness_tolerance_lower,
                        upper=part.thickness_tolerance_upper,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_company(self):
        for part in self:
            if part.partner_id != part.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        'Parts belong to the customer company, not to the contact "%(contact)s".',
                        contact=part.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._clean_part_number(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._clean_part_number(vals)
        return super().write(vals)

    @api.model
    def _clean_part_number(self, vals):
        """A part number is kept without surrounding spaces and is never blank."""
        if "part_number" in vals:
            if isinstance(vals["part_number"], str):
                vals["part_number"] = vals["part_number"].strip()
            if not vals["part_number"]:
                raise ValidationError(self.env._("The part number cannot be empty."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_plans(self):
        if (
            self.env["customer.process.spec"]
            .with_context(active_test=False)
            .search_count([("part_id", "in", self.ids)], limit=1)
        ):
            raise UserError(self.env._("A part with process control plans cannot be deleted. Archive it instead."))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "part_number" not in (default or {}):
            for part, vals in zip(self, vals_list, strict=True):
                vals["part_number"] = self.env._("%s (copy)", part.part_number)
        return vals_list

    def action_view_process_specs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_process_spec_action")
        action["domain"] = [("part_id", "=", self.id)]
        action["context"] = {
            "default_part_id": self.id,
            "default_partner_id": self.partner_id.id,
            "search_default_filter_current": 0,
        }
        return action

    def action_find_similar_specs(self):
        """The plan library (搜索出相关的生产工艺控制): approved plans of other
        parts for the same production grade whose size range holds this blank."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_process_spec_action")
        action["domain"] = self._similar_spec_domain()
        action["context"] = {"default_partner_id": self.partner_id.id}
        action["display_name"] = self.env._("Plans like %s", self.display_name)
        return action

    def _similar_spec_domain(self):
        domain = [("state", "=", "approved"), ("part_id", "!=", self.id)]
        if self.production_grade_id:
            domain.append(("production_grade_id", "=", self.production_grade_id.id))
        if self.blank_thickness:
            domain += [
                "|",
                ("thickness_min", "=", 0),
                ("thickness_min", "<=", self.blank_thickness),
                "|",
                ("thickness_max", "=", 0),
                ("thickness_max", ">=", self.blank_thickness),
            ]
        if self.blank_width:
            domain += [
                "|",
                ("width_min", "=", 0),
                ("width_min", "<=", self.blank_width),
                "|",
                ("width_max", "=", 0),
                ("width_max", ">=", self.blank_width),
            ]
        if self.surface_quality_id:
            domain += [
                "|",
                ("surface_quality_id", "=", False),
                ("surface_quality_id", "=", self.surface_quality_id.id),
            ]
        return domain

    def _technical_sheet_complaints(self, limit=TECHNICAL_SHEET_COMPLAINTS):
        """The latest quality objections of this part (never the rejected
        ones), for the technical sheet: production must not repeat them. All
        of them are counted per defect in _technical_sheet_defects."""
        self.ensure_one()
        complaints = (
            self.env["customer.complaint"]
            .sudo()
            .search(
                [("part_id", "=", self.id), ("stage_id.is_rejected", "=", False)],
                order="date_received desc, id desc",
                limit=limit,
            )
        )
        severities = dict(complaints._fields["severity"]._description_selection(self.env))
        return [
            {
                "date": fields.Date.to_string(complaint.date_received.date()),
                "number": complaint.name,
                "defect": complaint.defect_type_id.name or "",
                "severity": severities.get(complaint.severity, ""),
                "measures": complaint._plain("corrective_action") or complaint._plain("containment_action"),
            }
            for complaint in complaints
        ]

    def _technical_sheet_defects(self):
        """The quality objections of this part per defect, most frequent
        first: defect, count, latest date and worst severity (one grouped query)."""
        self.ensure_one()
        Complaint = self.env["customer.complaint"].sudo()
        groups = Complaint._read_group(
            [("part_id", "=", self.id), ("stage_id.is_rejected", "=", False)],
            ["defect_type_id"],
            ["__count", "date_received:max", "severity_rank:max"],
        )
        severities = dict(Complaint._fields["severity"]._description_selection(self.env))
        rank_to_severity = {rank: severity for severity, rank in SEVERITY_RANK.items()}
        lines = [
            {
                "defect": defect.name or "",
                "count": count,
                "date": fields.Date.to_string(last_date.date()),
                "severity": severities.get(rank_to_severity.get(worst_rank), ""),
            }
            for defect, count, last_date, worst_rank in groups
        ]
        # Stable: equal counts keep the defects' order.
        return sorted(lines, key=lambda line: -line["count"])

    def _technical_sheet_key_points(self):
        """Key process control points: the key set points of the approved plan."""
        self.ensure_one()
        return self.approved_spec_id.line_ids.filtered("is_key_point")
