from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    customer_part_id = fields.Many2one(
        "customer.part",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', 'parent_of', parent.partner_id)]",
        help="The customer's part this steel is for; choosing it sets the product.",
    )
    customer_part_number = fields.Char(related="customer_part_id.part_number", string="Customer Part No.")

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

    @api.onchange("customer_part_id")
    def _onchange_customer_part_id(self):
        if self.customer_part_id.product_id:
            self.product_id = self.customer_part_id.product_id

    @api.model_create_multi
    def create(self, vals_list):
        # API clients may give only the part: its product is the line's product.
        for vals in vals_list:
            if vals.get("customer_part_id") and not vals.get("product_id"):
                part = self.env["customer.part"].browse(vals["customer_part_id"])
                if part.product_id:
                    vals["product_id"] = part.product_id.id
        return super().create(vals_list)

    @api.constrains("customer_part_id", "order_partner_id")
    def _check_customer_part(self):
        for line in self.filtered("customer_part_id"):
            if line.customer_part_id.partner_id != line.order_id.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        'Part "%(part)s" belongs to %(owner)s, not to the customer of order %(order)s.',
                        part=line.customer_part_id.display_name,
                        owner=line.customer_part_id.partner_id.display_name,
                        order=line.order_id.name,
                    )
                )
