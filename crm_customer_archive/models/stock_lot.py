import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
