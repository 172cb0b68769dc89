from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal import CustomerArchivePortal

LICENSE_MANAGER_GROUP = "crm_customer_archive.group_license_manager"


class LicensePortal(CustomerArchivePortal):
    """/my/licenses: the customer's licences, machines and signed licence files."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._archive_portal_count(
            values, counters, "license_count", "licenses", "customer.license", self._portal_license_domain()
        )
        return values

    def _portal_license_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id]), ("state", "!=", "draft")]

    @http.route(["/my/licenses", "/my/licenses/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_licenses(self, page=1, **kw):
        return self._archive_portal_list(
            "licenses",
            "customer.license",
            self._portal_license_domain(),
            url="/my/licenses",
            page=page,
            template="crm_customer_archive.portal_my_licenses",
            records_key="licenses",
            page_name="license",
        )

    def _license_sudo(self, license_id):
        """The licence as superuser, once the current user is proven to be one
        of the customer's own users or a licence manager: the page and the file
        show the full key, which other employees never see. No access tokens:
        a token readable by employees would hand them the key."""
        self._ensure_capability("licenses")
        user = request.env.user
        if user._is_internal() and not user.has_group(LICENSE_MANAGER_GROUP):
            raise NotFound()
        try:
            return self._document_check_access("customer.license", license_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    @http.route(["/my/licenses/<int:license_id>"], type="http", auth="user", website=True)
    def portal_license_page(self, license_id, **kw):
        license_sudo = self._license_sudo(license_id)
        values = self._get_page_view_values(
            license_sudo, None, {"license": license_sudo, "page_name": "license"}, "my_licenses_history", False
        )
        return request.render("crm_customer_archive.portal_license_page", values)

    @http.route(["/my/licenses/<int:license_id>/file"], type="http", auth="user")
    def portal_license_file(self, license_id, **kw):
        """The signed licence file: for the customer's users and for licence
        managers (the form's download button)."""
        license_sudo = self._license_sudo(license_id)
        try:
            content = license_sudo._license_file()
        except UserError as error:
            raise NotFound() from error
        # It travels with the software: not refused, but in the audit trail as a print.
        request.env["auditlog.log"]._log_archive_event(license_sudo, "print", detail=request.env._("Licence File"))
        filename = f"license-{license_sudo.key_masked[:5]}.json"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )

    @http.route(["/my/licenses/<int:license_id>/release"], type="http", auth="user", website=True, methods=["POST"])
    def portal_license_release(self, license_id, activation_id=None, **kw):
        """The customer frees a seat; the licence desk does it in the back office."""
        if request.env.user._is_internal():
            raise NotFound()
        license_sudo = self._license_sudo(license_id)
        try:
            activation = license_sudo.activation_ids.filtered(
                lambda act: act.id == int(activation_id or 0) and act.state == "active"
            )
        except ValueError:
            activation = None
        if not activation:
            raise NotFound()
        activation.write({"state": "released", "released_reason": "customer"})
        license_sudo.message_post(
            body=request.env._(
                "Machine %(host)s released in the portal by %(user)s.",
                host=activation.hostname or "?",
                user=request.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return request.redirect(f"/my/licenses/{license_id}")
