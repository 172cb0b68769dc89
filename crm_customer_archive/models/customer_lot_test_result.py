from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Printed digits: chemistry in % needs up to 4 decimals (C ≤ 0.005), mechanics
# rarely any (Rp0.2 162 MPa) but r and n values do (1.85, 0.215).
PRINTED_DIGITS = {"chemical": (2, 4), "mechanical": (0, 3)}


def format_measure(value, kind):
    """A measured or required value as printed: as many decimals as it
    needs within its kind's range, "0.005" rather than "0.0050"."""
    min_digits, max_digits = PRINTED_DIGITS[kind]
    whole, _point, decimals = f"{value:.{max_digits}f}".partition(".")
    decimals = decimals.rstrip("0").ljust(min_digits, "0")
    return f"{whole}.{decimals}" if decimals else whole


class CustomerLotTestResult(models.Model):
    """A chemistry or mechanical test result of one coil (stock.lot), printed
    on the quality certificate against the customer's requirement."""

    _name = "customer.lot.test.result"
    _description = "Coil Test Result"
    _inherit = ["customer.archive.input.mixin"]
    _order = "lot_id, test_kind, sequence, id"

    lot_id = fields.Many2one("stock.lot", string="Coil / Lot", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="lot_id.company_id", store=True)
    characteristic_id = fields.Many2one(
        "customer.archive.option",
        string="Element / Property",
        required=True,
        domain=[("category", "in", ("chemical_element", "mechanical_property"))],
        ondelete="restrict",
    )
    test_kind = fields.Selection(
        [("chemical", "Chemical Composition"), ("mechanical", "Mechanical Property")],
        compute="_compute_test_kind",
        store=True,
    )
    sequence = fields.Integer(related="characteristic_id.sequence", store=True)
    unit = fields.Char(compute="_compute_unit")
    value = fields.Float(digits=(12, 4), required=True)

    _characteristic_unique = models.UniqueIndex(
        "(lot_id, characteristic_id)", "Each element or property is recorded once per coil."
    )

    @api.depends("characteristic_id.category")
    def _compute_test_kind(self):
        for result in self:
            category = result.characteristic_id.category
            result.test_kind = "chemical" if category == "chemical_element" else "mechanical"

    @api.depends("characteristic_id")
    def _compute_unit(self):
        for result in self:
            result.unit = "%" if result.test_kind == "chemical" else result.characteristic_id.unit

    @api.constrains("value", "characteristic_id")
    def _check_value(self):
        for result in self:
            if result.value < 0 or (result.test_kind == "chemical" and result.value > 100):
                raise ValidationError(
                    self.env._(
                        "%(characteristic)s of coil %(lot)s: %(value)s is not a possible test result.",
                        characteristic=result.characteristic_id.name,
                        lot=result.lot_id.name,
                        value=result.value,
                    )
                )
