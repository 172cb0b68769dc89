from odoo import http
from odoo.http import request

from ..models.customer_archive_capability import _capability_enabled
from .portal import CustomerArchivePortal


class SurveyPortal(CustomerArchivePortal):
    """/my/surveys: the satisfaction surveys the portal user was invited to,
    open ones with their start link, done ones with the date answered."""

    def _portal_survey_domain(self):
        # Portal users have no access to survey answers: the searches below run
        # as superuser, restricted by this domain to the user's own invitations.
        return [
            ("partner_id", "=", request.env.user.partner_id.id),
            ("test_entry", "=", False),
            "|",
            ("complaint_id", "!=", False),
            ("campaign_id", "!=", False),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "survey_count" in counters:
            enabled = _capability_enabled(request.env, "complaints")
            Answer = request.env["survey.user_input"].sudo()
            values["survey_count"] = Answer.search_count(self._portal_survey_domain()) if enabled else 0
        return values

    @http.route("/my/surveys", type="http", auth="user", website=True)
    def portal_my_surveys(self, **kw):
        self._ensure_capability("complaints")
        answers = (
            request.env["survey.user_input"]
            .sudo()
            .search(self._portal_survey_domain(), order="state, create_date desc, id desc", limit=200)
        )
        values = self._prepare_portal_layout_values()
        values.update({"answers": answers, "page_name": "satisfaction_survey"})
        return request.render("crm_customer_archive.portal_my_surveys", values)
