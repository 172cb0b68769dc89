from odoo import fields, models

from .customer_complaint_sla_policy import SEVERITIES


class CustomerLotDefect(models.Model):
    """A defect the grading station found on a coil (判定缺陷): the type from
    the defect catalogue, how bad and where. A coil carrying a defect type a
    customer complained about is not shipped to that customer."""

    _name = "customer.lot.defect"
    _description = "Coil Defect Found at Grading"
    _order = "lot_id, id"

    lot_id = fields.Many2one("stock.lot", string="Coil", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    defect_type_id = fields.Many2one(
        "customer.defect.type", required=True, ondelete="restrict", domain=[("kind", "=", "quality")]
    )
    severity = fields.Selection(SEVERITIES, required=True, default="major")
    position = fields.Char(help="Where on the coil: e.g. outer laps, 120 m from the head, operator side.")
