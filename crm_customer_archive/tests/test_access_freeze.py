"""Access-frequency alarm and freeze (issue 17, item 1): reads of the
customer archive count per user over real HTTP; crossing the warning
threshold alerts the security officers, crossing the freeze threshold
freezes the account: its session ends, its password and API keys are
refused over the web login, XML-RPC and JSON-RPC, until an administrator
releases it with a reason."""

import re
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

FROZEN_MESSAGE = "Your account is frozen"


class AccessFreezeFixture:
    @classmethod
    def _build_access_fixture(cls):
        cls.threshold = cls.env.ref("crm_customer_archive.customer_archive_access_threshold_internal")
        cls.threshold.write({"warn_ten_minutes": 3, "freeze_ten_minutes": 6, "warn_day": 50, "freeze_day": 100})
        cls.clerk = new_test_user(
            cls.env,
            "access_clerk",
            groups="base.group_user,crm_customer_archive.group_archive_user,crm_customer_archive.group_archive_export",
        )
        cls.officer = new_test_user(
            cls.env, "access_officer", groups="base.group_user,crm_customer_archive.group_archive_security_officer"
        )
        cls.administrator = new_test_user(cls.env, "access_admin", groups="base.group_user,base.group_erp_manager")
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"频繁访问测试客户 {index}", "is_company": True} for index in range(4)]
        )

    def events(self, user, kind):
        return self.env["customer.archive.access.event"].search([("user_id", "=", user.id), ("kind", "=", kind)])

    def audit_rows(self, user, method):
        return self.env["auditlog.log"].search(
            [("model_id.model", "=", "res.users"), ("res_id", "=", user.id), ("method", "=", method)]
        )


