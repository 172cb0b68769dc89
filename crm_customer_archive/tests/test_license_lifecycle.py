from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerLicenseCase


@tagged("post_install", "-at_install")
class TestLicenseLifecycle(CustomerLicenseCase):
    def test_trial_lasts_thirty_days_and_expires_by_itself(self):
        with freeze_time("2026-11-02"):
            trial = self.create_license(license_type="trial", date_start="2026-11-02", date_end=False)
            self.assertEqual(trial.date_end, date(2026, 12, 2))
        cron = self.env.ref("crm_customer_archive.ir_cron_customer_license_lifecycle")
        with freeze_time("2026-12-02"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()
            self.assertEqual(trial.state, "active", "the last day still counts")
        with freeze_time("2026-12-03"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(trial.state, "expired")

    def test_configurable_trial_length(self):
        self.company.license_trial_days = 14
        trial = self.create_license(license_type="trial", date_start="2026-11-02", date_end=False)
        self.assertEqual(trial.date_end, date(2026, 11, 16))

    def test_reminders_before_the_end_and_idle_machines_released(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.write({"lang": "zh_CN", "email": "it@hbqc.example.cn"})
        license_ = self.create_license(date_start="2026-01-01", date_end="2026-12-15", user_id=self.user_officer.id)
        activation = self.env["customer.license.activation"].create(
            {
                "license_id": license_.id,
                "fingerprint_hash": "x" * 64,
                "hostname": "old-pc",
                "last_seen": "2026-07-01 00:00:00",
            }
        )
        Log = self.env["customer.license.log"]
        old_call = Log.create(
            {"license_id": license_.id, "action": "verify", "result": "ok", "date": "2025-10-01 00:00:00"}
        )
        old_renewal = Log.create(
            {"license_id": license_.id, "action": "renew", "result": "ok", "date": "2025-10-01 00:00:00"}
        )
        cron = self.env.ref("crm_customer_archive.ir_cron_customer_license_lifecycle")
        with freeze_time("2026-11-20"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(len(license_.activity_ids), 1, "reminded once")
        self.assertEqual(license_.activity_ids.user_id, self.user_officer)
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "customer.license"),
                ("res_id", "=", license_.id),
                ("recipient_ids", "in", self.customer.ids),
            ]
        )
        self.assertEqual(len(mails), 1, "the customer is e-mailed once")
        self.assertIn(license_.key_masked, mails.body_html)
        self.assertEqual(activation.state, "released", "not seen for more than 90 days")
        self.assertFalse(old_call.exists(), "API calls older than a year are purged")
        self.assertTrue(old_renewal.exists(), "renewals are history and stay")
        self.assertEqual(activation.released_reason, "idle")
        self.assertEqual(license_.seats_used, 0)

    def test_renewal_extends_and_keeps_history(self):
        license_ = self.create_license(date_start="2025-12-01", date_end="2026-11-30")
        with freeze_time("2026-11-20"):
            license_.action_renew()
        self.assertEqual(license_.date_end, date(2027, 11, 30))
        self.assertEqual(license_.previous_date_end, date(2026, 11, 30))
        self.assertEqual(license_.log_ids.filtered(lambda log: log.action == "renew").result, "ok")
        self.assertTrue(any("2027-11-30" in (message.body or "") for message in license_.message_ids))
        expired = self.create_license(date_start="2024-01-01", date_end="2025-01-01", state="expired")
        with freeze_time("2026-11-20"):
            expired.action_renew()
        self.assertEqual(expired.state, "active")
        self.assertEqual(expired.date_end, date(2027, 11, 20), "an expired licence restarts from today")

    def test_sale_order_confirmation_creates_the_licence(self):
        product = self.software.product_variant_id
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
            }
        )
        order.action_confirm()
        license_ = self.env["customer.license"].search([("sale_line_id", "=", order.order_line.id)])
        self.assertRecordValues(
            license_,
            [
                {
                    "partner_id": self.customer.id,
                    "seats": 5,
                    "state": "active",
                    "license_type": "subscription",
                    "feature_ids": self.software.license_feature_ids.ids,
                }
            ],
        )
        self.assertEqual(license_.date_end, license_.date_start.replace(year=license_.date_start.year + 1))
        order._create_software_licenses()
        self.assertEqual(self.env["customer.license"].search_count([("sale_line_id", "=", order.order_line.id)]), 1)

    def test_bad_input_is_refused_and_nothing_written(self):
        count = self.env["customer.license"].search_count([])
        with self.assertRaisesMessage(ValidationError, "at least one seat"):
            self.create_license(seats=0)
        with self.assertRaisesMessage(ValidationError, "at least one seat"):
            self.create_license(seats=-3)
        with self.assertRaisesMessage(ValidationError, "cannot end .* before it starts"):
            self.create_license(date_start="2026-11-20", date_end="2026-11-01")
        with self.assertRaisesMessage(ValidationError, "not a valid licence key"):
            self.create_license(key="ABCDE-FGHJK")
        self.assertEqual(self.env["customer.license"].search_count([]), count)
        build = self.env["customer.software.build"].create(
            {"product_tmpl_id": self.software.id, "partner_id": self.customer.id, "version": "2.3.1"}
        )
        with self.assertRaisesMessage(ValidationError, "not a semantic version"):
            build.version = "v2.3"
        self.assertEqual(build.version, "2.3.1")
        with self.assertRaisesMessage(Exception, "duplicate key|already has a build"):
            with self.env.cr.savepoint():
                self.env["customer.software.build"].create(
                    {"product_tmpl_id": self.software.id, "partner_id": self.customer.id, "version": "2.3.1"}
                )

    def test_revoked_licence_is_reactivated_only_by_a_manager(self):
        license_ = self.create_license()
        with self.assertRaisesMessage(AccessError, "Only a licence manager"):
            license_.with_user(self.user_officer).action_revoke()
        license_.with_user(self.user_license_manager).action_revoke()
        self.assertEqual(license_.state, "revoked")
        with self.assertRaisesMessage(AccessError, "Only a licence manager can reactivate"):
            license_.with_user(self.user_officer).action_activate()
        self.assertEqual(license_.state, "revoked")
        with self.assertRaisesMessage(UserError, "revoked licence cannot be renewed"):
            license_.with_user(self.user_officer).action_renew()
        license_.with_user(self.user_license_manager).action_activate()
        self.assertEqual(license_.state, "active")

    def test_only_licence_managers_see_full_keys(self):
        license_ = self.create_license()
        full_key = license_.sudo().key
        self.assertEqual(license_.with_user(self.user_license_manager).key, full_key)
        for user in (self.user_officer, self.user_sales):
            with self.subTest(user=user.login):
                masked = license_.with_user(user).read(["key_masked"])[0]["key_masked"]
                self.assertEqual(masked, f"{full_key[:5]}-*****-*****-*****-{full_key[-5:]}")
                with self.assertRaises(AccessError):
                    license_.with_user(user).read(["key"])
                with self.assertRaises(AccessError):
                    self.env["customer.license"].with_user(user).search([("key", "=", full_key)])
        with self.assertRaises(AccessError):
            license_.with_user(self.user_sales).write({"seats": 9})
        with self.assertRaises(AccessError):
            self.env["customer.license"].with_user(self.user_plain).search([])

    def test_xlsx_export_masks_keys(self):
        import io

        import openpyxl

        license_ = self.create_license()
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            "crm_customer_archive.report_customer_license_xlsx", license_.ids, {}
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["Licences", "Machines"])
        rows = list(workbook["Licences"].values)
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(row["Key"], license_.key_masked)
        self.assertEqual(row["Seats"], 2)
        self.assertNotIn(license_.sudo().key, str(rows))

    def test_customer_archive_lists_builds_and_licences(self):
        build = (
            self.env["customer.software.build"]
            .with_user(self.user_officer)
            .create(
                {
                    "product_tmpl_id": self.software.id,
                    "partner_id": self.customer.id,
                    "version": "3.0.0-rc.1",
                    "base_version": "3.0.0",
                    "repository_path": "git@git.example.cn:hbqc/mes.git",
                }
            )
        )
        self.assertEqual(build.name, "冷轧 MES 套件 3.0.0-rc.1")
        self.create_license(build_id=build.id)
        self.assertEqual(self.customer.archive_build_count, 1)
        self.assertEqual(self.customer.archive_license_count, 1)
        self.assertEqual(self.customer.software_build_ids, build)
        action = self.customer.action_view_archive_licenses()
        self.assertEqual(len(self.env["customer.license"].search(action["domain"])), 1)
        with self.assertRaisesMessage(ValidationError, "belongs to another customer"):
            self.create_license(partner_id=self.other_customer.id, build_id=build.id)

    def test_access_to_builds_activations_and_logs(self):
        values = {"product_tmpl_id": self.software.id, "partner_id": self.customer.id, "version": "1.0.0"}
        with self.assertRaises(AccessError):
            self.env["customer.software.build"].with_user(self.user_sales).create(values)
        build = self.env["customer.software.build"].with_user(self.user_officer).create(values)
        self.assertEqual(build.with_user(self.user_sales).version, "1.0.0", "account managers read builds")
        with self.assertRaises(AccessError):
            build.with_user(self.user_officer).unlink()
        foreign = self.env["customer.software.build"].create(
            {**values, "version": "9.9.9", "company_id": self.other_company.id, "partner_id": self.other_customer.id}
        )
        self.assertNotIn(foreign, self.env["customer.software.build"].with_user(self.user_officer).search([]))
        license_ = self.create_license()
        activation = self.env["customer.license.activation"].create(
            {"license_id": license_.id, "fingerprint_hash": "a" * 64, "hostname": "pc"}
        )
        self.env["customer.license.api"]._handle(
            "verify", {"key": license_.sudo().key, "fingerprint": "x" * 10}, "10.0.0.1"
        )
        with self.assertRaises(AccessError):
            activation.with_user(self.user_sales).action_release()
        activation.with_user(self.user_officer).action_release()
        self.assertEqual(activation.state, "released")
        self.assertTrue(license_.with_user(self.user_officer).log_ids)
        with self.assertRaises(AccessError):
            self.env["customer.license.log"].with_user(self.user_sales).search([])
        with self.assertRaises(AccessError):
            self.env["customer.license.log"].with_user(self.user_officer).create({"action": "verify", "result": "ok"})
