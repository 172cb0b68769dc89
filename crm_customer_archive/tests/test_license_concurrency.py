import logging
import threading

import requests
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tests.common import HOST
from odoo.tools import config


@tagged("post_install", "-at_install")
class TestLicenseSeatRace(BaseCase):
    """Several threads, each with its own database cursor and transaction,
    race for the last seat of a licence: exactly one wins."""

    THREADS = 6

    def setUp(self):
        super().setUp()
        import odoo.modules.registry

        self.registry = odoo.modules.registry.Registry(self.get_db_name())
        # Committed data: the racing transactions must see the licence.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Param = env["ir.config_parameter"]
            self.old_limits = {
                name: Param.get_param(name)
                for name in ("crm_customer_archive.license_api_ip_limit", "crm_customer_archive.license_api_key_limit")
            }
            for name in self.old_limits:
                Param.set_param(name, "100000")
            partner = env["res.partner"].create({"name": "并发测试客户", "is_company": True})
            product = env["product.template"].create({"name": "并发测试软件", "type": "service", "is_software": True})
            today = fields.Date.context_today(partner)
            license_ = env["customer.license"].create(
                {
                    "partner_id": partner.id,
                    "product_tmpl_id": product.id,
                    "seats": 2,
                    "date_start": today,
                    "date_end": today + relativedelta(months=1),
                    "state": "active",
                }
            )
            # One seat already taken: one left.
            env["customer.license.activation"].create(
                {"license_id": license_.id, "fingerprint_hash": "0" * 64, "hostname": "already-here"}
            )
            self.ids = (partner.id, product.id, license_.id)
            self.key = license_.key
        self.addCleanup(self._cleanup)

    @classmethod
    def get_db_name(cls):
        return config["db_name"][0] if isinstance(config["db_name"], list) else config["db_name"]

    def _cleanup(self):
        partner_id, product_id, license_id = self.ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["customer.license.log"].search([("license_id", "=", license_id)]).unlink()
            env["customer.license"].browse(license_id).unlink()
            env["product.template"].browse(product_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
            for name, value in self.old_limits.items():
                env["ir.config_parameter"].set_param(name, value or False)

    def test_exactly_one_thread_gets_the_last_seat(self):
        barrier = threading.Barrier(self.THREADS)
        results = []
        errors = []

        def race(index):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    # retrying(): what Odoo's HTTP layer does on serialization failures.
                    status, _body = retrying(
                        lambda: env["customer.license.api"]._handle(
                            "activate",
                            {"key": self.key, "fingerprint": f"machine-{index:04d}-fingerprint"},
                            "127.0.0.9",
                        ),
                        env,
                    )
                    results.append(status)
            except Exception as error:
                errors.append(repr(error))

        threads = [threading.Thread(target=race, args=(index,)) for index in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors, errors)
        self.assertEqual(sorted(results), [200] + [409] * (self.THREADS - 1))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            license_ = env["customer.license"].browse(self.ids[2])
            self.assertEqual(license_.seats_used, 2)
            self.assertEqual(len(license_.activation_ids.filtered(lambda act: act.state == "active")), 2)

    def test_concurrent_heartbeats_of_a_machine_add_up(self):
        """Heartbeats of one machine at once, when its last seen is due for
        an update: no serialization failure even without Odoo's replay, one
        update of the machine, every call counted in the hour's log row and
        in the minute's rate counters."""
        payload = {"key": self.key, "fingerprint": "machine-heartbeat-0002"}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["customer.license.api"]._handle("activate", payload, "127.0.0.8")[0], 200)
            cr.execute(
                "UPDATE customer_license_activation SET last_seen = last_seen - interval '5 minutes'"
                " WHERE license_id = %s",
                [self.ids[2]],
            )
        barrier = threading.Barrier(self.THREADS)
        results, errors = [], []

        def heartbeat():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    results.append(env["customer.license.api"]._handle("verify", payload, "127.0.0.8")[0])
            except Exception as error:
                errors.append(repr(error))

        threads = [threading.Thread(target=heartbeat) for _index in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors, errors)
        self.assertEqual(results, [200] * self.THREADS)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT calls FROM customer_license_log WHERE license_id = %s AND action = 'verify'", [self.ids[2]]
            )
            self.assertEqual(cr.fetchall(), [(self.THREADS,)])
            cr.execute(
                "SELECT SUM(calls) FROM customer_license_rate WHERE scope = 'ip' AND name = '127.0.0.8'"
                " AND window_start >= date_trunc('minute', now() at time zone 'UTC') - interval '1 minute'"
            )
            self.assertEqual(cr.fetchone()[0], self.THREADS + 1)
            cr.execute(
                "SELECT last_seen > now() at time zone 'UTC' - interval '1 minute'"
                " FROM customer_license_activation WHERE license_id = %s AND hostname IS DISTINCT FROM 'already-here'",
                [self.ids[2]],
            )
            self.assertEqual(cr.fetchall(), [(True,)])
            cr.execute("DELETE FROM customer_license_rate WHERE name = '127.0.0.8'")

    def test_a_counter_waits_for_a_concurrent_one_and_adds_up(self):
        """The licence server's own transactions (counters, heartbeat) are
        READ COMMITTED: an upsert that waited for a concurrent transaction
        on its row adds to it, where REPEATABLE READ would fail it."""
        name = "203.0.113.77"
        counts, errors = [], []

        def second():
            try:
                with self.registry.cursor() as cr:
                    Api = api.Environment(cr, SUPERUSER_ID, {})["customer.license.api"]
                    with Api._own_transaction() as env:
                        counts.append(env["customer.license.rate"]._count_calls({"ip": name}))
            except Exception as error:
                errors.append(repr(error))

        try:
            with self.registry.cursor() as first:
                api.Environment(first, SUPERUSER_ID, {})["customer.license.rate"]._count_calls({"ip": name})
                thread = threading.Thread(target=second)
                thread.start()
                thread.join(timeout=2)
                self.assertTrue(thread.is_alive(), "the second upsert waits for the first transaction")
            thread.join(timeout=30)
            self.assertFalse(errors, errors)
            self.assertEqual(counts, [{"ip": 2}])
        finally:
            with self.registry.cursor() as cr:
                cr.execute("DELETE FROM customer_license_rate WHERE name = %s", [name])

    def post_all(self, action, payloads):
        """POST every payload at once, one thread each, to the test HTTP
        server (real cursors and transactions, as in production); the statuses."""
        url = f"http://{HOST}:{config['http_port']}/api/license/{action}"
        barrier = threading.Barrier(len(payloads))
        statuses = [None] * len(payloads)

        def post(index):
            barrier.wait(timeout=30)
            statuses[index] = requests.post(url, json=payloads[index], timeout=120).status_code

        threads = [threading.Thread(target=post, args=(index,)) for index in range(len(payloads))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        return statuses

    def test_concurrent_activations_over_http(self):
        """Odoo replays the losers after a serialization failure: the replay
        must read the same body (no 400 malformed_request), and see the seat taken."""
        payloads = [{"key": self.key, "fingerprint": f"machine-{index:04d}-fingerprint"} for index in range(8)]
        self.assertEqual(sorted(self.post_all("activate", payloads)), [200] + [409] * 7)

    def test_concurrent_heartbeats_over_http_do_not_conflict(self):
        """Heartbeats of one machine arriving at once (several workers) write
        nothing within the minute: no serialization failure, no replay."""
        payload = {"key": self.key, "fingerprint": "machine-heartbeat-0001"}
        self.assertEqual(self.post_all("activate", [payload]), [200])
        # logging.INFO, not "INFO": Odoo names its level 25 "INFO" too.
        with self.assertNoLogs("odoo.service.model", logging.INFO):
            for _round in range(3):
                self.assertEqual(self.post_all("verify", [payload] * 8), [200] * 8)
