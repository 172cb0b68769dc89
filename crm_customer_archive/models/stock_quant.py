from odoo import models
from odoo.fields import Domain


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_gather_domain(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False):
        domain = super()._get_gather_domain(product_id, location_id, lot_id, package_id, owner_id, strict)
        blocked = self.env.context.get("grading_blocked_lot_ids")
        if blocked:  # see stock.move._update_reserved_quantity_vals
            domain &= Domain("lot_id", "not in", blocked)
        return domain
