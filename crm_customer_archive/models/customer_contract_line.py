from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Changing these once the contract is signed would rewrite what was agreed.
AGREED_FIELDS = {"product_id", "quantity", "product_uom_id", "price_unit", "contract_id"}


class CustomerContractLine(models.Model):
    _name = "customer.contract.line"
    _description = "Customer Contract Line"
    _inherit = ["customer.archive.input.mixin"]
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one("customer.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Customer", index=True)
    # Indexed for the "Contracts in Force" default filter of the execution list.
    contract_state = fields.Selection(related="contract_id.state", store=True, string="Contract Status", index=True)
    date_end = fields.Date(related="contract_id.date_end", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        domain="[('sale_ok', '=', True)]",
        check_company=True,
    )
    name = fields.Text(
        "Description", compute="_compute_name", store=True, readonly=False, precompute=True, required=True
    )
    quantity = fields.Float("Contracted Qty", required=True, default=1.0, digits="Product Unit")
    product_uom_id = fields.Many2one(
        "uom.uom",
        "Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    price_unit = fields.Float("Unit Price", required=True, digits="Product Price", default=0.0)
    amount = fields.Monetary(compute="_compute_amount", store=True)
    sale_line_ids = fields.One2many("sale.order.line", "contract_line_id", "Sale Order Lines")

    # Execution (stored, recomputed when orders, deliveries, invoices or payments change)
    qty_ordered = fields.Float(
        "Ordered", compute="_compute_execution", store=True, digits="Product Unit", help="Confirmed sale orders."
    )
    qty_delivered = fields.Float("Delivered", compute="_compute_execution", store=True, digits="Product Unit")
    qty_invoiced = fields.Float("Invoiced", compute="_compute_execution", store=True, digits="Product Unit")
    amount_paid = fields.Monetary(
        "Paid",
        compute="_compute_execution",
        store=True,
        help="Share of the posted customer invoices (less credit notes) of this line that has been paid.",
    )
    qty_remaining = fields.Float(
        "Remaining", compute="_compute_remaining", store=True, digits="Product Unit", help="Contracted minus ordered."
    )
    amount_ordered = fields.Monetary(compute="_compute_remaining", store=True)
    amount_delivered = fields.Monetary(compute="_compute_remaining", store=True)
    amount_invoiced = fields.Monetary(compute="_compute_remaining", store=True)
    progress = fields.Float(
        "Progress (%)", compute="_compute_remaining", store=True, aggregator="avg", help="Delivered / contracted."
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or line.product_uom_id != line.product_id.uom_id:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.price_unit) if line.currency_id else 0.0

    @api.depends(
        "product_uom_id",
        "sale_line_ids.state",
        "sale_line_ids.product_uom_qty",
        "sale_line_ids.product_uom_id",
        "sale_line_ids.qty_delivered",
        "sale_line_ids.qty_invoiced",
        "sale_line_ids.invoice_lines.parent_state",
        "sale_line_ids.invoice_lines.price_subtotal",
        "sale_line_ids.invoice_lines.move_id.amount_residual",
    )
    def _compute_execution(self):
        quantities = self._ordered_quantities()
        paid = self._paid_amounts()
        for line in self:
            ordered, delivered, invoiced = quantities.get(line._origin.id, (0.0, 0.0, 0.0))
            line.qty_ordered = ordered
            line.qty_delivered = delivered
            line.qty_invoiced = invoiced
            line.amount_paid = line.currency_id.round(paid.get(line._origin.id, 0.0)) if line.currency_id else 0.0

    def _ordered_quantities(self):
        """{line id: (ordered, delivered, invoiced)} in the line's unit, over confirmed orders."""
        line_ids = [line_id for line_id in self._origin.ids if line_id]
        if not line_ids:
            return {}
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("contract_line_id", "in", line_ids), ("state", "=", "sale")],
                ["contract_line_id", "product_uom_id"],
                ["product_uom_qty:sum", "qty_delivered:sum", "qty_invoiced:sum"],
            )
        )
        totals = defaultdict(lambda: [0.0, 0.0, 0.0])
        for contract_line, uom, ordered, delivered, invoiced in groups:
            target = contract_line.product_uom_id
            total = totals[contract_line.id]
            for index, quantity in enumerate((ordered, delivered, invoiced)):
                total[index] += uom._compute_quantity(quantity, target) if uom and target else quantity
        return {line_id: tuple(values) for line_id, values in totals.items()}

    def _paid_amounts(self):
        """{line id: paid amount}: each posted invoice line counts for the paid
        share of its invoice (amount_total - amount_residual) / amount_total;
        credit notes count negatively. One query for all lines."""
        line_ids = [line_id for line_id in self._origin.ids if line_id]
        if not line_ids:
            return {}
        self.env["sale.order.line"].flush_model(["contract_line_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(["price_subtotal", "move_id"])
        self.env["account.move"].flush_model(["state", "move_type", "amount_total", "amount_residual"])
        self.env.cr.execute(
            SQL(
                """
                SELECT sol.contract_line_id,
                       SUM(aml.price_subtotal * (move.amount_total - move.amount_residual) / move.amount_total
                           * CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END)
                  FROM sale_order_line sol
                  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE sol.contract_line_id = ANY(%s)
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.amount_total != 0
                 GROUP BY sol.contract_line_id
                """,
                line_ids,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.depends("quantity", "price_unit", "qty_ordered", "qty_delivered", "qty_invoiced")
    def _compute_remaining(self):
        for line in self:
            line.qty_remaining = line.quantity - line.qty_ordered
            line.amount_ordered = line.qty_ordered * line.price_unit
            line.amount_delivered = line.qty_delivered * line.price_unit
            line.amount_invoiced = line.qty_invoiced * line.price_unit
            line.progress = 100.0 * line.qty_delivered / line.quantity if line.quantity else 0.0

    @api.constrains("quantity", "price_unit")
    def _check_quantity_price(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The contracted quantity of %(product)s must be greater than zero (%(quantity)s).",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                    )
                )
            if line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "The unit price of %(product)s cannot be negative (%(price)s).",
                        product=line.product_id.display_name,
                        price=line.price_unit,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        contract_ids = [vals["contract_id"] for vals in vals_list if vals.get("contract_id")]
        self.env["customer.contract"].browse(contract_ids)._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        if AGREED_FIELDS & set(vals):
            self.contract_id._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft(self):
        self.contract_id._check_lines_editable()
