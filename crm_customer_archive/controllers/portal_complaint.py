from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal import CustomerArchivePortal


class ComplaintPortal(CustomerArchivePortal):
    """/my/complaints: customers submit and follow their complaints (rated on Odoo's /rate pages)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._archive_portal_count(
            values, counters, "complaint_count", "complaints", "customer.complaint", self._portal_complaint_domain()
        )
        return values

    def _portal_complaint_domain(self):
        commercial_partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", [commercial_partner.id])]

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        return self._archive_portal_list(
            "complaints",
            "customer.complaint",
            self._portal_complaint_domain(),
            url="/my/complaints",
            page=page,
            template="crm_customer_archive.portal_my_complaints",
            records_key="complaints",
            page_name="complaint",
        )

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
                "request_types": fields["request_type"]._description_selection(request.env),
                "kinds": fields["kind"]._description_selection(request.env),
                "severities": fields["severity"]._description_selection(request.env),
                "error": error,
                "form": values or {},
            }
        )
        return form_values

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_complaint(self, **post):
        self._ensure_capability("complaints")
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
        self._ensure_capability("complaints")
        try:
            complaint_sudo = self._document_check_access("customer.complaint", complaint_id, access_token=access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "page_name": "complaint"},
            "my_complaints_history",
            False,
            **kw,  # pid and hash of a notification e-mail's link identify the chatter's author
        )
        return request.render("crm_customer_archive.portal_complaint_page", values)
