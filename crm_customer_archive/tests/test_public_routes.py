from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CustomerArchiveCase

VERIFY = "/quality-certificate/verify"


@tagged("post_install", "-at_install")
class TestCertificateVerifyRoute(CustomerArchiveCase, HttpCase):
    """The public certificate check: bad input is a plain 404, and one
    address gets a limited number of checks per minute."""

    def setUp(self):
        super().setUp()
        self.Request = self.env["customer.public.request"].sudo()
        # Counters committed by other runs must not eat this test's budget.
        self.Request.search([]).unlink()

    def check(self, query, **kwargs):
        return self.url_open(f"{VERIFY}?{query}", **kwargs)

    def add_counters(self, ip_address, count, age=timedelta()):
        date = fields.Datetime.now() - age
        self.Request.create([{"route": VERIFY, "ip_address": ip_address, "date": date}] * count)

    def test_nul_and_long_values_are_not_genuine(self):
        for query in (
            "number=%00&code=%00",
            "number=ZB2026000001%00&code=ABCDEFGH2345",
            "number=ZB2026000001&code=%00",
            "number=%00",
            f"number={'9' * 65}&code=ABCDEFGH2345",
            f"number=ZB2026000001&code={'A' * 65}",
        ):
            with self.subTest(query=query[:40]):
                response = self.check(query)
                self.assertEqual(response.status_code, 404, response.text[:300])
                self.assertIn("o_certificate_not_genuine", response.text)
                self.assertNotIn("9" * 65, response.text, "refused values are not echoed")

    def test_31st_check_of_a_minute_is_refused_and_not_counted(self):
        for index in range(30):
            self.assertEqual(self.check(f"number=ZB2026{index:06d}&code=ABCDEFGH2345").status_code, 404)
        self.assertEqual(self.Request.search_count([("ip_address", "=", "127.0.0.1")]), 30)
        response = self.check("number=ZB2026000031&code=ABCDEFGH2345")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.headers["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response.headers["Retry-After"], "60")
        self.assertEqual(response.text, "Too many verifications from your address. Try again in a minute.")
        self.assertEqual(self.Request.search_count([]), 30, "a refused call writes nothing")
        # The form itself (no check) stays available.
        self.assertEqual(self.url_open(VERIFY).status_code, 200)

    def test_limit_is_per_address_and_per_minute(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_customer_archive.certificate_verify_ip_limit", "5")
        self.add_counters("10.20.30.40", 5)
        self.add_counters("127.0.0.1", 5, age=timedelta(minutes=2))
        for index in range(5):
            self.assertEqual(self.check(f"number=ZB2026{index:06d}&code=X").status_code, 404)
        self.assertEqual(self.check("number=ZB2026000005&code=X").status_code, 429)

    def test_refusal_in_the_visitors_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # A visitor's session starts in the browser's language (Accept-Language).
        self.authenticate(None, None, session_extra={"context": {"lang": "zh_CN"}})
        self.add_counters("127.0.0.1", 30)
        response = self.check("number=ZB2026000001&code=X")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.text, "您的地址验证次数过多，请一分钟后再试。")

    def test_counters_are_purged_after_a_day(self):
        self.add_counters("127.0.0.1", 2, age=timedelta(days=1, minutes=1))
        self.add_counters("127.0.0.1", 1, age=timedelta(hours=23))
        self.env.ref("crm_customer_archive.ir_cron_customer_public_request_purge").method_direct_trigger()
        self.assertEqual(self.Request.search_count([]), 1)

    def test_only_administrators_read_counters(self):
        self.add_counters("127.0.0.1", 1)
        Request = self.env["customer.public.request"]
        for user in (self.user_manager, self.user_officer, self.env.ref("base.public_user")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Request.with_user(user).search([])
        admin = self.env.ref("base.user_admin")
        self.assertEqual(Request.with_user(admin).search_count([]), 1)
        with self.assertRaises(AccessError):
            Request.with_user(admin).create({"route": VERIFY, "ip_address": "127.0.0.1"})
