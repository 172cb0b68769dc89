from contextlib import contextmanager

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models
from odoo.sql_db import Cursor

from ..tools.license_key import format_key, is_valid_key, normalize_key

# HTTP status of each error code the licence API answers.
ERROR_STATUS = {
    "malformed_request": 400,
    "malformed_key": 400,
    "unknown_key": 404,
    "unknown_machine": 404,
    "inactive": 403,
    "expired": 403,
    "suspended": 403,
    "revoked": 403,
    "seats_exhausted": 409,
    "rate_limited": 429,
}
IP_LIMIT_PARAM = "crm_customer_archive.license_api_ip_limit"
KEY_LIMIT_PARAM = "crm_customer_archive.license_api_key_limit"
DEFAULT_IP_LIMIT = 120  # calls per minute from one address
DEFAULT_KEY_LIMIT = 30  # calls per minute for one key


class CustomerLicenseApi(models.AbstractModel):
    """The licence server behind /api/license/<action>: checks a request,
    answers (HTTP status, JSON body) and logs the call on the licence."""

    _name = "customer.license.api"
    _description = "Licence Server"

    @api.model
    def _error(self, code, message):
        return ERROR_STATUS[code], {"ok": False, "error": {"code": code, "message": message}}

    @api.model
    def _messages(self):
        return {
            "malformed_key": self.env._("The licence key has the wrong length, characters or check character."),
            "unknown_key": self.env._("No licence has this key."),
            "unknown_machine": self.env._("This machine is not activated for this licence."),
            "inactive": self.env._("This licence is not active yet."),
            "expired": self.env._("This licence has expired."),
            "suspended": self.env._("This licence is suspended. Contact your supplier."),
            "revoked": self.env._("This licence has been revoked."),
            "seats_exhausted": self.env._("All seats of this licence are in use. Release a machine first."),
            "rate_limited": self.env._("Too many requests. Try again in a minute."),
        }

    @api.model
    def _handle(self, action, payload, ip_address):
        """Answer one call; ``payload`` is the decoded JSON body."""
        problem = self._check_payload(action, payload)
        if problem:
            return self._malformed(action, ip_address, problem)
        key, fingerprint = payload["key"], payload["fingerprint"]
        hostname = (payload.get("hostname") or "")[:255]
        compact = normalize_key(key)
        key_hint = compact[:10] if compact else None
        Log = self.env["customer.license.log"].sudo()
        log_values = {"action": action, "ip_address": ip_address, "key_hint": key_hint, "hostname": hostname}
        if self._rate_limited(ip_address, key_hint):
            # Not logged: refused calls must not grow the log.
            return self._error("rate_limited", self._messages()["rate_limited"])
        if not compact or not is_valid_key(compact):
            Log.create({**log_values, "result": "malformed_key"})
            return self._error("malformed_key", self._messages()["malformed_key"])
        license_ = self.env["customer.license"].sudo().search([("key", "=", format_key(compact))], limit=1)
        if not license_:
            Log.create({**log_values, "result": "unknown_key"})
            return self._error("unknown_key", self._messages()["unknown_key"])
        fingerprint_hash = license_._fingerprint_hash(fingerprint)
        log_values.update(license_id=license_.id, fingerprint_hint=fingerprint_hash[:12])
        code = self._state_problem(license_)
        if not code:
            code, body = getattr(self, f"_api_{action}")(license_, fingerprint_hash, payload, log_values)
        if (action, code) != ("verify", "ok"):  # successful heartbeats are counted by _api_verify
            Log.create({**log_values, "result": code})
        if code != "ok":
            return self._error(code, self._messages()[code])
        return 200, body

    @api.model
    def _malformed(self, action, ip_address, message):
        """Answer a malformed request. It counts toward the limit of its
        address like any other call, so garbage cannot be sent unlimited."""
        if self._rate_limited(ip_address, None):
            return self._error("rate_limited", self._messages()["rate_limited"])
        self.env["customer.license.log"].sudo().create(
            {"action": action, "ip_address": ip_address, "result": "malformed_request"}
        )
        return self._error("malformed_request", message)

    @api.model
    def _check_payload(self, action, payload):
        """A message for a malformed request, or None."""
        if not isinstance(payload, dict):
            return self.env._("The request body must be a JSON object.")
        for field in ("key", "fingerprint"):
            if not isinstance(payload.get(field), str) or not payload[field].strip():
                return self.env._("The field %s is missing or not a text.", field)
        if not 8 <= len(payload["fingerprint"]) <= 512:
            return self.env._("The fingerprint must have 8 to 512 characters.")
        if len(payload["key"]) > 64:
            return self.env._("The licence key has the wrong length, characters or check character.")
        for field in ("hostname", "os"):
            if field in payload and not isinstance(payload[field], (str, type(None))):
                return self.env._("The field %s must be a text.", field)
        for field in ("key", "fingerprint", "hostname", "os"):
            if isinstance(payload.get(field), str) and "\x00" in payload[field]:
                return self.env._("The field %s contains a NUL character.", field)
        return None

    @contextmanager
    def _own_transaction(self):
        """An environment on a short transaction of its own, committed at
        once, READ COMMITTED: for the writes every call makes (counters, the
        heartbeat). Concurrent calls then wait for each other's row instead
        of failing with a serialization error, as they would in the
        REPEATABLE READ transaction of the request. Nothing of the request's
        transaction may be locked when it runs: it would wait for itself."""
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):  # a real connection (in tests, a savepoint of the test's)
                cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            yield self.env(cr=cr)

    @api.model
    def _rate_limited(self, ip_address, key_hint):
        """Count this call for its address and key (fixed windows of a
        minute) and tell whether either is over its limit. Refused calls
        count too: a client that keeps hammering stays refused."""
        Param = self.env["ir.config_parameter"].sudo()
        limits = {
            "ip": int(Param.get_param(IP_LIMIT_PARAM, DEFAULT_IP_LIMIT)),
            "key": int(Param.get_param(KEY_LIMIT_PARAM, DEFAULT_KEY_LIMIT)),
        }
        with self._own_transaction() as env:
            calls = env["customer.license.rate"].sudo()._count_calls({"ip": ip_address, "key": key_hint})
        return any(count > limits[scope] for scope, count in calls.items())

    @api.model
    def _state_problem(self, license_):
        if license_.state in ("revoked", "suspended", "expired"):
            return license_.state
        if license_.state == "draft":
            return "inactive"
        if license_.date_end and license_.date_end < fields.Date.context_today(license_):
            return "expired"
        return None

    def _active_activation(self, license_, fingerprint_hash):
        return (
            self.env["customer.license.activation"]
            .sudo()
            .search(
                [
                    ("license_id", "=", license_.id),
                    ("fingerprint_hash", "=", fingerprint_hash),
                    ("state", "=", "active"),
                ],
                limit=1,
            )
        )

    def _token_answer(self, license_, fingerprint_hash):
        token, expiry = license_._signed_token(fingerprint_hash)
        now = fields.Datetime.now()
        return {
            "ok": True,
            "token": token,
            "expires_at": fields.Datetime.to_string(expiry),
            # Half-way to the expiry: a failed check leaves time for more tries.
            "next_check": fields.Datetime.to_string(now + (expiry - now) / 2),
            "license_end": fields.Date.to_string(license_.date_end) if license_.date_end else None,
            "seats": license_.seats,
            "seats_used": license_.seats_used,
        }

    @api.model
    def _api_activate(self, license_, fingerprint_hash, payload, log_values):
        # Row lock: concurrent activations for the last seat queue here, and
        # the update of seats_used below makes the losers retry and see it.
        self.env.cr.execute("SELECT id FROM customer_license WHERE id = %s FOR UPDATE", [license_.id])
        activation = self._active_activation(license_, fingerprint_hash)
        now = fields.Datetime.now()
        if activation:
            activation.write({"last_seen": now, "ip_address": log_values["ip_address"]})
        else:
            used = (
                self.env["customer.license.activation"]
                .sudo()
                .search_count([("license_id", "=", license_.id), ("state", "=", "active")])
            )
            if used >= license_.seats:
                return "seats_exhausted", None
            self.env["customer.license.activation"].sudo().create(
                {
                    "license_id": license_.id,
                    "fingerprint_hash": fingerprint_hash,
                    "hostname": (payload.get("hostname") or "")[:255],
                    "os_name": (payload.get("os") or "")[:255],
                    "ip_address": log_values["ip_address"],
                }
            )
            license_.flush_recordset(["seats_used"])
        return "ok", self._token_answer(license_, fingerprint_hash)

    @api.model
    def _api_verify(self, license_, fingerprint_hash, payload, log_values):
        """A heartbeat: reads, then at most one update of the machine a
        minute and the count of the heartbeat in the log's row of the hour."""
        activation = self._active_activation(license_, fingerprint_hash)
        if not activation:
            return "unknown_machine", None
        with self._own_transaction() as env:
            activation.with_env(env)._heartbeat(log_values["ip_address"])
            env["customer.license.log"].sudo()._count_heartbeat({**log_values, "company_id": license_.company_id.id})
        activation.invalidate_recordset(["last_seen", "ip_address", "write_date"])
        return "ok", self._token_answer(license_, fingerprint_hash)

    @api.model
    def _api_deactivate(self, license_, fingerprint_hash, payload, log_values):
        activation = self._active_activation(license_, fingerprint_hash)
        if not activation:
            return "unknown_machine", None
        activation.write({"state": "released", "released_reason": "customer", "last_seen": fields.Datetime.now()})
        license_.flush_recordset(["seats_used"])
        return "ok", {"ok": True, "released": True, "seats": license_.seats, "seats_used": license_.seats_used}
