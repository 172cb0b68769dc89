from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import CustomerArchivePortal


class CertificatePortal(CustomerArchivePortal):
    """/my/certificates: the quality certificates (质保书) of the customer's
    deliveries (capability Engineering)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._archive_portal_count(
            values,
            counters,
            "certificate_count",
            "engineering",
            "customer.quality.certificate",
            self._portal_certificate_domain(),
        )
        return values

    def _portal_certificate_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id])]

    @http.route(["/my/certificates", "/my/certificates/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_certificates(self, page=1, **kw):
        return self._archive_portal_list(
            "engineering",
            "customer.quality.certificate",
            self._portal_certificate_domain(),
            url="/my/certificates",
            page=page,
            template="crm_customer_archive.portal_my_certificates",
            records_key="certificates",
            page_name="quality_certificate",
        )

    @http.route(["/my/certificates/<int:certificate_id>"], type="http", auth="public", website=True)
    def portal_certificate_pdf(self, certificate_id, access_token=None, download=False, **kw):
        self._ensure_capability("engineering")
        try:
            certificate_sudo = self._document_check_access(
                "customer.quality.certificate", certificate_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return self._show_report(
            model=certificate_sudo,
            report_type="pdf",
            report_ref="crm_customer_archive.action_report_quality_certificate",
            download=download,
        )
