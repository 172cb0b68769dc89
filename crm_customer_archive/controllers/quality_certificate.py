from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.customer_archive_capability import _capability_enabled
from ..models.customer_public_request import DEFAULT_VERIFY_IP_LIMIT, VERIFY_IP_LIMIT_PARAM

VERIFY_ROUTE = "/quality-certificate/verify"
MAX_VALUE_LENGTH = 64


def _valid_value(value):
    """A number or code worth looking up: a short text without NUL (which
    PostgreSQL refuses)."""
    return isinstance(value, str) and len(value) <= MAX_VALUE_LENGTH and "\x00" not in value


class QualityCertificateVerification(http.Controller):
    """Public check of a printed quality certificate (the URL in its QR code).
    It tells only whether the number and code belong together: no customer,
    product or test data is shown."""

    @http.route(VERIFY_ROUTE, type="http", auth="public", methods=["GET"])
    def verify_quality_certificate(self, number="", code="", **kwargs):
        if not _capability_enabled(request.env, "engineering"):
            raise NotFound()
        checked = bool(number or code)
        if checked and not self._count_check():
            return request.make_response(
                request.env._("Too many verifications from your address. Try again in a minute."),
                headers=[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "60")],
                status=429,
            )
        valid = _valid_value(number) and _valid_value(code)
        certificate = request.env["customer.quality.certificate"]._verify(number, code) if checked and valid else None
        values = {
            "number": number if valid else "",
            "code": code if valid else "",
            "checked": checked,
            "certificate": certificate.sudo() if certificate else None,
        }
        return request.render(
            "crm_customer_archive.quality_certificate_verify_page",
            values,
            status=200 if certificate or not checked else 404,
        )

    def _count_check(self):
        """False when this address has used up its checks of the minute
        (guessing codes must stay slow)."""
        Param = request.env["ir.config_parameter"].sudo()
        limit = int(Param.get_param(VERIFY_IP_LIMIT_PARAM, DEFAULT_VERIFY_IP_LIMIT))
        PublicRequest = request.env["customer.public.request"].sudo()
        return PublicRequest._allow(VERIFY_ROUTE, request.httprequest.remote_addr, limit)
