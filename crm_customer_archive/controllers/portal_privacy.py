from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from .portal import CustomerArchivePortal


class PrivacyPortal(CustomerArchivePortal):
    """The company's privacy notice (隐私政策) on the portal: a banner on the
    home page until the user acknowledged the current version, and the
    notice's page with its own acknowledge form."""

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        response.qcontext["privacy_notice_pending"] = self._privacy_notice_pending()
        response.qcontext["privacy_notice_published"] = request.env.user.company_id._privacy_notice_published()
        return response

    @http.route("/my/privacy", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_privacy(self, **kw):
        company = request.env.user.company_id
        if not company._privacy_notice_published():
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "privacy",
                "notice_company": company,
                "notice_pending": self._privacy_notice_pending(),
                "notice_changed": kw.get("error") == "changed",
            }
        )
        return request.render("crm_customer_archive.portal_my_privacy", values)

    @http.route("/my/privacy/acknowledge", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_privacy_acknowledge(self, notice_date=None, **kw):
        """The form sends the version read: a notice changed meanwhile is shown
        again, never acknowledged unread."""
        company = request.env.user.company_id
        if not company._privacy_notice_published():
            raise NotFound()
        if notice_date != fields.Date.to_string(company.privacy_notice_date):
            return request.redirect("/my/privacy?error=changed")
        request.env.user.partner_id._acknowledge_privacy_notice(company)
        return request.redirect("/my/privacy")

    def _privacy_notice_pending(self):
        return request.env.user.partner_id._privacy_notice_pending(request.env.user.company_id)
