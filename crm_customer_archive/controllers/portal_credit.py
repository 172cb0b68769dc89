from odoo import http
from odoo.http import request
from odoo.tools import formatLang

from .portal import CustomerArchivePortal


class CreditPortal(CustomerArchivePortal):
    """The portal home shows a customer's users what their company owes us
    and its credit limit: their own company only."""

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if request.env.user._is_portal():
            response.qcontext["archive_credit"] = self._portal_credit_values()
        return response

    def _portal_credit_values(self):
        company = request.env.company
        # Accountants' fields, read for the user's own company (commercial partner) only.
        customer = request.env.user.partner_id.commercial_partner_id.with_company(company).sudo()
        limit = customer.credit_limit if company.account_use_credit_limit else 0.0
        return {
            "customer": customer.name,
            "balance": formatLang(request.env, customer.credit, currency_obj=company.currency_id),
            "limit": limit and formatLang(request.env, limit, currency_obj=company.currency_id),
        }
