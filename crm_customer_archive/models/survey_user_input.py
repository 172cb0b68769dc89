from odoo import api, fields, models
from odoo.tools import SQL

NPS_CATEGORIES = [("detractor", "Detractor (0–6)"), ("passive", "Passive (7–8)"), ("promoter", "Promoter (9–10)")]


class SurveyUserInput(models.Model):
    """An answer to a survey, linked back to the customer archive: the
    customer, the complaint or campaign that invited the contact, and the
    CSAT and NPS it gives once done (the analysis pivot and the archive)."""

    _inherit = "survey.user_input"
    # The analysis: answers of a customer, of a complaint, of a campaign.
    _archive_partner_end_idx = models.Index("(archive_partner_id, end_datetime) WHERE archive_partner_id IS NOT NULL")

    archive_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_archive_partner_id",
        store=True,
        index=True,
        help="The customer (company) of the contact who answers, or of the complaint.",
    )
    complaint_id = fields.Many2one("customer.complaint", index="btree_not_null", ondelete="set null", readonly=True)
    campaign_id = fields.Many2one(
        "customer.survey.campaign", index="btree_not_null", ondelete="set null", readonly=True
    )
    customer_category_id = fields.Many2one(
        related="archive_partner_id.customer_category_id", string="Customer Category", store=True
    )
    customer_level = fields.Selection(related="archive_partner_id.customer_level", string="Customer Level", store=True)
    product_id = fields.Many2one(related="complaint_id.product_id", string="Product", store=True)
    csat_score = fields.Integer(
        "CSAT Score",
        compute="_compute_archive_scores",
        store=True,
        aggregator="avg",
        help="The answer (1–5) to the satisfaction question, once the survey is done.",
    )
    csat_percent = fields.Float(
        "CSAT (%)",
        compute="_compute_archive_scores",
        store=True,
        aggregator="avg",
        help="100 for a satisfied answer (4 or 5 out of 5), else 0: its average is the share of satisfied answers.",
    )
    nps_score = fields.Integer(
        "NPS Score",
        compute="_compute_archive_scores",
        store=True,
        aggregator="avg",
        help="The answer (0–10) to the recommendation question, once the survey is done.",
    )
    nps_category = fields.Selection(NPS_CATEGORIES, "NPS Category", compute="_compute_archive_scores", store=True)
    nps_value = fields.Float(
        "NPS",
        compute="_compute_archive_scores",
        store=True,
        aggregator="avg",
        help="+100 for a promoter, 0 for a passive, −100 for a detractor: its average is the Net Promoter Score.",
    )

    @api.depends("partner_id.commercial_partner_id", "complaint_id.partner_id")
    def _compute_archive_partner_id(self):
        for answer in self:
            answer.archive_partner_id = answer.complaint_id.partner_id or answer.partner_id.commercial_partner_id

    @api.depends(
        "state",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
        "user_input_line_ids.question_id.archive_metric",
    )
    def _compute_archive_scores(self):
        for answer in self:
            scores = {}
            if answer.state == "done":
                for line in answer.user_input_line_ids:
                    metric = line.question_id.archive_metric
                    if metric and not line.skipped and line.answer_type == "scale":
                        scores[metric] = line.value_scale
            csat, nps = scores.get("csat"), scores.get("nps")
            answer.csat_score = csat or 0
            answer.csat_percent = 100.0 if csat and csat >= 4 else 0.0
            answer.nps_score = nps or 0
            if nps is None:
                answer.nps_category = False
            else:
                answer.nps_category = "promoter" if nps >= 9 else "passive" if nps >= 7 else "detractor"
            answer.nps_value = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}.get(answer.nps_category, 0.0)

    def _field_to_sql(self, alias, field_expr, query=None):
        # The ORM stores 0 for a number without value: in SQL (the pivot's and
        # graph's averages, filters) an answer without a CSAT or NPS has none
        # (NULL), so the averages cover the answered questions only.
        if field_expr in ("csat_score", "csat_percent"):
            return SQL(
                "(CASE WHEN %s > 0 THEN %s END)",
                super()._field_to_sql(alias, "csat_score", query),
                super()._field_to_sql(alias, field_expr, query),
            )
        if field_expr in ("nps_score", "nps_value"):
            return SQL(
                "(CASE WHEN %s IS NOT NULL THEN %s END)",
                super()._field_to_sql(alias, "nps_category", query),
                super()._field_to_sql(alias, field_expr, query),
            )
        return super()._field_to_sql(alias, field_expr, query)

    def _send_archive_invitation(self):
        """Mail each invited contact the start link of their answer, in the
        contact's language (mail template of ours)."""
        template = self.env.ref("crm_customer_archive.mail_template_satisfaction_survey")
        for answer in self:
            template.send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
