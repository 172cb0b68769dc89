# res.partner is extended in one file per capability; this one: satisfaction surveys.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    """The customer's satisfaction on its archive: CSAT and NPS of the done
    survey answers of its contacts and complaints."""

    _inherit = "res.partner"

    survey_answer_count = fields.Integer("Survey Answers", compute="_compute_survey_scores")
    survey_csat = fields.Float(
        "CSAT (%)", compute="_compute_survey_scores", help="Share of satisfied answers (4 or 5 out of 5)."
    )
    survey_nps = fields.Float(
        "NPS", compute="_compute_survey_scores", help="% of promoters (9–10) minus % of detractors (0–6)."
    )
    survey_has_csat = fields.Boolean("Has CSAT", compute="_compute_survey_scores")
    survey_has_nps = fields.Boolean("Has NPS", compute="_compute_survey_scores")

    def _compute_survey_scores(self):
        # One grouped statement for the whole batch. The figures are the
        # customer's (shown to whoever reads the archive); the answers
        # themselves stay with the survey users (access policy).
        scores = {}
        if self.ids:
            self.env["survey.user_input"].flush_model(["archive_partner_id", "state", "csat_score", "nps_category"])
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT archive_partner_id,
                           COUNT(*),
                           COUNT(*) FILTER (WHERE csat_score > 0),
                           COUNT(*) FILTER (WHERE csat_score >= 4),
                           COUNT(*) FILTER (WHERE nps_category IS NOT NULL),
                           COUNT(*) FILTER (WHERE nps_category = 'promoter'),
                           COUNT(*) FILTER (WHERE nps_category = 'detractor')
                      FROM survey_user_input
                     WHERE archive_partner_id IN %s AND state = 'done' AND NOT COALESCE(test_entry, FALSE)
                  GROUP BY archive_partner_id
                    """,
                    tuple(self.ids),
                )
            )
            scores = {row[0]: row[1:] for row in rows}
        for partner in self:
            count, csat_count, satisfied, nps_count, promoters, detractors = scores.get(partner.id, (0,) * 6)
            partner.survey_answer_count = count
            partner.survey_has_csat = bool(csat_count)
            partner.survey_csat = 100.0 * satisfied / csat_count if csat_count else 0.0
            partner.survey_has_nps = bool(nps_count)
            partner.survey_nps = 100.0 * (promoters - detractors) / nps_count if nps_count else 0.0

    def action_view_survey_answers(self):
        """The customer's survey answers in the satisfaction analysis."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_archive.survey_user_input_action_satisfaction"
        )
        action["domain"] = [("archive_partner_id", "=", self.id)]
        action["context"] = {"search_default_filter_done": 1}
        return action
