from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

LICENSE_MANAGER_GROUP = "crm_customer_archive.group_license_manager"


class CustomerArchivePortal(CustomerPortal):
    """/my/contracts: a customer's signed contracts and how far they are executed."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            Contract = request.env["customer.contract"]
            values["contract_count"] = (
                Contract.search_count(self._portal_contract_domain()) if Contract.has_access("read") else 0
            )
        if "complaint_count" in counters:
            Complaint = request.env["customer.complaint"]
            values["complaint_count"] = (
                Complaint.search_count(self._portal_complaint_domain()) if Complaint.has_access("read") else 0
            )
        if "license_count" in counters:
            License = request.env["customer.license"]
            values["license_count"] = (
                License.search_count(self._portal_license_domain()) if License.has_access("read") else 0
            )
        if "certificate_count" in counters:
            Certificate = request.env["customer.quality.certificate"]
            values["certificate_count"] = (
                Certificate.search_count(self._portal_certificate_domain()) if Certificate.has_access("read") else 0
            )
        return values

    def _portal_certificate_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id])]

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
        Contract = request.env["customer.contract"]
        if not Contract.has_access("read"):
            raise NotFound()
        sortings = self._portal_contract_sortings()
        sortby = sortby if sortby in sortings else "date"
        domain = self._portal_contract_domain()
        pager = portal_pager(
            url="/my/contracts",
            url_args={"sortby": sortby},
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        contracts = Contract.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_contracts_history"] = contracts.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contracts": contracts,
                "page_name": "contract",
                "pager": pager,
                "default_url": "/my/contracts",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("crm_customer_archive.portal_my_contracts", values)

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_contract_page(self, contract_id, access_token=None, report_type=None, download=False, **kw):
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

    @http.route(["/my/certificates", "/my/certificates/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_certificates(self, page=1, **kw):
        """The quality certificates (质保书) of the customer's deliveries."""
        Certificate = request.env["customer.quality.certificate"]
        if not Certificate.has_access("read"):
            raise NotFound()
        domain = self._portal_certificate_domain()
        pager = portal_pager(
            url="/my/certificates", total=Certificate.search_count(domain), page=page, step=self._items_per_page
        )
        certificates = Certificate.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "certificates": certificates,
                "page_name": "quality_certificate",
                "pager": pager,
                "default_url": "/my/certificates",
            }
        )
        return request.render("crm_customer_archive.portal_my_certificates", values)

    @http.route(["/my/certificates/<int:certificate_id>"], type="http", auth="public", website=True)
    def portal_certificate_pdf(self, certificate_id, access_token=None, download=False, **kw):
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

    # ------------------------------------------------------------------
    # Complaints: customers submit, follow and rate them
    # ------------------------------------------------------------------

    def _portal_complaint_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id])]

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["customer.complaint"]
        if not Complaint.has_access("read"):
            raise NotFound()
        domain = self._portal_complaint_domain()
        pager = portal_pager(
            url="/my/complaints", total=Complaint.search_count(domain), page=page, step=self._items_per_page
        )
        complaints = Complaint.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {"complaints": complaints, "page_name": "complaint", "pager": pager, "default_url": "/my/complaints"}
        )
        return request.render("crm_customer_archive.portal_my_complaints", values)

    def _complaint_form_values(self, error=None, values=None):
        user = request.env.user
        deliveries = (
            request.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", [user.partner_id.commercial_partner_id.id]),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "done"),
                ],
                order="date_done desc",
                limit=50,
            )
        )
        # The choices come from the fields, with the labels in the user's language.
        fields = request.env["customer.complaint"]._fields
        form_values = self._prepare_portal_layout_values()
        form_values.update(
            {
                "page_name": "complaint",
                "deliveries": deliveries,
                "kinds": fields["kind"]._description_selection(request.env),
                "severities": fields["severity"]._description_selection(request.env),
                "error": error,
                "form": values or {},
            }
        )
        return form_values

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_complaint(self, **post):
        if not request.env["customer.complaint"].has_access("read"):
            raise NotFound()
        if request.httprequest.method == "GET":
            return request.render("crm_customer_archive.portal_complaint_new", self._complaint_form_values())
        photos = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("photos")
            if upload and upload.filename
        ]
        try:
            with request.env.cr.savepoint():
                complaint = request.env["customer.complaint"]._portal_submit(request.env.user, post, photos)
        except UserError as error:
            return request.render(
                "crm_customer_archive.portal_complaint_new",
                self._complaint_form_values(error=error.args[0], values=post),
                status=400,
            )
        return request.redirect(complaint.with_user(request.env.user).get_portal_url())

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_complaint_page(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access("customer.complaint", complaint_id, access_token=access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "page_name": "complaint", "rated": kw.get("rated")},
            "my_complaints_history",
            False,
            **kw,  # pid and hash of a notification e-mail's link identify the chatter's author
        )
        return request.render("crm_customer_archive.portal_complaint_page", values)

    @http.route(["/my/complaints/<int:complaint_id>/rate"], type="http", auth="user", website=True, methods=["POST"])
    def portal_complaint_rate(self, complaint_id, rating=None, comment=None, **kw):
        try:
            complaint_sudo = self._document_check_access("customer.complaint", complaint_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        try:
            complaint_sudo._portal_rate(rating, comment)
        except UserError as error:
            raise BadRequest(error.args[0]) from error
        return request.redirect(f"/my/complaints/{complaint_id}?rated=1")

    # ------------------------------------------------------------------
    # Licences: the customer's licences, machines and signed licence files
    # ------------------------------------------------------------------

    def _portal_license_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id]), ("state", "!=", "draft")]

    @http.route(["/my/licenses", "/my/licenses/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_licenses(self, page=1, **kw):
        License = request.env["customer.license"]
        if not License.has_access("read"):
            raise NotFound()
        domain = self._portal_license_domain()
        pager = portal_pager(
            url="/my/licenses", total=License.search_count(domain), page=page, step=self._items_per_page
        )
        licenses = License.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"licenses": licenses, "page_name": "license", "pager": pager, "default_url": "/my/licenses"})
        return request.render("crm_customer_archive.portal_my_licenses", values)

    def _license_sudo(self, license_id):
        """The licence as superuser, once the current user is proven to be one
        of the customer's own users or a licence manager: the page and the file
        show the full key, which other employees never see. No access tokens:
        a token readable by employees would hand them the key."""
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