@tagged("post_install", "-at_install")
class TestAccessThresholds(AccessFreezeFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_access_fixture()

    def test_thresholds_must_be_positive(self):
        Threshold = self.env["customer.archive.access.threshold"]
        group = self.env["res.groups"].create({"name": "阈值测试组"})
        for field in ("warn_ten_minutes", "freeze_ten_minutes", "warn_day", "freeze_day"):
            for value in (0, -5):
                with self.subTest(field=field, value=value):
                    with self.assertRaisesRegex(ValidationError, "greater than zero"), self.env.cr.savepoint():
                        Threshold.create({"group_id": group.id, field: value})
                    with self.assertRaisesRegex(ValidationError, "greater than zero"), self.env.cr.savepoint():
                        self.threshold.write({field: value})
        self.assertFalse(Threshold.search([("group_id", "=", group.id)]), "nothing written")
        self.assertEqual(self.threshold.freeze_ten_minutes, 6)

    def test_warning_above_freeze_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be above the freeze threshold"), self.env.cr.savepoint():
            self.threshold.write({"warn_day": 101})
        self.assertEqual(self.threshold.warn_day, 50)

    def test_highest_limits_of_the_users_groups_apply(self):
        self.env["customer.archive.access.threshold"].create(
            {
                "group_id": self.env.ref("crm_customer_archive.group_archive_user").id,
                "warn_ten_minutes": 30,
                "freeze_ten_minutes": 60,
                "warn_day": 40,
                "freeze_day": 80,
            }
        )
        limits = self.env["customer.archive.access.threshold"]._limits(tuple(sorted(self.clerk.all_group_ids.ids)))
        self.assertEqual(limits, {"warn_ten_minutes": 30, "freeze_ten_minutes": 60, "warn_day": 50, "freeze_day": 100})

    def test_release_needs_a_reason_and_an_administrator(self):
        self.clerk._archive_freeze()
        wizard = (
            self.env["customer.archive.access.release"]
            .with_user(self.administrator)
            .create({"user_id": self.clerk.id, "reason": "   "})
        )
        with self.assertRaisesRegex(UserError, "Give the reason"):
            wizard.action_release()
        self.assertTrue(self.clerk.archive_frozen, "still frozen")
        self.assertFalse(self.events(self.clerk, "released"))
        with self.assertRaises(AccessError):
            self.env["customer.archive.access.release"].with_user(self.officer).create(
                {"user_id": self.clerk.id, "reason": "核实为正常工作"}
            )
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            self.clerk.with_user(self.officer)._archive_release("核实为正常工作")
        self.assertTrue(self.clerk.archive_frozen)

    def test_release_keeps_the_event_and_resets_the_counts(self):
        self.env["customer.archive.access.counter"]._add(self.clerk.id, 7)
        self.clerk._archive_freeze()
        self.assertTrue(self.audit_rows(self.clerk, "freeze"))
        self.env["customer.archive.access.release"].with_user(self.administrator).create(
            {"user_id": self.clerk.id, "reason": "核实为季度对账，正常工作"}
        ).action_release()
        self.assertFalse(self.clerk.archive_frozen)
        released = self.events(self.clerk, "released")
        self.assertEqual(released.reason, "核实为季度对账，正常工作")
        self.assertEqual(released.by_user_id, self.administrator)
        self.assertEqual(self.audit_rows(self.clerk, "release").user_id, self.administrator)
        self.assertFalse(self.env["customer.archive.access.counter"].search([("user_id", "=", self.clerk.id)]))
        with self.assertRaisesRegex(UserError, "is not frozen"):
            self.clerk.with_user(self.administrator)._archive_release("再次解冻")

    def test_counting_adds_up_in_both_windows(self):
        Counter = self.env["customer.archive.access.counter"]
        self.assertEqual(Counter._add(self.clerk.id, 4), {"ten_minutes": 4, "day": 4})
        self.assertEqual(Counter._add(self.clerk.id, 3), {"ten_minutes": 7, "day": 7})

    def test_no_counting_outside_a_request(self):
        """Crons, shells and server code read without a request: never counted."""
        self.customers.with_user(self.clerk).read(["name"])
        self.assertFalse(self.env["customer.archive.access.counter"].search([("user_id", "=", self.clerk.id)]))

    def test_purge_keeps_recent_counters(self):
        Counter = self.env["customer.archive.access.counter"]
        Counter._add(self.clerk.id, 2)
        old = Counter.create(
            {
                "user_id": self.clerk.id,
                "period": "day",
                "window_start": fields.Datetime.now() - timedelta(days=5),
                "count": 9,
            }
        )
        Counter._purge()
        self.assertFalse(old.exists())
        self.assertEqual(len(Counter.search([("user_id", "=", self.clerk.id)])), 2)


@tagged("post_install", "-at_install")
class TestAccessFreezeHttp(AccessFreezeFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_access_fixture()

    def setUp(self):
        super().setUp()
        # Odoo 19 logs that /xmlrpc is deprecated; refused logins are logged too.
        self.enterContext(mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.addons.base.models.res_users"))
        self.db = self.env.cr.dbname

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def read_customers(self):
        return self.call_kw(
            "res.partner",
            "web_search_read",
            [],
            {"domain": [("id", "in", self.customers.ids)], "specification": {"name": {}}},
        )

    def xmlrpc_read(self, login, password):
        return self.xmlrpc_object.execute_kw(
            self.db, self.env["res.users"].search([("login", "=", login)]).id, password,
            "res.partner", "search_count", [[("id", "in", self.customers.ids)]],
        )  # fmt: skip

    def test_warning_then_freeze_then_release(self):
        api_key = (
            self.env["res.users.apikeys"]
            .with_user(self.clerk)
            ._generate("rpc", "ERP", fields.Datetime.now() + timedelta(days=30))
        )
        self.authenticate("access_clerk", "access_clerk")
        # 4 records read: above the warning threshold (3); the officers get an alert.
        self.assertEqual(self.read_customers()["length"], 4)
        warning = self.events(self.clerk, "warning")
        self.assertEqual((warning.period, warning.count, warning.threshold), ("ten_minutes", 4, 3))
        self.assertIn(self.officer, warning.activity_ids.user_id)
        self.assertFalse(self.clerk.archive_frozen)
        # An export of the same 4: 8 read, above the freeze threshold (6).
        self.call_kw("res.partner", "export_data", [self.customers.ids, ["name"]])
        frozen = self.events(self.clerk, "frozen")
        self.assertEqual((frozen.count, frozen.threshold), (8, 6))
        self.assertIn(self.officer, frozen.activity_ids.user_id)
        self.assertTrue(self.clerk.archive_frozen)
        self.assertTrue(self.audit_rows(self.clerk, "freeze"))

        # The web session has ended.
        with self.assertRaises(JsonRpcException) as session:
            self.read_customers()
        self.assertIn("SessionExpired", str(session.exception))
        # The password and the API key are refused, with the reason.
        self.assertFalse(self.xmlrpc_common.authenticate(self.db, "access_clerk", "access_clerk", {}))
        for secret in ("access_clerk", api_key):
            with self.assertRaisesRegex(xmlrpc.client.Fault, FROZEN_MESSAGE):
                self.xmlrpc_read("access_clerk", secret)
        json_rpc = self.url_open(
            "/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": "common", "method": "login", "args": [self.db, "access_clerk", "access_clerk"]},
            },
        ).json()
        self.assertFalse(json_rpc.get("result"), "no uid for a frozen account over JSON-RPC")
        # The login page says why.
        self.authenticate(None, None)
        page = self.url_open("/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = self.url_open(
            "/web/login", data={"login": "access_clerk", "password": "access_clerk", "csrf_token": csrf}
        )
        self.assertIn(FROZEN_MESSAGE, answer.text)
        self.assertNotIn("/odoo", answer.url)

        # An administrator releases the account: it reads again.
        self.env["customer.archive.access.release"].with_user(self.administrator).create(
            {"user_id": self.clerk.id, "reason": "核实为季度对账"}
        ).action_release()
        self.assertEqual(self.xmlrpc_read("access_clerk", "access_clerk"), 4)

    def test_administrators_are_warned_never_frozen(self):
        admin = new_test_user(self.env, "access_sysadmin", groups="base.group_user,base.group_system")
        self.authenticate("access_sysadmin", "access_sysadmin")
        self.read_customers()
        self.read_customers()
        self.assertEqual(self.events(admin, "warning").mapped("threshold"), [6, 3])
        self.assertFalse(admin.archive_frozen)
        self.assertEqual(self.read_customers()["length"], 4, "still signed in")

    def test_sudo_reads_and_other_models_do_not_count(self):
        self.authenticate("access_clerk", "access_clerk")
        self.call_kw("res.users", "web_search_read", [], {"domain": [], "specification": {"name": {}}})
        self.assertFalse(self.env["customer.archive.access.counter"].search([("user_id", "=", self.clerk.id)]))
