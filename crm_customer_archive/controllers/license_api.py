import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.customer_archive_capability import _capability_enabled

MAX_BODY_BYTES = 16 * 1024
ACTIONS = ("activate", "verify", "deactivate")


class LicenseApi(http.Controller):
    """JSON licence server: POST /api/license/activate, /verify, /deactivate.
    Every answer is JSON; errors are 4xx with a stable code and a message."""

    @http.route("/api/license/<string:action>", type="http", auth="public", csrf=False, save_session=False)
    def license_api(self, action, **kwargs):
        Api = request.env["customer.license.api"].sudo()
        ip_address = request.httprequest.remote_addr
        # Switched off in the settings, the licence server does not exist.
        if not _capability_enabled(request.env, "licenses"):
            return self._json(404, {"ok": False, "error": {"code": "not_found", "message": "Not found."}})
        if action not in ACTIONS:
            return self._json(404, {"ok": False, "error": {"code": "unknown_action", "message": "Unknown action."}})
        if request.httprequest.method != "POST":
            return self._json(
                405, {"ok": False, "error": {"code": "method_not_allowed", "message": "Use POST with a JSON body."}}
            )
        if (request.httprequest.content_length or 0) > MAX_BODY_BYTES:
            return self._json(*Api._malformed(action, ip_address, request.env._("The request body is too large.")))
        # Cached (the default): when Odoo replays the request after a
        # serialization failure, the retry must read the same body again.
        raw = request.httprequest.get_data()
        try:
            payload = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BODY_BYTES else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            payload = None
        if payload is None:
            return self._json(*Api._malformed(action, ip_address, request.env._("The request body is not valid JSON.")))
        return self._json(*Api._handle(action, payload, ip_address))

    @http.route("/api/license/public-key", type="http", auth="public", methods=["GET"], save_session=False)
    def license_public_key(self, **kwargs):
        if not _capability_enabled(request.env, "licenses"):
            raise NotFound()
        pem = request.env["customer.license"].sudo()._public_key_pem()
        return request.make_response(pem, headers=[("Content-Type", "application/x-pem-file")])

    def _json(self, status, body):
        return request.make_json_response(body, status=status)
