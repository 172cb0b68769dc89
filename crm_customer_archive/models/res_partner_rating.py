from datetime import timedelta

from odoo import fields, models

# The trend compares the last TREND_DAYS days with the TREND_DAYS before; a
# change of less than TREND_THRESHOLD (on the 1-5 scale) is stable.
TREND_DAYS = 90
TREND_THRESHOLD = 0.5


class ResPartner(models.Model):
    """The customer's satisfaction with the resolution of its complaints: the
    average of its complaints' ratings and its trend, on the archive."""

    _inherit = "res.partner"

    complaint_rating_count = fields.Integer(
        "Complaint Ratings", compute="_compute_complaint_rating", groups="base.group_user"
    )
    complaint_rating_avg = fields.Float(
        "Average Rating",
        compute="_compute_complaint_rating",
        digits=(3, 1),
        groups="base.group_user",
        help="Average of the ratings (1 unhappy, 3 neutral, 5 happy) of the resolution of its complaints.",
    )
    complaint_rating_trend = fields.Selection(
        [("up", "Improving"), ("down", "Worsening"), ("stable", "Stable")],
        string="Rating Trend",
        compute="_compute_complaint_rating",
        groups="base.group_user",
        help="The average of the last 90 days against the 90 days before (empty: not rated in both periods).",
    )

    def _compute_complaint_rating(self):
        # ONE grouped query for the batch: per customer and day (ratings are
        # few), split into the two periods here.
        rows = []
        if self.ids:
            rows = self.env["rating.rating"]._read_group(
                [
                    ("res_model", "=", "customer.complaint"),
                    ("parent_res_model", "=", "res.partner"),
                    ("parent_res_id", "in", self.ids),
                    ("consumed", "=", True),
                    ("rating", ">=", 1),
                ],
                ["parent_res_id", "rated_on:day"],
                ["__count", "rating:sum"],
            )
        today = fields.Date.context_today(self)
        recent_start = today - timedelta(days=TREND_DAYS - 1)
        previous_start = recent_start - timedelta(days=TREND_DAYS)
        totals = {}  # partner id -> [count, sum, recent count, recent sum, previous count, previous sum]
        for partner_id, rated_on, count, total in rows:
            day = fields.Date.to_date(rated_on)
            figures = totals.setdefault(partner_id, [0, 0.0, 0, 0.0, 0, 0.0])
            figures[0] += count
            figures[1] += total
            period = 2 if day and day >= recent_start else 4 if day and day >= previous_start else None
            if period:
                figures[period] += count
                figures[period + 1] += total
        for partner in self:
            count, total, recent_count, recent_sum, previous_count, previous_sum = totals.get(
                partner.id, [0, 0.0, 0, 0.0, 0, 0.0]
            )
            partner.complaint_rating_count = count
            partner.complaint_rating_avg = total / count if count else 0.0
            partner.complaint_rating_trend = (
                self._rating_trend(recent_sum / recent_count, previous_sum / previous_count)
                if recent_count and previous_count
                else False
            )

    def _rating_trend(self, recent, previous):
        if recent - previous >= TREND_THRESHOLD:
            return "up"
        if previous - recent >= TREND_THRESHOLD:
            return "down"
        return "stable"

    def action_view_complaint_ratings(self):
        """The customer's ratings (Odoo's rating list)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rating.rating_rating_action")
        action["domain"] = [
            ("res_model", "=", "customer.complaint"),
            ("parent_res_model", "=", "res.partner"),
            ("parent_res_id", "=", self.id),
        ]
        action["context"] = {}
        return action
