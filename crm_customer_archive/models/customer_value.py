from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_amount

RFM_SEGMENTS = [
    ("important_value", "Important Value"),
    ("important_development", "Important Development"),
    ("important_retention", "Important Retention"),
    ("important_recall", "Important Recall"),
    ("general_value", "General Value"),
    ("general_development", "General Development"),
    ("general_retention", "General Retention"),
    ("general_recall", "General Recall"),
]
LEVELS = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
MANAGER_GROUP = "crm_customer_archive.group_archive_manager"
CHURN_FLAGS = {
    "revenue_drop": "churn_revenue_drop",
    "complaint": "churn_complaint",
    "overdue": "churn_overdue",
    "no_followup": "churn_no_followup",
}
# The figures the refresh writes (all but the keys and the partner's own level).
VALUE_COLUMNS = (
    "last_order_date",
    "last_followup_date",
    "order_count_12m",
    "revenue_12m",
    "revenue_prev_12m",
    "revenue_trend",
    "tonnage_12m",
    "margin_12m",
    "revenue_share",
    "recency_score",
    "frequency_score",
    "monetary_score",
    "rfm_segment",
    "suggested_level",
    "customer_level",
    "level_differs",
    "open_complaint_count",
    "overdue_amount",
    "churn_revenue_drop",
    "churn_complaint",
    "churn_overdue",
    "churn_no_followup",
)


def invoice_lines_query(today):
    """The product lines of the posted customer invoices and refunds of the
    24 months up to ``today``: partner_id (commercial), company_id, categ_id,
    is_current (last 12 months), revenue, product_qty (in the product's
    unit), tonnes and cost (the product's standard cost in the company).

    Revenue from the lines, not account_move.amount_untaxed_signed: tonnage
    and margin need each line's product and quantity, and minus the balance of
    a product line is its untaxed amount in the company currency, negative on
    refunds (the same total as amount_untaxed_signed). Tonnes: a quantity in
    a weight unit converted to t (weight units hang under the gram: their
    factor is in grams), else quantity x the product's weight (kg) / 1000."""
    start = today - relativedelta(months=12)
    return SQL(
        """
        WITH units AS MATERIALIZED (  -- once per unit, not per line
            SELECT id, factor,
                   CASE WHEN parent_path LIKE (SELECT res_id::text || '/%%' FROM ir_model_data
                                                WHERE module = 'uom' AND name = 'product_uom_gram')
                        THEN factor / 1000000 END AS tonnes
              FROM uom_uom
        )
        SELECT move.commercial_partner_id AS partner_id, line.company_id, template.categ_id,
               line.invoice_date >= %(start)s AS is_current,
               -line.balance AS revenue,
               sign.sign * line.quantity * unit.factor / NULLIF(product_unit.factor, 0) AS product_qty,
               sign.sign * line.quantity * COALESCE(
                   unit.tonnes, unit.factor / NULLIF(product_unit.factor, 0) * COALESCE(product.weight, 0) / 1000
               ) AS tonnes,
               (product.standard_price ->> line.company_id::text)::numeric AS cost
          FROM account_move_line line
          JOIN account_move move ON move.id = line.move_id
         CROSS JOIN LATERAL (SELECT CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END AS sign) sign
     LEFT JOIN units unit ON unit.id = line.product_uom_id
     LEFT JOIN product_product product ON product.id = line.product_id
     LEFT JOIN product_template template ON template.id = product.product_tmpl_id
     LEFT JOIN units product_unit ON product_unit.id = template.uom_id
         WHERE line.parent_state = 'posted' AND line.display_type = 'product'
           AND move.move_type IN ('out_invoice', 'out_refund')
           AND line.invoice_date >= %(start_prev)s AND line.invoice_date <= %(today)s
        """,
        today=today,
        start=start,
        start_prev=start - relativedelta(months=12),
    )


