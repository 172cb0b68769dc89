import io
import zipfile

import openpyxl

from odoo.addons.queue_job.job import Job
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from ..report import customer_archive_xlsx
from .common import BrowserTourCase, CustomerComplaintCase

SERVICE_REPORT = "crm_customer_archive.report_complaint_service_xlsx"
# Customer service exports the service report: management gave it the group.
EXPORT_GROUP = "crm_customer_archive.group_archive_export"


@tagged("post_install", "-at_install")
class TestXlsxExport(CustomerComplaintCase):
    """Exports at any size: streamed in batches, and queued above the threshold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaints = cls.env["customer.complaint"]
        for index in range(12):
            cls.complaints |= cls.create_complaint(title=f"钢卷表面划伤 {index}")
        cls.user_service.group_ids = [Command.link(cls.env.ref(EXPORT_GROUP).id)]
        cls.Writer = cls.env[f"report.{SERVICE_REPORT}"].with_user(cls.user_service)

    def render(self, complaints):
        return (
            self.env["ir.actions.report"]
            .with_user(self.user_service)
            ._render_xlsx(SERVICE_REPORT, complaints.ids, {})[0]
        )

    def count_queries(self, complaints):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.render(complaints)
        return self.cr.sql_log_count - before

    def test_queries_per_batch_not_per_row(self):
        self.render(self.complaints)  # warm up the caches of the registry
        self.assertEqual(
            self.count_queries(self.complaints[:3]),
            self.count_queries(self.complaints),
            "one batch: the same queries for 3 rows as for 12",
        )
        self.patch(customer_archive_xlsx, "BATCH_SIZE", 4)
        one_batch = self.count_queries(self.complaints[:4])
        three_batches = self.count_queries(self.complaints)
        self.assertEqual((three_batches - one_batch) % 2, 0)
        self.assertLessEqual((three_batches - one_batch) // 2, 8, "a few queries per batch of 4 rows")

    def test_rows_streamed_to_disk_and_cache_emptied(self):
        self.patch(customer_archive_xlsx, "BATCH_SIZE", 5)
        content = self.render(self.complaints)
        # constant_memory mode: strings inline in each row, no shared-strings table.
        self.assertNotIn("xl/sharedStrings.xml", zipfile.ZipFile(io.BytesIO(content)).namelist())
        title = self.env["customer.complaint"]._fields["title"]
        self.assertFalse(
            set(self.complaints.ids) & set(title._get_cache(self.env)),
            "no batch stays in the cache after the export",
        )
        rows = list(openpyxl.load_workbook(io.BytesIO(content))["Complaints"].values)
        self.assertEqual([row[0] for row in rows[1:]], self.complaints.mapped("name"), "every row, in order")
        self.assertEqual(rows[1][1], "钢卷表面划伤 0")

    def test_small_export_generated_at_once(self):
        self.env["ir.config_parameter"].set_param("crm_customer_archive.export_async_threshold", "12")
        self.assertFalse(self.Writer.queue_large_export(self.complaints.ids))
        self.assertFalse(self.env["queue.job"].search([("method_name", "=", "_export_in_background")]))

    def test_large_export_queued_as_the_user(self):
        self.env["ir.config_parameter"].set_param("crm_customer_archive.export_async_threshold", "10")
        attachments = self.env["ir.attachment"].search_count([])
        action = self.Writer.queue_large_export(self.complaints.ids)
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "display_notification"))
        self.assertIn("12", action["params"]["message"])
        job = self.env["queue.job"].search([("method_name", "=", "_export_in_background")])
        self.assertEqual(len(job), 1)
        self.assertEqual(job.model_name, f"report.{SERVICE_REPORT}")
        self.assertEqual(job.user_id, self.user_service)
        self.assertEqual(job.channel, "root.xlsx_export")
        self.assertEqual(job.args, [self.complaints.ids])
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments, "nothing generated yet")

        # The runner's part: the file is made as the user and sent to their Inbox.
        other_company = self.env["res.company"].create({"name": "别的公司"})
        # Moved to a company the user does not belong to (the ORM would also
        # move its customer): no longer readable by the user.
        self.env.flush_all()
        self.cr.execute(
            "UPDATE customer_complaint SET company_id = %s WHERE id = %s", [other_company.id, self.complaints[0].id]
        )
        self.env.invalidate_all()
        Job.load(self.env, job.uuid).perform()
        message = self.env["mail.message"].search([("partner_ids", "in", self.user_service.partner_id.ids)])[:1]
        self.assertIn("11", message.body, "the unreadable complaint is left out")
        attachment = message.attachment_ids
        self.assertEqual(attachment.name, "Service Report (Excel).xlsx")
        self.assertEqual(attachment.create_uid, self.user_service)
        rows = list(
            openpyxl.load_workbook(io.BytesIO(attachment.with_user(self.user_service).raw))["Complaints"].values
        )
        self.assertEqual(len(rows), 12, "a header and 11 complaints")
        self.assertNotIn(self.complaints[0].name, [row[0] for row in rows])

    def test_whole_list_beyond_the_web_client_limit_queued_by_domain(self):
        """With every record selected, the web client sends at most
        web.active_ids_limit ids and the list's domain: the job exports the domain."""
        self.env["ir.config_parameter"].set_param("web.active_ids_limit", "5")
        self.env["ir.config_parameter"].set_param("crm_customer_archive.export_async_threshold", "10")
        domain = [["id", "in", self.complaints.ids]]  # as JSON brings it
        action = self.Writer.queue_large_export(self.complaints[:5].ids, domain=domain)
        self.assertIn("12", action["params"]["message"], "the whole list counts, not the ids sent")
        job = self.env["queue.job"].search([("method_name", "=", "_export_in_background")])
        self.assertEqual(job.kwargs, {"domain": domain})
        self.assertFalse(
            self.Writer.queue_large_export(self.complaints[:3].ids, domain=domain),
            "a few rows picked by hand: the ids, under the threshold",
        )
        attachment = Job.load(self.env, job.uuid).perform()
        rows = list(openpyxl.load_workbook(io.BytesIO(attachment.raw))["Complaints"].values)
        self.assertEqual(len(rows), 13, "a header and the 12 complaints of the domain")

    def test_threshold_setting(self):
        settings = self.env["res.config.settings"].create({"export_async_threshold": 500})
        settings.execute()
        self.assertEqual(self.Writer._export_threshold(), 500)
        with self.assertRaisesRegex(ValidationError, "“Background Export Above” must be at least 1 record."):
            self.env["res.config.settings"].create({"export_async_threshold": 0})


@tagged("post_install", "-at_install")
class TestXlsxExportTour(BrowserTourCase, CustomerComplaintCase, HttpCase):
    """What the user sees when they print a large export: a notification, no file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese()
        cls.user_service.write(
            {"lang": "zh_CN", "tz": "Asia/Shanghai", "group_ids": [Command.link(cls.env.ref(EXPORT_GROUP).id)]}
        )
        cls.complaints = cls.env["customer.complaint"]
        for index in range(3):
            cls.complaints |= cls.create_complaint(title=f"钢卷表面划伤 {index}")
        cls.env["ir.config_parameter"].set_param("crm_customer_archive.export_async_threshold", "2")

    def test_print_menu_queues_a_large_export(self):
        self.start_tour(
            "/odoo/action-crm_customer_archive.customer_complaint_action?view_type=list",
            "crm_customer_archive_xlsx_export_queued",
            login="archive_service",
        )
        job = self.env["queue.job"].search([("method_name", "=", "_export_in_background")])
        self.assertEqual(job.user_id, self.user_service)
        self.assertLessEqual(set(self.complaints.ids), set(job.args[0]), "every complaint of the list")
        self.assertFalse(self.env["ir.attachment"].search([("name", "=like", "%.xlsx")]), "no file made now")
