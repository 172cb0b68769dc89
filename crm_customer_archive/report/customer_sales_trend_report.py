from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_value import invoice_lines_query


class CustomerSalesTrendReport(models.Model):
    """The increase/decrease table (增减表): invoiced amount and tonnage per
    customer and product category, in the last 12 months and the 12 before,
    from posted customer invoices and refunds (the figures of customer.value)."""

    _name = "customer.sales.trend.report"
    _description = "Sales Trend"
    _auto = False
    _order = "partner_id, period"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    period = fields.Selection([("previous", "Previous 12 Months"), ("current", "Last 12 Months")], readonly=True)
    amount = fields.Monetary("Revenue", readonly=True, help="Untaxed, in the company currency, refunds deducted.")
    amount_change = fields.Monetary(
        "Change",
        readonly=True,
        help="Revenue of the last 12 months counted positive, of the 12 before negative: "
        "summed over both periods, the increase (or decrease).",
    )
    tonnage = fields.Float("Tonnage (t)", digits=(16, 3), readonly=True)
    tonnage_change = fields.Float("Tonnage Change (t)", digits=(16, 3), readonly=True)

    @property
    def _table_query(self):
        lines = invoice_lines_query(fields.Date.context_today(self))
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY lines.partner_id, categ_id, lines.company_id, is_current) AS id,
                   lines.partner_id, categ_id AS product_categ_id, lines.company_id, company.currency_id,
                   CASE WHEN is_current THEN 'current' ELSE 'previous' END AS period,
                   SUM(revenue) AS amount,
                   SUM(revenue) * CASE WHEN is_current THEN 1 ELSE -1 END AS amount_change,
                   COALESCE(SUM(tonnes), 0) AS tonnage,
                   COALESCE(SUM(tonnes), 0) * CASE WHEN is_current THEN 1 ELSE -1 END AS tonnage_change
              FROM (%s) lines
              JOIN res_company company ON company.id = lines.company_id
          GROUP BY lines.partner_id, categ_id, lines.company_id, company.currency_id, is_current
            """,
            lines,
        )
