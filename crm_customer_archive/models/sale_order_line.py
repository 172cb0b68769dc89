from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    contract_line_id = fields.Many2one(
        "customer.contract.line",
        compute="_compute_contract_line_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        domain="[('contract_id', '=', parent.contract_id), ('product_id', '=', product_id)]",
    )

    @api.depends("order_id.contract_id", "product_id")
    def _compute_contract_line_id(self):
        for line in self:
            contract = line.order_id.contract_id
            if line.contract_line_id.contract_id == contract and line.contract_line_id.product_id == line.product_id:
                continue
            candidates = contract.line_ids.filtered(lambda cl, product=line.product_id: cl.product_id == product)
            line.contract_line_id = (
                candidates.filtered(lambda cl: cl.qty_remaining > 0)[:1] or candidates[:1]
                if line.product_id and not line.display_type
                else False
            )

    @api.depends("contract_line_id")
    def _compute_price_unit(self):
        # Contract prices win over the pricelist until the line is invoiced.
        contract_lines = self.filtered(lambda line: line.contract_line_id and line.order_id and not line.qty_invoiced)
        for line in contract_lines:
            contract_line = line.contract_line_id
            price = contract_line.product_uom_id._compute_price(contract_line.price_unit, line.product_uom_id)
            line.update({"price_unit": price, "technical_price_unit": price})
        return super(SaleOrderLine, self - contract_lines)._compute_price_unit()