class CustomerValue(models.Model):
    """What a customer is worth to a company, from the ERP's confirmed orders,
    posted invoices, complaints and follow-ups (客户价值). Written only by
    ``_refresh_values()`` (daily cron), for every customer at once in one SQL
    statement; read by the Key Customers list and the customer form."""

    _name = "customer.value"
    _description = "Customer Value"
    _order = "revenue_12m desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Account Manager")
    archive_state = fields.Selection(related="partner_id.archive_state")
    # Stored: the "level differs" filter follows a level changed by hand at once.
    customer_level = fields.Selection(related="partner_id.customer_level", store=True)
    last_order_date = fields.Date("Last Order", readonly=True, help="Date of the last confirmed sale order.")
    last_followup_date = fields.Date("Last Follow-up", readonly=True, help="Start of the last follow-up done.")
    order_count_12m = fields.Integer("Orders (12 months)", readonly=True)
    revenue_12m = fields.Monetary(
        "Revenue (12 months)",
        readonly=True,
        help="Untaxed amount of the posted customer invoices of the last 12 months, minus refunds.",
    )
    revenue_prev_12m = fields.Monetary("Revenue (previous 12 months)", readonly=True)
    revenue_trend = fields.Float(
        "Revenue Trend (%)",
        digits=(16, 1),
        readonly=True,
        aggregator=False,
        help="Change of the last 12 months' revenue against the 12 months before; empty without revenue before.",
    )
    tonnage_12m = fields.Float("Tonnage (12 months, t)", digits=(16, 3), readonly=True)
    margin_12m = fields.Monetary(
        "Gross Margin (12 months)",
        readonly=True,
        help="Revenue minus quantity × the product's cost, over the invoice lines whose product has a cost.",
    )
    revenue_share = fields.Float(
        "Share of Revenue (%)", digits=(16, 2), readonly=True, help="Share of the company's 12-month revenue."
    )
    recency_score = fields.Integer("R", readonly=True, aggregator=False, help="Recency score 1–5 (5: ordered last).")
    frequency_score = fields.Integer("F", readonly=True, aggregator=False, help="Frequency score 1–5 (5: most orders).")
    monetary_score = fields.Integer("M", readonly=True, aggregator=False, help="Monetary score 1–5 (5: most revenue).")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True)
    suggested_level = fields.Selection(
        LEVELS,
        readonly=True,
        help="ABC by cumulative revenue share: A the customers making the first 70 %, B up to 90 %, "
        "C the rest with revenue, D no revenue in 12 months.",
    )
    level_differs = fields.Boolean(
        compute="_compute_level_differs", store=True, help="The suggested level is not the level set by hand."
    )
    open_complaint_count = fields.Integer("Complaints Open Too Long", readonly=True)
    overdue_amount = fields.Monetary("Overdue Receivables", readonly=True)
    churn_revenue_drop = fields.Boolean("Revenue Falling", readonly=True)
    churn_complaint = fields.Boolean("Complaints Without Closure", readonly=True)
    churn_overdue = fields.Boolean("Overdue Payments", readonly=True)
    churn_no_followup = fields.Boolean("No Follow-up", readonly=True)

    _partner_company_unique = models.Constraint(
        "UNIQUE(partner_id, company_id)", "A customer has one value record per company."
    )

    @api.depends("customer_level", "suggested_level")
    def _compute_level_differs(self):
        for value in self:
            value.level_differs = bool(value.suggested_level) and value.suggested_level != value.customer_level

    # ------------------------------------------------------------------
    # The nightly refresh
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh_customer_values(self):
        self._refresh_values()
        self._apply_automatic_status()
        self._schedule_churn_warnings()

    @api.model
    def _refresh_values(self):
        """Recompute the figures of every archive customer in every company:
        one INSERT … ON CONFLICT UPDATE and one DELETE of the customers that
        left the archive, whatever the number of customers and documents."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        self.env.cr.execute(self._refresh_query(today))
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM customer_value value
                 WHERE NOT EXISTS (SELECT 1 FROM res_partner partner
                                    WHERE partner.id = value.partner_id AND partner.archive_state IS NOT NULL
                                      AND partner.active)
                """
            )
        )
        self.invalidate_model()

    @api.model
    def _refresh_query(self, today):
        start = today - relativedelta(months=12)
        params = {"today": today, "start": start, "lines": invoice_lines_query(today)}
        followups = SQL(
            """
            SELECT partner_id, MAX(date_start)::date AS last_followup_date
              FROM customer_followup WHERE state = 'done' GROUP BY partner_id
            """
        )
        columns = SQL(", ").join(SQL.identifier(column) for column in VALUE_COLUMNS)
        updates = SQL(", ").join(SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c)) for c in VALUE_COLUMNS)
        return SQL(
            """
            WITH customers AS (
                SELECT partner.id AS partner_id, company.id AS company_id, partner.customer_level,
                       partner.archive_state IN ('active', 'dormant') AS watched,
                       company.churn_revenue_drop_percent, company.churn_complaint_days,
                       company.churn_followup_days
                  FROM res_partner partner
                  JOIN res_company company ON partner.company_id IS NULL OR partner.company_id = company.id
                 WHERE partner.archive_state IS NOT NULL AND partner.active
                   AND (partner.is_company OR partner.parent_id IS NULL)
                   AND partner.id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
            ),
            orders AS (
                SELECT buyer.commercial_partner_id AS partner_id, sale.company_id,
                       MAX(sale.date_order)::date AS last_order_date,
                       COUNT(*) FILTER (WHERE sale.date_order >= %(start)s) AS order_count_12m
                  FROM sale_order sale
                  JOIN res_partner buyer ON buyer.id = sale.partner_id
                 WHERE sale.state = 'sale'
              GROUP BY 1, 2
            ),
            lines AS (%(lines)s),
            invoices AS (
                SELECT partner_id, company_id,
                       COALESCE(SUM(revenue) FILTER (WHERE is_current), 0) AS revenue_12m,
                       COALESCE(SUM(revenue) FILTER (WHERE NOT is_current), 0) AS revenue_prev_12m,
                       COALESCE(SUM(tonnes) FILTER (WHERE is_current), 0) AS tonnage_12m,
                       SUM(revenue - product_qty * cost) FILTER (WHERE is_current AND cost > 0) AS margin_12m
                  FROM lines
              GROUP BY 1, 2
            ),
            followups AS (%(followups)s),
            complaints AS (
                SELECT complaint.partner_id, complaint.company_id, COUNT(*) AS open_complaint_count
                  FROM customer_complaint complaint
                  JOIN res_company company ON company.id = complaint.company_id
                 WHERE complaint.is_closed IS NOT TRUE AND complaint.active IS NOT FALSE
                   AND complaint.date_received < %(today)s::date - company.churn_complaint_days
              GROUP BY 1, 2
            ),
            overdue AS (
                SELECT commercial_partner_id AS partner_id, company_id,
                       SUM(amount_residual_signed) AS overdue_amount
                  FROM account_move
                 WHERE state = 'posted' AND move_type = 'out_invoice'
                   AND invoice_date_due < %(today)s AND amount_residual_signed > 0
              GROUP BY 1, 2
            ),
            figures AS (
                SELECT customers.*, orders.last_order_date, COALESCE(orders.order_count_12m, 0) AS order_count_12m,
                       COALESCE(invoices.revenue_12m, 0) AS revenue_12m,
                       COALESCE(invoices.revenue_prev_12m, 0) AS revenue_prev_12m,
                       COALESCE(invoices.tonnage_12m, 0) AS tonnage_12m, invoices.margin_12m,
                       followups.last_followup_date,
                       COALESCE(complaints.open_complaint_count, 0) AS open_complaint_count,
                       COALESCE(overdue.overdue_amount, 0) AS overdue_amount
                  FROM customers
             LEFT JOIN orders USING (partner_id, company_id)
             LEFT JOIN invoices USING (partner_id, company_id)
             LEFT JOIN complaints USING (partner_id, company_id)
             LEFT JOIN overdue USING (partner_id, company_id)
             LEFT JOIN followups USING (partner_id)
            ),
            ranked AS (
                SELECT figures.*,
                       revenue_12m * 100.0 / NULLIF(SUM(revenue_12m) OVER company, 0) AS revenue_share,
                       COALESCE(SUM(revenue_12m) OVER (company ORDER BY revenue_12m DESC, partner_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                           * 100.0 / NULLIF(SUM(revenue_12m) OVER company, 0) AS share_before,
                       CASE WHEN revenue_prev_12m > 0
                            THEN (revenue_12m - revenue_prev_12m) * 100.0 / revenue_prev_12m END AS revenue_trend
                  FROM figures
                WINDOW company AS (PARTITION BY company_id)
            ),
            -- RFM over the customers with revenue, per company: scores 1–5 by
            -- quintile of the cumulative distribution (cume_dist: equal values share
            -- the higher score, and a company with few customers still has a top one);
            -- a score of 3 or more is "high".
            scores AS (
                SELECT partner_id, company_id,
                       CEIL(5 * cume_dist() OVER (PARTITION BY company_id ORDER BY last_order_date NULLS FIRST))
                           AS recency_score,
                       CEIL(5 * cume_dist() OVER (PARTITION BY company_id ORDER BY order_count_12m))
                           AS frequency_score,
                       CEIL(5 * cume_dist() OVER (PARTITION BY company_id ORDER BY revenue_12m)) AS monetary_score
                  FROM figures
                 WHERE revenue_12m > 0
            ),
            results AS (
                SELECT ranked.*, scores.recency_score, scores.frequency_score, scores.monetary_score,
                       CASE WHEN scores.partner_id IS NOT NULL THEN
                           CASE WHEN scores.monetary_score >= 3 THEN 'important_' ELSE 'general_' END
                           || CASE WHEN scores.recency_score >= 3 AND scores.frequency_score >= 3 THEN 'value'
                                   WHEN scores.recency_score >= 3 THEN 'development'
                                   WHEN scores.frequency_score >= 3 THEN 'retention'
                                   ELSE 'recall' END
                       END AS rfm_segment,
                       CASE WHEN revenue_12m <= 0 THEN 'd'
                            WHEN share_before < 70 THEN 'a'
                            WHEN share_before < 90 THEN 'b'
                            ELSE 'c' END AS suggested_level
                  FROM ranked
             LEFT JOIN scores USING (partner_id, company_id)
            )
            INSERT INTO customer_value (partner_id, company_id, create_uid, create_date, write_uid, write_date,
                                        %(columns)s)
            SELECT partner_id, company_id, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC',
                   last_order_date, last_followup_date, order_count_12m, revenue_12m, revenue_prev_12m,
                   revenue_trend, tonnage_12m, margin_12m, COALESCE(revenue_share, 0),
                   recency_score, frequency_score, monetary_score, rfm_segment, suggested_level,
                   customer_level, suggested_level IS DISTINCT FROM customer_level,
                   open_complaint_count, overdue_amount,
                   watched AND COALESCE(revenue_trend < -churn_revenue_drop_percent, FALSE),
                   watched AND open_complaint_count > 0,
                   watched AND overdue_amount > 0,
                   watched
                       AND COALESCE(last_followup_date < %(today)s::date - churn_followup_days, TRUE)
              FROM results
            ON CONFLICT (partner_id, company_id) DO UPDATE
               SET write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date, %(updates)s
             WHERE (%(current)s) IS DISTINCT FROM (%(excluded)s)  -- unchanged rows stay as they are
            """,
            **params,
            followups=followups,
            columns=columns,
            updates=updates,
            current=SQL(", ").join(SQL("customer_value.%s", SQL.identifier(c)) for c in VALUE_COLUMNS),
            excluded=SQL(", ").join(SQL("EXCLUDED.%s", SQL.identifier(c)) for c in VALUE_COLUMNS),
            uid=self.env.uid,
        )

    # ------------------------------------------------------------------
    # Automatic status (active → dormant → lost)
    # ------------------------------------------------------------------

    @api.model
    def _apply_automatic_status(self):
        """Active and dormant customers without a confirmed order for the
        company's months become dormant, then lost: applied with a chatter
        note, or proposed to the account manager when the company wants a
        confirmation. Prospects and blocked customers are never touched. The
        clock runs from the last order (in any company), from the day a
        manager kept the status, or from the customer's creation."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.id, partner.archive_state, partner.archive_state_proposed,
                       company.archive_status_confirm, value.last_order_date,
                       CASE WHEN reference < %(today)s::date - make_interval(months => company.archive_lost_months)
                            THEN 'lost' ELSE 'dormant' END
                  FROM res_partner partner
                  JOIN res_company company ON company.id = COALESCE(partner.company_id, %(company_id)s)
             LEFT JOIN (SELECT partner_id, MAX(last_order_date) AS last_order_date
                          FROM customer_value GROUP BY partner_id) value ON value.partner_id = partner.id
                 CROSS JOIN LATERAL (
                       SELECT GREATEST(COALESCE(value.last_order_date, partner.create_date::date),
                                       partner.archive_state_kept_date) AS reference
                       ) clock
                 WHERE partner.archive_state IN ('active', 'dormant') AND partner.active
                   AND (partner.is_company OR partner.parent_id IS NULL)
                   AND clock.reference < %(today)s::date - make_interval(months => company.archive_dormant_months)
                """,
                today=fields.Date.context_today(self),
                company_id=self.env.company.id,
            )
        )
        to_apply, to_propose = defaultdict(dict), defaultdict(dict)
        for partner_id, state, proposed, confirm, last_order, target in rows:
            if target == state or (confirm and proposed == target):
                continue
            (to_propose if confirm else to_apply)[target][partner_id] = last_order
        Partner = self.env["res.partner"].sudo()
        managers = self._archive_managers() if to_apply or to_propose else {}
        for target, last_orders in to_apply.items():
            partners = Partner.browse(last_orders)
            bodies = {
                partner.id: self._status_message(partner, target, last_orders[partner.id], False, managers)
                for partner in partners
            }
            partners.with_context(mail_notrack=True).write({"archive_state": target, "archive_state_proposed": False})
            partners._message_log_batch(bodies)
            self._replace_activities(partners, "status")
        for target, last_orders in to_propose.items():
            partners = Partner.browse(last_orders)
            partners.write({"archive_state_proposed": target})
            self._replace_activities(partners, "status")
            self._create_activities(
                [
                    (partner, "status", self._status_message(partner, target, last_orders[partner.id], True, managers))
                    for partner in partners
                ],
                managers,
            )

    @api.model
    def _status_message(self, partner, target, last_order, proposal, managers):
        """The chatter note of an automatic change, or the summary of the
        proposal, in the language of who reads it."""
        env = self._responsible_env(partner, managers)
        states = dict(partner._fields["archive_state"]._description_selection(env))
        since = (
            env._("no confirmed order since %(date)s", date=fields.Date.to_string(last_order))
            if last_order
            else env._("no confirmed order yet")
        )
        if proposal:
            return env._("Confirm the status %(state)s: %(reason)s", state=states[target], reason=since)
        return env._(
            "Status changed automatically from %(old)s to %(new)s: %(reason)s.",
            old=states[partner.archive_state],
            new=states[target],
            reason=since,
        )

    # ------------------------------------------------------------------
    # Churn warnings (流失预警)
    # ------------------------------------------------------------------

    @api.model
    def _schedule_churn_warnings(self):
        """One open "Churn Warning" activity per customer and reason flagged
        by the last refresh; a reason that already has an open one gets none."""
        flagged = self.sudo().search(
            [("partner_id.archive_state", "in", ("active", "dormant"))]
            + ["|"] * (len(CHURN_FLAGS) - 1)
            + [(flag, "=", True) for flag in CHURN_FLAGS.values()]
        )
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", flagged.partner_id.ids),
                    ("archive_reason", "in", list(CHURN_FLAGS)),
                ],
                ["res_id", "archive_reason"],
            )
        )
        done = set(open_activities)
        managers = self._archive_managers() if flagged else {}
        warnings = []
        for value in flagged:
            for reason, flag in CHURN_FLAGS.items():
                if value[flag] and (value.partner_id.id, reason) not in done:
                    done.add((value.partner_id.id, reason))
                    warnings.append((value.partner_id, reason, value._churn_summary(reason, managers)))
        self._create_activities(warnings, managers, "crm_customer_archive.mail_activity_type_churn_warning")

    def _churn_summary(self, reason, managers):
        company = self.company_id
        env = self._responsible_env(self.partner_id, managers)
        if reason == "revenue_drop":
            return env._(
                "Churn warning: revenue down %(percent)s %% (%(amount)s in 12 months, %(previous)s before)",
                percent=f"{-self.revenue_trend:.1f}",
                amount=format_amount(env, self.revenue_12m, self.currency_id),
                previous=format_amount(env, self.revenue_prev_12m, self.currency_id),
            )
        if reason == "complaint":
            return env._(
                "Churn warning: %(count)s complaint(s) open for more than %(days)s days",
                count=self.open_complaint_count,
                days=company.churn_complaint_days,
            )
        if reason == "overdue":
            return env._(
                "Churn warning: overdue receivables of %(amount)s",
                amount=format_amount(env, self.overdue_amount, self.currency_id),
            )
        if self.last_followup_date:
            return env._(
                "Churn warning: no follow-up done since %(date)s (more than %(days)s days)",
                date=fields.Date.to_string(self.last_followup_date),
                days=company.churn_followup_days,
            )
        return env._("Churn warning: no follow-up done yet")

    # ------------------------------------------------------------------
    # Activities of the account manager
    # ------------------------------------------------------------------

    @api.model
    def _create_activities(self, items, managers, activity_type="mail.mail_activity_data_todo"):
        """items: (customer, reason, summary); one activity each, for the
        customer's account manager (else an archive manager of its company)."""
        if not items:
            return
        activity_type = self.env.ref(activity_type)
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        # No e-mail per activity (a night may warn about hundreds of customers):
        # the account managers find them in their activities.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": self._responsible(partner, managers).id,
                    "date_deadline": today,
                    "archive_reason": reason,
                }
                for partner, reason, summary in items
            ]
        )

    @api.model
    def _archive_managers(self):
        """{company id: its first archive manager}: who gets the activities
        of customers without an account manager."""
        managers = {}
        group = self.env.ref(MANAGER_GROUP)
        for user in self.env["res.users"].sudo().search([("group_ids", "in", group.id)], order="id"):
            for company in user.company_ids:
                managers.setdefault(company.id, user)
        return managers

    @api.model
    def _responsible(self, partner, managers):
        company = partner.company_id or self.env.company
        return partner.user_id or managers.get(company.id) or self.env.user

    @api.model
    def _responsible_env(self, partner, managers):
        return self.with_context(lang=self._responsible(partner, managers).lang or self.env.lang).env

    @api.model
    def _replace_activities(self, partners, reason):
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids), ("archive_reason", "=", reason)]
        ).unlink()
