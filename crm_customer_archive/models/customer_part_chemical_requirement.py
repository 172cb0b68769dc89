from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerPartChemicalRequirement(models.Model):
    """One element of the chemical composition a part requires (化学成分)."""

    _name = "customer.part.chemical.requirement"
    _description = "Customer Part Chemical Requirement"
    _inherit = ["customer.archive.input.mixin"]
    _order = "part_id, sequence, id"

    part_id = fields.Many2one("customer.part", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="part_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    element_id = fields.Many2one(
        "customer.archive.option",
        required=True,
        domain=[("category", "=", "chemical_element")],
        ondelete="restrict",
    )
    min_percent = fields.Float("Min (%)", digits=(6, 4))
    max_percent = fields.Float("Max (%)", digits=(6, 4))

    _element_unique = models.UniqueIndex("(part_id, element_id)", "Each element can be required only once per part.")

    @api.constrains("min_percent", "max_percent")
    def _check_range(self):
        for requirement in self:
            low, high = requirement.min_percent, requirement.max_percent
            if not (0 <= low <= 100 and 0 <= high <= 100):
                raise ValidationError(
                    self.env._(
                        "%(element)s: percentages must lie between 0 and 100.",
                        element=requirement.element_id.name,
                    )
                )
            if high and low > high:
                raise ValidationError(
                    self.env._(
                        "%(element)s: the minimum (%(min)s %%) is above the maximum (%(max)s %%).",
                        element=requirement.element_id.name,
                        min=low,
                        max=high,
                    )
                )

    def _is_met_by(self, value):
        """True when a measured percentage meets this requirement (a zero
        maximum means no upper bound)."""
        self.ensure_one()
        return value >= self.min_percent and (not self.max_percent or value <= self.max_percent)
