from odoo import http
from odoo.http import request


class QualityCertificateVerification(http.Controller):
    """Public check of a printed quality certificate (the URL in its QR code).
    It tells only whether the number and code belong together: no customer,
    product or test data is shown."""

    @http.route("/quality-certificate/verify", type="http", auth="public", methods=["GET"], readonly=True)
    def verify_quality_certificate(self, number="", code="", **kwargs):
        checked = bool(number or code)
        certificate = request.env["customer.quality.certificate"]._verify(number, code) if checked else None
        values = {
            "number": number if isinstance(number, str) else "",
            "code": code if isinstance(code, str) else "",
            "checked": checked,
            "certificate": certificate.sudo() if certificate else None,
        }
        return request.render(
            "crm_customer_archive.quality_certificate_verify_page",
            values,
            status=200 if certificate or not checked else 404,
        )
