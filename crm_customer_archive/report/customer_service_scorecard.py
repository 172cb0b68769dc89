from odoo import fields, models
from odoo.tools import SQL


class CustomerServiceScorecard(models.Model):
    """The service scorecard: one row per request (rejected and archived
    ones left out) with its figures, so that the pivot's sums and averages
    per engineer, team and month are exact. A figure that does not apply to
    a request (no response yet, not resolved, not rated, no SLA outcome) is
    NULL, and averages skip it, as in customer.complaint._service_kpis_by."""

    _name = "customer.service.scorecard"
    _description = "Service Scorecard"
    _auto = False
    _order = "date_received desc, id desc"
    # Flushed before the view is read (the ratings: see _service_rating_sql).
    _depends = {
        "customer.complaint": [
            "user_id",
            "team_id",
            "partner_id",
            "company_id",
            "date_received",
            "date_first_response",
            "date_resolved",
            "reopen_count",
            "sla_deadline",
            "sla_reached",
            "work_hours",
            "stage_id",
            "active",
        ],
        "customer.complaint.stage": ["is_rejected"],
    }

    complaint_id = fields.Many2one("customer.complaint", string="Service Request", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    team_id = fields.Many2one("crm.team", string="Service Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_received = fields.Datetime("Received On", readonly=True)
    request_count = fields.Integer("Requests", readonly=True)
    resolved_count = fields.Integer("Resolved", readonly=True)
    first_response_hours = fields.Float("Avg First Response (h)", aggregator="avg", readonly=True)
    resolution_hours = fields.Float("Avg Resolution (h)", aggregator="avg", readonly=True)
    reopen_rate = fields.Float(
        "Reopen Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the resolved requests reopened at least once.",
    )
    rating = fields.Float("Average Rating", aggregator="avg", readonly=True, help="The customer's latest rating.")
    sla_hit_rate = fields.Float(
        "SLA Hit Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share resolved in time among the requests whose outcome is known (resolved, or open past the deadline).",
    )
    work_hours = fields.Float("Hours Worked", readonly=True)

    @property
    def _table_query(self):
        # Python's clock, not the database's: "past the deadline" as in the KPIs (and frozen in tests).
        now = fields.Datetime.now()
        return SQL(
            """
            SELECT complaint.id, complaint.id AS complaint_id, complaint.user_id, complaint.team_id,
                   complaint.partner_id, complaint.company_id, complaint.date_received,
                   1 AS request_count,
                   (complaint.date_resolved IS NOT NULL)::integer AS resolved_count,
                   EXTRACT(EPOCH FROM complaint.date_first_response - complaint.date_received) / 3600
                       AS first_response_hours,
                   EXTRACT(EPOCH FROM complaint.date_resolved - complaint.date_received) / 3600 AS resolution_hours,
                   CASE WHEN complaint.reopen_count > 0 THEN 100.0
                        WHEN complaint.date_resolved IS NOT NULL THEN 0.0 END AS reopen_rate,
                   %(rating)s AS rating,
                   CASE WHEN complaint.sla_deadline IS NULL THEN NULL
                        WHEN complaint.date_resolved IS NOT NULL OR complaint.sla_deadline < %(now)s
                        THEN CASE WHEN complaint.sla_reached THEN 100.0 ELSE 0.0 END END AS sla_hit_rate,
                   complaint.work_hours
              FROM customer_complaint complaint
              JOIN customer_complaint_stage stage ON stage.id = complaint.stage_id
             WHERE stage.is_rejected IS NOT TRUE AND complaint.active IS NOT FALSE
            """,
            rating=self.env["customer.complaint"]._service_rating_sql(SQL("complaint.id")),
            now=now,
        )
