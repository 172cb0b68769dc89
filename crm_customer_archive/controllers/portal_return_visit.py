from odoo import http
from odoo.http import request

from .portal import CustomerArchivePortal


class ReturnVisitPortal(CustomerArchivePortal):
    """/my/visits: the customer's return visits (回访) — when, how, status and
    the satisfaction given; the internal notes stay internal (field groups)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._archive_portal_count(
            values,
            counters,
            "return_visit_count",
            "complaints",
            "customer.followup",
            self._portal_return_visit_domain(),
        )
        return values

    def _portal_return_visit_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("followup_type", "=", "return_visit"), ("partner_id", "=", commercial_partner.id)]

    @http.route(["/my/visits", "/my/visits/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_return_visits(self, page=1, **kw):
        return self._archive_portal_list(
            "complaints",
            "customer.followup",
            self._portal_return_visit_domain(),
            url="/my/visits",
            page=page,
            template="crm_customer_archive.portal_my_return_visits",
            records_key="visits",
            page_name="return_visit",
        )
