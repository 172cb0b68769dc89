from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerArchiveCase, CustomerContractCase, CustomerLicenseCase

CARD = "crm_customer_archive.action_report_customer_card"
TRAIL_XLSX = "crm_customer_archive.action_report_auditlog_log_xlsx"


class AuditTrailCase(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["auditlog.log"]
        cls.user_exporter = new_test_user(
            cls.env,
            "archive_exporter",
            groups="crm_customer_archive.group_archive_officer,crm_customer_archive.group_archive_export",
        )
        cls.user_security = new_test_user(
            cls.env, "archive_security", groups="crm_customer_archive.group_archive_security_officer"
        )

    def trail(self, records, method):
        return self.Log.search(
            [("model_id.model", "=", records._name), ("res_ids", "=", str(records.ids)), ("method", "=", method)]
            if method in ("export", "print")
            else [("model_id.model", "=", records._name), ("res_id", "in", records.ids), ("method", "=", method)]
        )


@tagged("post_install", "-at_install")
class TestAuditTrail(AuditTrailCase):
    def test_create_write_unlink_rows_without_personal_data(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.user_privacy)
            .create({"name": "钱伟", "parent_id": self.customer.id, "function": "质量工程师"})
        )
        [created] = self.trail(contact, "create")
        self.assertEqual(created.user_id, self.user_privacy)
        self.assertEqual(created.archive_partner_id, self.customer)
        self.contact.with_user(self.user_privacy).write({"function": "采购总监", "birthdate": "1949-12-31"})
        written = self.trail(self.contact, "write").filtered(lambda log: log.user_id == self.user_privacy)
        logged = set(written.line_ids.mapped("field_name"))
        self.assertIn("function", logged)
        self.assertFalse(logged & {"birthdate", "private_birthdate", "id_number", "private_id_number"})
        contact.with_user(self.user_manager).unlink()
        [deleted] = self.trail(contact, "unlink")
        self.assertEqual(deleted.user_id, self.user_manager)

    def test_export_logged_with_row_count_and_searchable_by_customer(self):
        partners = self.customer | self.contact
        partners.with_user(self.user_exporter).export_data(["name", "phone"])
        [export] = self.trail(partners, "export")
        self.assertEqual((export.user_id, export.row_count), (self.user_exporter, 2))
        self.contact.with_user(self.user_exporter).export_data(["name"])
        by_customer = self.Log.with_user(self.user_security).search([("archive_partner_id", "=", self.customer.id)])
        self.assertIn("export", by_customer.mapped("method"))
        self.assertFalse(
            self.Log.search([("archive_partner_id", "=", self.other_customer.id), ("method", "=", "export")])
        )

    def test_export_refused_without_group(self):
        with self.assertRaises(UserError):
            self.customer.with_user(self.user_officer).export_data(["name"])
        self.assertFalse(self.trail(self.customer, "export"))

    def test_personal_data_export_needs_personal_data_group(self):
        for path in ("id_number", "birthdate", "child_ids/id_number", "parent_id/child_ids/birthdate"):
            with self.subTest(path=path), self.assertRaisesRegex(AccessError, "Personal Data"):
                self.contact.with_user(self.user_exporter).export_data(["name", path])
        self.assertFalse(self.trail(self.contact, "export"))
        rows = self.contact.with_user(self.user_privacy).export_data(["name", "id_number"])["datas"]
        self.assertEqual(rows[0][0], "赵明")
        self.assertEqual(self.trail(self.contact, "export").row_count, 1)

    def test_print_needs_export_group_and_is_logged(self):
        Report = self.env["ir.actions.report"]
        with self.assertRaisesRegex(AccessError, "Export and Print"):
            Report.with_user(self.user_sales)._render_qweb_html(CARD, self.customer.ids)
        self.assertFalse(self.trail(self.customer, "print"))
        Report.with_user(self.user_manager)._render_qweb_pdf(CARD, self.customer.ids)
        [printed] = self.trail(self.customer, "print")
        self.assertEqual((printed.user_id, printed.row_count), (self.user_manager, 1))
        self.assertEqual(printed.archive_partner_id, self.customer)

    def test_logging_cost_does_not_grow_with_the_records(self):
        """A print or an export of thousands: the row costs the same queries as
        for two, and the records are not loaded (exports stream them)."""
        contacts = self.env["res.partner"].create(
            [{"name": f"联系人 {index}", "parent_id": self.customer.id} for index in range(30)]
        )
        Log = self.Log.with_user(self.user_exporter)

        def queries(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Log._log_archive_event(records, "print")
            return self.cr.sql_log_count - before

        queries(contacts[:2])  # warm the caches of the registry
        self.assertEqual(queries(contacts[:2]), queries(contacts))
        self.assertFalse(set(contacts.ids) & set(self.env["res.partner"]._fields["name"]._get_cache(self.env)))
        [logged] = self.trail(contacts, "print")
        self.assertEqual((logged.row_count, logged.archive_partner_id), (30, self.customer))
        self.assertEqual(self.trail(contacts[:2], "print").archive_partner_id, self.customer)
        self.assertFalse(Log._log_archive_event(self.customer | self.other_customer, "print").archive_partner_id)

    def test_large_export_refused_before_it_is_queued(self):
        Writer = self.env["report.crm_customer_archive.report_customer_contract_xlsx"]
        with self.assertRaisesRegex(AccessError, "Export and Print"):
            Writer.with_user(self.user_sales).queue_large_export([])
        self.assertFalse(Writer.with_user(self.user_exporter).queue_large_export([]), "small: printed at once")

    def test_print_menu_hides_reserved_reports(self):
        report = self.env.ref(CARD)
        self.assertEqual(report.group_ids, self.env.ref("crm_customer_archive.group_archive_export"))
        certificate = self.env.ref("crm_customer_archive.action_report_quality_certificate")
        self.assertFalse(certificate.group_ids)

    def test_trail_export_for_security_officers(self):
        Report = self.env["ir.actions.report"]
        self.customer.with_user(self.user_exporter).export_data(["name"])
        logs = self.Log.with_user(self.user_security).search([("archive_partner_id", "=", self.customer.id)])
        content, report_type = Report.with_user(self.user_security)._render_xlsx(TRAIL_XLSX, logs.ids)
        self.assertEqual(report_type, "xlsx")
        self.assertTrue(content.startswith(b"PK"))
        self.assertEqual(self.trail(logs, "print").row_count, len(logs))
        with self.assertRaises(AccessError):
            Report.with_user(self.user_manager)._render_xlsx(TRAIL_XLSX, logs.ids)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_sales).search([])

    def test_retention(self):
        with self.assertRaisesRegex(ValidationError, "at least 1 day"):
            self.env["res.config.settings"].create({"audit_retention_days": 0})
        self.env["res.config.settings"].create({"audit_retention_days": 30}).execute()
        old = self.Log._log_archive_event(self.customer, "print")
        recent = self.Log._log_archive_event(self.customer, "print")
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=31), old.id),
        )
        cron = self.env.ref("auditlog.ir_cron_auditlog_autovacuum")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code, "model._archive_autovacuum()")
        self.Log._archive_autovacuum()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())


