from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # Shown in the dialog where the coils of a delivery are chosen.
    customer_sensitivity_warning = fields.Text(related="picking_id.customer_sensitivity_warning")

    def _update_reserved_quantity_vals(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        """Automatic reservation for a customer takes only coils that can be
        shipped to that customer: it skips the coils the grading gate would
        stop, untested ones included (a manual choice of an untested coil is
        allowed: its results may come before the delivery leaves)."""
        move = self
        if not lot_id:
            blocked = self._grading_blocked_lots(location_id)
            if blocked:
                move = self.with_context(grading_blocked_lot_ids=blocked.ids)
        return super(StockMove, move)._update_reserved_quantity_vals(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _grading_blocked_lots(self, location):
        self.ensure_one()
        customer = self.picking_id.partner_id
        if self.picking_code != "outgoing" or not customer or self.product_id.tracking == "none":
            return self.env["stock.lot"]
        candidates = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product_id.id),
                ("location_id", "child_of", location.id),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
            ]
        )
        part = self.sale_line_id.customer_part_id
        return self.env["stock.lot"].union(*candidates.lot_id._grading_findings(customer, part, "validation"))
