from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerPartMechanicalRequirement(models.Model):
    """One mechanical property a part requires (力学性能), such as yield
    strength or elongation, with its unit and allowed range."""

    _name = "customer.part.mechanical.requirement"
    _description = "Customer Part Mechanical Requirement"
    _inherit = ["customer.archive.input.mixin"]
    _order = "part_id, sequence, id"

    part_id = fields.Many2one("customer.part", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="part_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    property_id = fields.Many2one(
        "customer.archive.option",
        required=True,
        domain=[("category", "=", "mechanical_property")],
        ondelete="restrict",
    )
    unit = fields.Char(compute="_compute_unit", store=True, readonly=False)
    min_value = fields.Float("Min", digits=(10, 3))
    max_value = fields.Float("Max", digits=(10, 3))

    _property_unique = models.UniqueIndex("(part_id, property_id)", "Each property can be required only once per part.")

    @api.depends("property_id")
    def _compute_unit(self):
        for requirement in self:
            requirement.unit = requirement.property_id.unit

    @api.constrains("min_value", "max_value")
    def _check_range(self):
        for requirement in self:
            if requirement.max_value and requirement.min_value > requirement.max_value:
                raise ValidationError(
                    self.env._(
                        "%(property)s: the minimum (%(min)s) is above the maximum (%(max)s).",
                        property=requirement.property_id.name,
                        min=requirement.min_value,
                        max=requirement.max_value,
                    )
                )

    def _is_met_by(self, value):
        """True when a measured value meets this requirement (a zero maximum
        means no upper bound)."""
        self.ensure_one()
        return value >= self.min_value and (not self.max_value or value <= self.max_value)
