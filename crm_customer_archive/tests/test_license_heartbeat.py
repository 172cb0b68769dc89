from datetime import timedelta

from odoo import fields
from odoo.addons.crm_customer_archive.tools.signature import verify_token
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import CustomerLicenseCase
from .helpers import load_chinese

FINGERPRINT = "cpu:BFEBFBFF000906EA;board:PF2LXT4Q;mac:00-1B-44-11-3A-B7"
# Queries of a heartbeat once caches are warm: rate counters (1), licence, its
# key (a restricted field) and the machine (3), the conditional update and the
# hour's log row (2).
HEARTBEAT_QUERIES = 6


@tagged("post_install", "-at_install")
class TestLicenseHeartbeat(CustomerLicenseCase, HttpCase):
    """What a heartbeat writes: at most one update of its machine a minute,
    one log row per machine and hour, one counter row per address or key and
    minute; calls to the server code as the route makes them (HttpCase: the
    counters' own transactions are savepoints of the test's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls.create_license(seats=3)
        cls.key = cls.license.sudo().key
        cls.Api = cls.env["customer.license.api"].sudo()
        Param = cls.env["ir.config_parameter"].sudo()
        Param.set_param("crm_customer_archive.license_api_ip_limit", "1000")
        Param.set_param("crm_customer_archive.license_api_key_limit", "1000")

    def call(self, action, fingerprint=FINGERPRINT, ip_address="198.51.100.7", key=None):
        return self.Api._handle(action, {"key": key or self.key, "fingerprint": fingerprint}, ip_address)

    def activation(self, fingerprint=FINGERPRINT):
        return self.license.activation_ids.filtered(
            lambda activation: activation.fingerprint_hash == self.license._fingerprint_hash(fingerprint)
        )

    def move_back(self, table, column, interval, where=None):
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s - %s::interval WHERE %s",
                SQL.identifier(table),
                SQL.identifier(column),
                SQL.identifier(column),
                interval,
                where or SQL("TRUE"),
            )
        )
        self.env.invalidate_all()

    def row_version(self, activation):
        """The physical place of the row's current version: an UPDATE moves it."""
        self.env.cr.execute(
            SQL("SELECT ctid::text, last_seen FROM customer_license_activation WHERE id = %s", activation.id)
        )
        return self.env.cr.fetchone()

    def heartbeat_logs(self):
        return (
            self.env["customer.license.log"]
            .sudo()
            .search([("license_id", "=", self.license.id), ("action", "=", "verify")])
        )

    def test_heartbeat_within_a_minute_writes_no_row(self):
        self.assertEqual(self.call("activate")[0], 200)
        activation = self.activation()
        self.move_back("customer_license_activation", "last_seen", "50 seconds", SQL("id = %s", activation.id))
        before = self.row_version(activation)
        for _index in range(3):
            self.assertEqual(self.call("verify")[0], 200)
        self.assertEqual(self.row_version(activation), before, "no new version of the machine's row")
        # A minute and more since the last update: the next heartbeat records it.
        self.move_back("customer_license_activation", "last_seen", "2 minutes", SQL("id = %s", activation.id))
        moved = self.row_version(activation)
        self.assertEqual(self.call("verify", ip_address="198.51.100.8")[0], 200)
        after = self.row_version(activation)
        self.assertNotEqual(after[0], moved[0])
        self.assertGreater(after[1], moved[1])
        self.assertEqual(activation.ip_address, "198.51.100.8", "the cache shows what was written")
        # And the heartbeats after it write nothing again.
        self.assertEqual(self.call("verify")[0], 200)
        self.assertEqual(self.row_version(activation), after)

    def test_heartbeats_are_counted_per_machine_and_hour(self):
        other = "cpu:0000000000000000;board:OTHER-PC;mac:00-1B-44-11-3A-B8"
        for fingerprint in (FINGERPRINT, other):
            self.assertEqual(self.call("activate", fingerprint)[0], 200)
        for _index in range(5):
            self.assertEqual(self.call("verify")[0], 200)
        self.assertEqual(self.call("verify", other)[0], 200)
        logs = self.heartbeat_logs()
        hints = {self.license._fingerprint_hash(fp)[:12]: fp for fp in (FINGERPRINT, other)}
        self.assertEqual(
            sorted((hints[log.fingerprint_hint], log.calls, log.result) for log in logs),
            sorted([(FINGERPRINT, 5, "ok"), (other, 1, "ok")]),
        )
        self.assertEqual(logs.mapped("company_id"), self.license.company_id)
        # Refusals each have a row of their own.
        for _index in range(3):
            self.assertEqual(self.call("verify", "never-activated-machine")[0], 404)
        refused = self.heartbeat_logs().filtered(lambda log: log.result == "unknown_machine")
        self.assertEqual((len(refused), set(refused.mapped("calls"))), (3, {1}))
        # The next hour starts a new row.
        self.move_back("customer_license_log", "hour_start", "1 hour", SQL("license_id = %s", self.license.id))
        self.assertEqual(self.call("verify")[0], 200)
        mine = self.heartbeat_logs().filtered(
            lambda log: log.result == "ok" and log.fingerprint_hint == self.license._fingerprint_hash(FINGERPRINT)[:12]
        )
        self.assertEqual(mine.mapped("calls"), [1, 5])

    def counters(self, scope, name):
        self.env.cr.execute(
            SQL(
                "SELECT calls FROM customer_license_rate WHERE scope = %s AND name = %s ORDER BY window_start",
                scope,
                name,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def test_rate_limit_counts_a_fixed_minute(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_customer_archive.license_api_key_limit", "3")
        load_chinese(self.env)
        self.Api = self.Api.with_context(lang="zh_CN")
        self.assertEqual([self.call("verify", "unknown-machine-0042")[0] for _index in range(3)], [404] * 3)
        status, body = self.call("verify", "unknown-machine-0042")
        self.assertEqual((status, body["error"]["code"]), (429, "rate_limited"))
        self.assertEqual(body["error"]["message"], "请求过于频繁，请一分钟后再试。")
        key_hint = self.key.replace("-", "")[:10]
        self.assertEqual(self.counters("key", key_hint), [4], "one row for the minute, refused calls counted")
        self.assertEqual(self.counters("ip", "198.51.100.7"), [4])
        # The minute is over: the next call is the first of a new window.
        self.move_back("customer_license_rate", "window_start", "1 minute")
        self.assertEqual(self.call("verify", "unknown-machine-0042")[0], 404)
        self.assertEqual(self.counters("key", key_hint), [4, 1])
        self.assertEqual([self.call("verify", "unknown-machine-0042")[0] for _index in range(3)], [404, 404, 429])

    def test_token_carries_its_expiry(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_customer_archive.license_token_hours", "24")
        before = fields.Datetime.now()
        status, body = self.call("activate")
        self.assertEqual(status, 200)
        payload = verify_token(body["token"], self.license._public_key_pem())
        self.assertEqual(payload["exp"], body["expires_at"])
        expiry = fields.Datetime.to_datetime(body["expires_at"])
        self.assertTrue(before + timedelta(hours=24) <= expiry <= fields.Datetime.now() + timedelta(hours=24))
        next_check = fields.Datetime.to_datetime(body["next_check"])
        self.assertAlmostEqual(next_check, before + timedelta(hours=12), delta=timedelta(seconds=5))
        # Never beyond the day after the licence ends.
        self.license.date_end = fields.Date.context_today(self.license)
        status, body = self.call("verify")
        self.assertEqual(body["expires_at"], fields.Datetime.to_string(self.license.date_end + timedelta(days=1)))

    def test_heartbeat_query_count_is_constant(self):
        self.assertEqual(self.call("activate")[0], 200)
        self.assertEqual(self.call("verify")[0], 200)  # warm caches

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(self.call("verify")[0], 200)
            return self.env.cr.sql_log_count - before

        few = queries()
        # More machines, log rows and counters do not change it.
        for index in range(2):
            self.assertEqual(self.call("activate", f"machine-{index:04d}-fingerprint")[0], 200)
        for _index in range(20):
            self.call("verify", "never-activated-machine", ip_address="203.0.113.9")
        self.assertEqual((few, queries()), (HEARTBEAT_QUERIES, HEARTBEAT_QUERIES))

    def test_token_lifetime_setting(self):
        settings = self.env["res.config.settings"].create({"license_token_hours": 24})
        settings.execute()
        Param = self.env["ir.config_parameter"].sudo()
        self.assertEqual(Param.get_param("crm_customer_archive.license_token_hours"), "24")
        for hours in (0, -1, 24 * 366 + 1):
            with (
                self.subTest(hours=hours),
                self.assertRaisesMessage(
                    ValidationError, f"The offline token lifetime must be between 1 and 8784 hours, not {hours}."
                ),
            ):
                self.env["res.config.settings"].create({"license_token_hours": hours})
        self.assertEqual(Param.get_param("crm_customer_archive.license_token_hours"), "24")
