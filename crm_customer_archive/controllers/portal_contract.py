from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import CustomerArchivePortal


class ContractPortal(CustomerArchivePortal):
    """/my/contracts: a customer's signed contracts and how far they are executed."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._archive_portal_count(
            values, counters, "contract_count", "contracts", "customer.contract", self._portal_contract_domain()
        )
        return values

    def _portal_contract_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id]), ("state", "!=", "draft")]

    def _portal_contract_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_start desc, id desc"},
            "end": {"label": env._("End Date"), "order": "date_end asc, id desc"},
            "name": {"label": env._("Contract Number"), "order": "name asc, id desc"},
        }

    @http.route(["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_contracts(self, page=1, sortby=None, **kw):
        sortings = self._portal_contract_sortings()
        sortby = sortby if sortby in sortings else "date"
        return self._archive_portal_list(
            "contracts",
            "customer.contract",
            self._portal_contract_domain(),
            url="/my/contracts",
            page=page,
            template="crm_customer_archive.portal_my_contracts",
            records_key="contracts",
            page_name="contract",
            order=sortings[sortby]["order"],
            url_args={"sortby": sortby},
            history_key="my_contracts_history",
            searchbar_sortings=sortings,
            sortby=sortby,
        )

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_contract_page(self, contract_id, access_token=None, report_type=None, download=False, **kw):
        self._ensure_capability("contracts")
        try:
            contract_sudo = self._document_check_access("customer.contract", contract_id, access_token=access_token)
        except (AccessError, MissingError) as error:
            # Another customer's contract looks exactly like one that does not exist.
            raise NotFound() from error
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref="crm_customer_archive.customer_contract_report_execution",
                download=download,
            )
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {"contract": contract_sudo, "page_name": "contract", "report_type": "html"},
            "my_contracts_history",
            False,
        )
        return request.render("crm_customer_archive.portal_contract_page", values)
