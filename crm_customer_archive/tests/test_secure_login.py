"""Secure login (issue 17, item 7): two-factor login for the Personal Data
and Manager groups, the password policy, the session timeout setting and the
scheduled backup."""

import xmlrpc.client
from datetime import timedelta

from odoo import http
from odoo.addons.crm_customer_archive.models.res_users_mfa import MFA_REQUIRED_PARAM
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import HOST, Opener, get_db_name
from odoo.tools import config, mute_logger

from .common import CustomerArchiveCase

STRONG_PASSWORD = "Lq7#vR2-pWz9"


@tagged("post_install", "-at_install")
class TestTwoFactorLogin(CustomerArchiveCase, HttpCase):
    """A real login through /web/login, as the browser posts it."""

    def setUp(self):
        super().setUp()
        # The demo turns it off; a new database has it on: the tests say on.
        self.env["ir.config_parameter"].set_param(MFA_REQUIRED_PARAM, "True")
        self.session = http.root.session_store.new()
        self.session.update(http.get_default_session(), db=get_db_name())
        self.opener = Opener(self)
        self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")

    def _login(self, user):
        response = self.url_open(
            "/web/login",
            data={"login": user.login, "password": user.login, "csrf_token": http.Request.csrf_token(self)},
        )
        response.raise_for_status()
        return response

    def test_manager_and_personal_data_land_on_the_code_page(self):
        for user in (self.user_manager, self.user_privacy):
            with self.subTest(user=user.login):
                self.opener.cookies.clear()
                self.session = http.root.session_store.new()
                self.session.update(http.get_default_session(), db=get_db_name())
                self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")
                response = self._login(user)
                self.assertEqual(response.request.path_url.split("?")[0], "/web/login/totp")
                # Not logged in yet: the backend sends the browser back to the login.
                self.assertIn("/web/login", self.url_open("/odoo").request.path_url)

    def test_mailed_code_completes_the_login(self):
        self._login(self.user_manager)
        code, _expiration = self.user_manager._get_totp_mail_code()
        response = self.url_open(
            "/web/login/totp",
            data={"totp_token": code, "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.request.path_url, "/odoo")

    def test_other_users_log_in_with_their_password(self):
        for user in (self.user_officer, self.user_sales):
            with self.subTest(user=user.login):
                self.opener.cookies.clear()
                self.session = http.root.session_store.new()
                self.session.update(http.get_default_session(), db=get_db_name())
                self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")
                self.assertEqual(self._login(user).request.path_url, "/odoo")

    def test_setting_off_lets_managers_log_in_with_their_password(self):
        self.env["ir.config_parameter"].set_param(MFA_REQUIRED_PARAM, False)
        self.assertEqual(self._login(self.user_manager).request.path_url, "/odoo")

    def test_authenticator_app_is_kept(self):
        # A user who set up an authenticator app is asked for its code, not a mailed one.
        self.user_manager.sudo().totp_secret = "JBSWY3DPEHPK3PXP"
        self.assertEqual(self.user_manager._mfa_type(), "totp")
        self.assertEqual(self.user_privacy._mfa_type(), "totp_mail")
        self.assertIsNone(self.user_officer._mfa_type())

    def test_rpc_needs_an_api_key(self):
        """With a second factor, a program cannot log in with the password alone."""
        self.enterContext(mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http"))
        db = get_db_name()
        self.assertFalse(self.xmlrpc_common.authenticate(db, self.user_privacy.login, self.user_privacy.login, {}))
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.user_privacy)
            ._generate(None, "integration", self.env.cr.now() + timedelta(days=30))
        )
        self.assertEqual(self.xmlrpc_common.authenticate(db, self.user_privacy.login, key, {}), self.user_privacy.id)
        self.assertEqual(
            self.xmlrpc_common.authenticate(db, self.user_officer.login, self.user_officer.login, {}),
            self.user_officer.id,
        )
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_object.execute_kw(
                db, self.user_manager.id, self.user_manager.login, "res.partner", "search_count", [[]]
            )


@tagged("post_install", "-at_install")
class TestPasswordPolicy(CustomerArchiveCase):
    def setUp(self):
        super().setUp()
        # password_security checks nothing in other modules' tests (their
        # fixtures use the login as password): this test is one of its own.
        self.patch(self, "test_module", "password_security")
        self.assertTrue(config["test_enable"])

    def test_weak_password_refused(self):
        user = self.user_sales
        before = user.password_write_date
        for weak in ("short", "alllowercase1!", "NoDigitsHere!", "NoSpecial123x"):
            with self.subTest(password=weak), self.assertRaisesMessage(UserError, "Must contain|at least 8 characters"):
                user.write({"password": weak})
        self.assertEqual(user.password_write_date, before)
        # The old password still opens the account.
        user.with_user(user)._check_credentials({"type": "password", "password": user.login}, {"interactive": True})

    def test_strong_password_accepted(self):
        self.user_sales.write({"password": STRONG_PASSWORD})
        user = self.user_sales
        user.with_user(user)._check_credentials(
            {"type": "password", "password": STRONG_PASSWORD}, {"interactive": True}
        )


@tagged("post_install", "-at_install")
class TestSecureLoginSettings(CustomerArchiveCase):
    def _settings(self, **values):
        return self.env["res.config.settings"].create(values)

    def test_session_timeout_in_minutes(self):
        self._settings(archive_session_timeout=15).execute()
        self.assertEqual(self.env["ir.config_parameter"].get_param("inactive_session_time_out_delay"), "900")
        self.assertEqual(self._settings().archive_session_timeout, 15)

    def test_bad_session_timeout_refused(self):
        before = self.env["ir.config_parameter"].get_param("inactive_session_time_out_delay")
        for minutes in (0, -5, 24 * 60 + 1):
            with (
                self.subTest(minutes=minutes),
                self.assertRaisesMessage(ValidationError, f"between 1 and 1440 minutes, not {minutes}"),
            ):
                self._settings(archive_session_timeout=minutes)
        self.assertEqual(self.env["ir.config_parameter"].get_param("inactive_session_time_out_delay"), before)

    def test_negative_password_rule_refused(self):
        before = self.env["ir.config_parameter"].get_param("password_security.upper")
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self._settings(password_upper=-1)
        self.assertEqual(self.env["ir.config_parameter"].get_param("password_security.upper"), before)

    def test_two_factor_setting(self):
        self._settings(archive_mfa_required=False).execute()
        self.assertFalse(self.env["ir.config_parameter"].get_param(MFA_REQUIRED_PARAM))
        self.assertIsNone(self.user_manager._mfa_type())
        self._settings(archive_mfa_required=True).execute()
        self.assertEqual(self.user_manager._mfa_type(), "totp_mail")

    def test_daily_backup_scheduled(self):
        backup = self.env.ref("crm_customer_archive.db_backup_daily")
        self.assertEqual(backup.method, "local")
        self.assertEqual(backup.folder, f"{config['data_dir']}/backups/{self.env.cr.dbname}")
        cron = self.env.ref("auto_backup.ir_cron_backup_scheduler_0")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
