from odoo import fields, models
from odoo.tools import SQL


class CustomerObjectionRateReport(models.Model):
    """Quality objections per 1 000 t delivered (质量异议率), per customer,
    production grade and month: tonnage from validated deliveries (the coil's
    weight, else the delivered quantity, sold by the tonne), objections from
    the quality complaints received (rejected ones do not count)."""

    _name = "customer.objection.rate.report"
    _description = "Objection Rate per 1 000 t"
    _auto = False
    _order = "date desc"

    date = fields.Date("Month", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    production_grade_id = fields.Many2one("customer.archive.option", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tonnage = fields.Float("Delivered (t)", digits=(16, 3), readonly=True)
    objection_count = fields.Integer("Objections", readonly=True)
    objection_rate = fields.Float(
        "Objections per 1 000 t",
        digits=(16, 2),
        readonly=True,
        help="Objections × 1 000 / delivered tonnes, over whatever is grouped.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER () AS id, date, partner_id, production_grade_id, company_id,
                   SUM(tonnage) AS tonnage, SUM(objection_count)::integer AS objection_count,
                   SUM(objection_count) * 1000.0 / NULLIF(SUM(tonnage), 0) AS objection_rate
              FROM (
                    SELECT date_trunc('month', line.date)::date AS date,
                           customer.commercial_partner_id AS partner_id,
                           COALESCE(lot.production_grade_id, part.production_grade_id) AS production_grade_id,
                           line.company_id,
                           COALESCE(NULLIF(lot.coil_weight, 0), line.quantity) AS tonnage,
                           0 AS objection_count
                      FROM stock_move_line line
                      JOIN stock_picking picking ON picking.id = line.picking_id
                      JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                      JOIN res_partner customer ON customer.id = picking.partner_id
                      JOIN stock_move move ON move.id = line.move_id
                 LEFT JOIN stock_lot lot ON lot.id = line.lot_id
                 LEFT JOIN sale_order_line sale_line ON sale_line.id = move.sale_line_id
                 LEFT JOIN customer_part part ON part.id = sale_line.customer_part_id
                     WHERE line.state = 'done' AND picking_type.code = 'outgoing'
                 UNION ALL
                    SELECT date_trunc('month', complaint.date_received)::date,
                           complaint.partner_id,
                           part.production_grade_id,
                           complaint.company_id,
                           0,
                           1
                      FROM customer_complaint complaint
                      JOIN customer_complaint_stage stage ON stage.id = complaint.stage_id
                 LEFT JOIN customer_part part ON part.id = complaint.part_id
                     WHERE complaint.kind = 'quality' AND stage.is_rejected IS NOT TRUE
                       AND complaint.active IS NOT FALSE
                   ) AS facts
          GROUP BY date, partner_id, production_grade_id, company_id
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """The rate of a group is the ratio of its sums, never a sum of rates."""
        if aggregate_spec.split(":")[0] == "objection_rate":
            return SQL(
                "SUM(%s) * 1000.0 / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "objection_count", query),
                self._field_to_sql(self._table, "tonnage", query),
            )
        return super()._read_group_select(aggregate_spec, query)