@tagged("post_install", "-at_install")
class TestAuditTrailApart(AuditTrailCase):
    """Rows written in a transaction of their own (registry in test mode: the
    other transaction is a savepoint of the test's)."""

    def setUp(self):
        super().setUp()
        self.registry_enter_test_mode()

    def test_refused_write_logged(self):
        # Not assertRaises: its savepoint would roll back the row of the other
        # (test-mode) transaction, as the real request's rollback does not.
        error = None
        try:
            self.contact.with_user(self.user_sales).write({"id_number": "110105194912310038"})
        except AccessError as refused:
            error = refused
        self.assertIn("personal data", str(error))
        [refused] = self.trail(self.contact, "refused_write")
        self.assertEqual((refused.user_id, refused.detail), (self.user_sales, "id_number"))
        self.assertEqual(refused.archive_partner_id, self.customer)
        self.assertNotIn("110105194912310038", str(refused.read()))


@tagged("post_install", "-at_install")
class TestFullViewOverHttp(AuditTrailCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A read-only test cursor may not open a read/write one; on a real
        # server the row's cursor is a connection of its own.
        cls.set_registry_readonly_mode(False)

    def web_read(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.partner/web_read",
            {
                "model": "res.partner",
                "method": "web_read",
                "args": [self.contact.ids],
                "kwargs": {"specification": {"name": {}, "id_number": {}}},
            },
        )

    def test_full_view_logged_once_per_request(self):
        self.web_read(self.user_sales_2)
        self.assertFalse(self.trail(self.contact, "view_full"))
        [values] = self.web_read(self.user_privacy)
        self.assertEqual(values["id_number"], self.contact.id_number)
        [viewed] = self.trail(self.contact, "view_full")
        self.assertEqual((viewed.user_id, viewed.archive_partner_id), (self.user_privacy, self.customer))
        self.web_read(self.user_privacy)
        self.assertEqual(len(self.trail(self.contact, "view_full")), 2)

    def test_group_membership_changes(self):
        self.user_sales_2.group_ids = [Command.link(self.env.ref("crm_customer_archive.group_archive_export").id)]
        self.web_read(self.user_sales_2)
        self.assertFalse(self.trail(self.contact, "view_full"))


@tagged("post_install", "-at_install")
class TestPortalDownloadsLogged(CustomerContractCase, CustomerLicenseCase, HttpCase):
    """What the customer downloads from the portal is logged, not refused; an
    employee gets no more through the portal than in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "audit_portal", groups="base.group_portal")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.contract = cls.create_contract(name="HBQC-2026-09")
        cls.contract.action_activate()
        cls.license = cls.create_license()

    def rows(self, records):
        return self.env["auditlog.log"].search(
            [("model_id.model", "=", records._name), ("res_id", "=", records.id), ("method", "=", "print")]
        )

    def test_contract_pdf_logged_for_the_customer_refused_to_employees(self):
        self.authenticate("archive_sales", "archive_sales")
        response = self.url_open(f"/my/contracts/{self.contract.id}?report_type=pdf")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.rows(self.contract))
        self.authenticate("audit_portal", "audit_portal")
        response = self.url_open(f"/my/contracts/{self.contract.id}?report_type=pdf&download=true")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        [printed] = self.rows(self.contract)
        self.assertEqual((printed.user_id, printed.row_count), (self.portal_user, 1))
        self.assertEqual(printed.archive_partner_id, self.customer)

    def test_licence_file_logged_from_the_form_and_the_portal(self):
        action = self.license.with_user(self.user_license_manager).action_download_file()
        for login, user in (("license_manager", self.user_license_manager), ("audit_portal", self.portal_user)):
            self.authenticate(login, login)
            response = self.url_open(action["url"])
            self.assertEqual(response.status_code, 200)
            printed = self.rows(self.license).filtered(lambda log, user=user: log.user_id == user)
            self.assertEqual((len(printed), printed.detail, printed.row_count), (1, "Licence File", 1))
            self.assertEqual(printed.archive_partner_id, self.customer)
