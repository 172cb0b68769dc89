import json
import random
import string
from urllib.parse import quote

from odoo.addons.crm_customer_archive.tools.license_key import check_character, format_key
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import CustomerLicenseCase

FINGERPRINT = "cpu:BFEBFBFF000906EA;board:PF2LXT4Q;mac:00-1B-44-11-3A-B7"


@tagged("post_install", "-at_install")
class TestLicenseApi(CustomerLicenseCase, HttpCase):
    """Every answer of /api/license/* through real HTTP requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls.create_license(seats=1)
        cls.key = cls.license.sudo().key

    def call(self, action, payload=None, raw=None, method="POST"):
        data = raw if raw is not None else json.dumps(payload)
        if method == "GET":
            response = self.url_open(f"/api/license/{action}")
        else:
            response = self.url_open(f"/api/license/{action}", data=data, headers={"Content-Type": "application/json"})
        self.assertEqual(
            response.headers.get("Content-Type", "").split(";")[0], "application/json", response.text[:200]
        )
        return response.status_code, response.json()

    def assertError(self, answer, status, code):
        self.assertEqual(answer[0], status, answer)
        self.assertEqual(answer[1]["ok"], False)
        self.assertEqual(answer[1]["error"]["code"], code)
        self.assertTrue(answer[1]["error"]["message"])

    def test_activate_verify_deactivate(self):
        payload = {"key": self.key, "fingerprint": FINGERPRINT, "hostname": "QC-PC-01", "os": "Windows 11"}
        status, body = self.call("activate", payload)
        self.assertEqual(status, 200, body)
        self.assertTrue(body["ok"])
        self.assertEqual((body["seats"], body["seats_used"]), (1, 1))
        self.assertTrue(body["token"].count(".") == 1 and body["expires_at"])
        activation = self.license.activation_ids
        self.assertRecordValues(activation, [{"hostname": "QC-PC-01", "os_name": "Windows 11", "state": "active"}])
        # The same machine again is not a second seat.
        self.assertEqual(self.call("activate", payload)[1]["seats_used"], 1)
        # Heartbeat with the key as typed by a human (lower case, spaces).
        status, body = self.call("verify", {"key": self.key.lower().replace("-", " "), "fingerprint": FINGERPRINT})
        self.assertEqual(status, 200, body)
        status, body = self.call("deactivate", {"key": self.key, "fingerprint": FINGERPRINT})
        self.assertEqual((status, body["released"], body["seats_used"]), (200, True, 0))
        self.assertEqual(activation.state, "released")
        # Every call is logged on the licence, never with the raw fingerprint.
        logs = self.license.log_ids
        self.assertEqual(logs.mapped("action"), ["deactivate", "verify", "activate", "activate"])
        self.assertEqual(set(logs.mapped("result")), {"ok"})
        stored = json.dumps(
            logs.read(["fingerprint_hint", "hostname", "key_hint"]) + activation.read(["fingerprint_hash"])
        )
        self.assertNotIn("BFEBFBFF", stored)

    def test_public_key_route(self):
        response = self.url_open("/api/license/public-key")
        self.assertEqual(response.status_code, 200)
        self.assertIn("BEGIN PUBLIC KEY", response.text)

    def test_malformed_requests(self):
        good = {"key": self.key, "fingerprint": FINGERPRINT}
        for raw in (
            "not json",
            "[1, 2]",
            '"text"',
            "{",
            json.dumps({"key": self.key}),
            json.dumps({**good, "key": 42}),
            json.dumps({**good, "fingerprint": "short"}),
            json.dumps({**good, "hostname": ["x"]}),
            json.dumps({**good, "hostname": "pc\u0000"}),
            "\xff\xfe",
        ):
            with self.subTest(raw=raw[:30]):
                self.assertError(self.call("activate", raw=raw), 400, "malformed_request")
        self.assertError(self.call("activate", method="GET"), 405, "method_not_allowed")
        self.assertError(self.call("explode", good), 404, "unknown_action")

    def test_malformed_keys(self):
        compact = self.key.replace("-", "")
        wrong_check = compact[:-1] + ("0" if compact[-1] != "0" else "1")
        for key in ("ABCDE", "U" * 25, wrong_check, self.key + "-0"):
            with self.subTest(key=key):
                self.assertError(self.call("activate", {"key": key, "fingerprint": FINGERPRINT}), 400, "malformed_key")

    def test_unknown_key_and_machine(self):
        body = "".join(random.Random(7).choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _i in range(24))
        unknown = format_key(body + check_character(body))
        self.assertError(self.call("activate", {"key": unknown, "fingerprint": FINGERPRINT}), 404, "unknown_key")
        for action in ("verify", "deactivate"):
            with self.subTest(action=action):
                self.assertError(
                    self.call(action, {"key": self.key, "fingerprint": "never-seen-machine"}), 404, "unknown_machine"
                )

    def test_licence_states(self):
        for state, code in (
            ("draft", "inactive"),
            ("suspended", "suspended"),
            ("revoked", "revoked"),
            ("expired", "expired"),
        ):
            with self.subTest(state=state):
                license_ = self.create_license()
                license_.sudo().state = state
                answer = self.call("activate", {"key": license_.sudo().key, "fingerprint": FINGERPRINT})
                self.assertError(answer, 403, code)
        ended = self.create_license(date_start="2025-01-01", date_end="2025-12-31")
        self.assertError(self.call("verify", {"key": ended.sudo().key, "fingerprint": FINGERPRINT}), 403, "expired")

    def test_seats_exhausted(self):
        self.assertEqual(self.call("activate", {"key": self.key, "fingerprint": FINGERPRINT})[0], 200)
        answer = self.call("activate", {"key": self.key, "fingerprint": "another-machine-0001"})
        self.assertError(answer, 409, "seats_exhausted")
        self.assertEqual(self.license.seats_used, 1)
        self.assertEqual(self.license.log_ids[0].result, "seats_exhausted")

    def counted_calls(self):
        """Calls of this test's address in the current minute (what the IP limit counts)."""
        self.env.cr.execute(
            """SELECT COALESCE(SUM(calls), 0) FROM customer_license_rate
                WHERE scope = 'ip' AND name = '127.0.0.1'
                  AND window_start = date_trunc('minute', now() at time zone 'UTC')"""
        )
        return self.env.cr.fetchone()[0]

    def test_rate_limits_per_key_and_per_address(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("crm_customer_archive.license_api_key_limit", "3")
        payload = {"key": self.key, "fingerprint": "unknown-machine-42"}
        answers = [self.call("verify", payload)[0] for _index in range(4)]
        self.assertEqual(answers, [404, 404, 404, 429])
        self.assertError(self.call("verify", payload), 429, "rate_limited")
        Param.set_param("crm_customer_archive.license_api_key_limit", "1000")
        Param.set_param("crm_customer_archive.license_api_ip_limit", str(self.counted_calls()))
        other = self.create_license().sudo().key
        self.assertError(self.call("verify", {"key": other, "fingerprint": "unknown-machine-42"}), 429, "rate_limited")

    def test_rate_limited_calls_write_no_log_row(self):
        """A refused call writes nothing: an attacker cannot grow the log."""
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("crm_customer_archive.license_api_key_limit", "2")
        payload = {"key": self.key, "fingerprint": "unknown-machine-42"}
        self.assertEqual([self.call("verify", payload)[0] for _index in range(2)], [404, 404])
        Log = self.env["customer.license.log"].sudo()
        count = Log.search_count([])
        for _index in range(5):
            self.assertError(self.call("verify", payload), 429, "rate_limited")
        self.assertEqual(Log.search_count([]), count)
        self.assertEqual(self.license.log_ids.mapped("result"), ["unknown_machine", "unknown_machine"])

    def test_malformed_requests_are_rate_limited(self):
        """Malformed bodies count toward the limit of their address (logged
        with it), and are refused with 429 once it is reached."""
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("crm_customer_archive.license_api_ip_limit", str(self.counted_calls() + 3))
        for raw in ("not json", "[1, 2]", json.dumps({"key": self.key})):
            self.assertError(self.call("activate", raw=raw), 400, "malformed_request")
        logs = self.env["customer.license.log"].sudo().search([], limit=3)
        self.assertRecordValues(
            logs, [{"ip_address": "127.0.0.1", "result": "malformed_request", "action": "activate"}] * 3
        )
        for raw in (
            "not json",
            json.dumps({"key": self.key}),
            json.dumps({"key": self.key, "fingerprint": FINGERPRINT}),
        ):
            with self.subTest(raw=raw[:30]):
                self.assertError(self.call("activate", raw=raw), 429, "rate_limited")
        self.assertEqual(self.env["customer.license.log"].sudo().search([], limit=3), logs, "no row for refused calls")

    def move_back(self, activation, interval):
        """As if the machine was last seen ``interval`` earlier, from elsewhere."""
        self.env.cr.execute(
            SQL(
                """UPDATE customer_license_activation
                      SET last_seen = last_seen - %(interval)s::interval,
                          write_date = write_date - %(interval)s::interval,
                          ip_address = '10.1.1.1'
                    WHERE id = %(id)s""",
                interval=interval,
                id=activation.id,
            )
        )
        activation.invalidate_recordset()

    def test_verify_writes_the_machine_at_most_once_a_minute(self):
        """Heartbeats within a minute leave the machine's row alone (no write
        to conflict on between workers); an older last seen is refreshed."""
        payload = {"key": self.key, "fingerprint": FINGERPRINT}
        self.assertEqual(self.call("activate", payload)[0], 200)
        activation = self.license.activation_ids
        self.move_back(activation, "30 seconds")
        seen = activation.read(["last_seen", "write_date", "ip_address"])
        for _index in range(3):
            self.assertEqual(self.call("verify", payload)[0], 200)
        activation.invalidate_recordset()
        self.assertEqual(activation.read(["last_seen", "write_date", "ip_address"]), seen)
        # Ten minutes without a heartbeat: the next one is recorded.
        self.move_back(activation, "10 minutes")
        last_seen, write_date = activation.last_seen, activation.write_date
        self.assertEqual(self.call("verify", payload)[0], 200)
        activation.invalidate_recordset()
        self.assertGreater(activation.last_seen, last_seen)
        self.assertGreater(activation.write_date, write_date)
        self.assertEqual(activation.ip_address, "127.0.0.1")


@tagged("post_install", "-at_install")
class TestLicenseApiFuzz(CustomerLicenseCase, HttpCase):
    """At least 1,000 malformed or random payloads to every route: never a 500."""

    def test_fuzz_never_answers_500(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("crm_customer_archive.license_api_ip_limit", "100000")
        Param.set_param("crm_customer_archive.license_api_key_limit", "100000")
        Param.set_param("crm_customer_archive.certificate_verify_ip_limit", "100000")
        key = self.create_license(seats=3).sudo().key
        rng = random.Random(20261123)

        def random_scalar():
            return rng.choice(
                [
                    None,
                    True,
                    False,
                    0,
                    -1,
                    2**70,
                    1.5e308,
                    float("nan") if False else 3.14,
                    "",
                    " ",
                    "\u0000",
                    "💥" * rng.randint(1, 50),
                    "".join(rng.choices(string.printable, k=rng.randint(1, 80))),
                    key,
                    key.lower(),
                    key[:-1],
                    "A" * 600,
                    "<script>",
                    "' OR 1=1 --",
                ]
            )

        def random_value(depth=0):
            kind = rng.random()
            if depth < 3 and kind < 0.15:
                return [random_value(depth + 1) for _i in range(rng.randint(0, 4))]
            if depth < 3 and kind < 0.3:
                return {
                    random_scalar() if isinstance(random_scalar(), str) else "k": random_value(depth + 1)
                    for _i in range(3)
                }
            return random_scalar()

        def random_body():
            choice = rng.random()
            if choice < 0.2:
                return bytes(rng.getrandbits(8) for _i in range(rng.randint(0, 200)))
            if choice < 0.35:
                return json.dumps(random_value())
            payload = {
                field: random_value() for field in ("key", "fingerprint", "hostname", "os") if rng.random() < 0.85
            }
            if rng.random() < 0.3:
                payload["key"] = key
            if rng.random() < 0.3:
                payload["fingerprint"] = "".join(rng.choices(string.ascii_letters, k=rng.randint(0, 600)))
            for _extra in range(rng.randint(0, 3)):
                payload[str(random_scalar())] = random_value()
            return json.dumps(payload, allow_nan=True)

        statuses = {}
        for index in range(1050):
            action = ("activate", "verify", "deactivate")[index % 3]
            response = self.url_open(
                f"/api/license/{action}", data=random_body(), headers={"Content-Type": "application/json"}
            )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            self.assertLess(response.status_code, 500, response.text[:300])
            self.assertIn("error" if response.status_code >= 400 else "ok", response.json())
        self.assertGreater(sum(count for status, count in statuses.items() if 400 <= status < 500), 900, statuses)

        # The public certificate check: random, NUL, over-long and badly
        # encoded numbers and codes are a 404 (or the empty form), never a 5xx.
        def random_text():
            value = random_scalar()
            if rng.random() < 0.2:
                return "".join(f"%{rng.getrandbits(8):02X}" for _i in range(rng.randint(0, 70)))
            return quote(str(value)) if value is not None else None

        for _index in range(300):
            params = {name: random_text() for name in ("number", "code", "lang") if rng.random() < 0.8}
            query = "&".join(f"{name}={value}" for name, value in params.items() if value is not None)
            response = self.url_open(f"/quality-certificate/verify?{query}")
            self.assertIn(response.status_code, (200, 404), f"{query[:200]}: {response.text[:300]}")
