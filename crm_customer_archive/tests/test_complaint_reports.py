import io

import openpyxl
from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import CustomerComplaintCase
from .helpers import load_chinese, pdf_text, png_base64


@tagged("post_install", "-at_install")
class TestComplaintReports(CustomerComplaintCase, HttpCase):
    """KPIs against hand-computed values, the XLSX service report and the 8D PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.company.name = "首钢冷轧薄板有限公司"
        load_chinese(cls.env)
        cls.user_service.lang = "zh_CN"
        # Customer service prints 8D reports and exports the service report
        # (Export and Print, given by management).
        cls.user_service.group_ids = [Command.link(cls.env.ref("crm_customer_archive.group_archive_export").id)]
        fixed = {"root_cause": "<p>平整辊辊面缺陷</p>", "corrective_action": "<p>更换平整辊并加严点检</p>"}
        # Resolution times 10 h, 30 h and 50 h; the fourth stays open; the fifth is rejected.
        cls.complaints = cls.env["customer.complaint"]
        for received, resolved, defect in (
            ("2026-01-10 00:00:00", "2026-01-10 10:00:00", cls.defect_scratch),
            ("2026-06-01 00:00:00", "2026-06-02 06:00:00", cls.defect_scratch),  # recurrence
            ("2026-08-01 00:00:00", "2026-08-03 02:00:00", cls.defect_edge_crack),
            ("2026-09-01 00:00:00", False, cls.defect_wrinkle),
        ):
            complaint = cls.create_complaint(date_received=received, defect_type_id=defect.id, **fixed)
            if resolved:
                complaint.write({"date_resolved": resolved, "stage_id": cls.stage_closed.id})
            cls.complaints |= complaint
        rejected = cls.create_complaint(date_received="2026-10-01 00:00:00")
        rejected.write({"stage_id": cls.stage_rejected.id, "rejection_reason": "不成立"})
        cls.complaints |= rejected
        cls.complaints[0].cost_ids = [Command.create({"cost_type": "scrap", "amount": 3000.0})]
        cls.complaints[2].cost_ids = [Command.create({"cost_type": "freight", "amount": 500.0})]
        cls.complaints[0].photo_ids = [
            Command.create({"name": "划伤", "image_1920": png_base64((80, 60), (220, 20, 20))})
        ]

    def test_kpis_match_hand_computation(self):
        with freeze_time("2026-12-01 00:00:00"):  # the open complaint is past its deadline: a miss
            kpis = self.complaints._service_kpis()
        in_time = [c.date_resolved <= c.sla_deadline for c in self.complaints[:3]]
        self.assertEqual(kpis["count"], 4, "the rejected complaint does not count")
        self.assertEqual(kpis["resolved"], 3)
        self.assertAlmostEqual(kpis["average_resolution_hours"], 30.0)  # (10 + 30 + 50) / 3
        self.assertAlmostEqual(kpis["median_resolution_hours"], 30.0)
        self.assertAlmostEqual(kpis["sla_hit_rate"], 100.0 * sum(in_time) / 4)
        self.assertEqual(kpis["sla_pending"], 0)
        self.assertAlmostEqual(kpis["recurrence_rate"], 25.0)  # 1 of 4
        self.assertEqual(kpis["cost_total"], 3500.0)

    def test_service_report_xlsx(self):
        content, report_format = self.env["ir.actions.report"]._render_xlsx(
            "crm_customer_archive.report_complaint_service_xlsx", self.complaints.ids, {}
        )
        self.assertEqual(report_format, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            workbook.sheetnames, ["KPIs", "Complaints", "By Customer", "By Defect", "By Engineer", "By Team"]
        )
        kpis = {row[0]: row[1] for row in list(workbook["KPIs"].values)[1:]}
        self.assertEqual(kpis["Complaints"], 4)
        self.assertEqual(kpis["Average Resolution Time (h)"], 30.0)
        self.assertEqual(kpis["Recurrence Rate (%)"], 25.0)
        self.assertEqual(kpis["Cost of Non-Quality"], 3500.0)
        rows = list(workbook["Complaints"].values)
        self.assertEqual(len(rows), 6)
        header = rows[0]
        first = dict(zip(header, rows[1], strict=True))
        self.assertEqual(first["Customer"], "华北汽车制造有限公司")
        by_defect = {row[0]: row[1] for row in list(workbook["By Defect"].values)[1:]}
        self.assertEqual(by_defect["Scratch"], 2, "the rejected complaint does not count here either")

    def test_service_report_xlsx_open_complaint_before_its_deadline(self):
        """The open complaint (received 2026-09-01 00:00) is still within its
        SLA: no resolution time, no hit and no miss."""
        with freeze_time("2026-09-01 01:00:00"):
            content, _format = self.env["ir.actions.report"]._render_xlsx(
                "crm_customer_archive.report_complaint_service_xlsx", self.complaints.ids, {}
            )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        in_time = [c.date_resolved <= c.sla_deadline for c in self.complaints[:3]]
        kpis = {row[0]: row[1] for row in list(workbook["KPIs"].values)[1:]}
        self.assertEqual(kpis["Average Resolution Time (h)"], 30.0)
        self.assertAlmostEqual(kpis["SLA Hit Rate (%)"], 100.0 * sum(in_time) / 3, msg="the pending one is left out")
        self.assertEqual(kpis["SLA Pending (open, before the deadline)"], 1)

        rows = list(workbook["Complaints"].values)
        by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        pending = by_name[self.complaints[3].name]
        self.assertIsNone(pending["Resolution Time (h)"], "open: no resolution time, not 0 h")
        self.assertEqual(pending["SLA Met"], "Pending")
        self.assertEqual(by_name[self.complaints[4].name]["SLA Met"], "—", "rejected: no SLA outcome")
        self.assertEqual(by_name[self.complaints[0].name]["Resolution Time (h)"], 10.0)
        self.assertEqual(by_name[self.complaints[0].name]["SLA Met"], "Yes" if in_time[0] else "No")

        sheet = list(workbook["By Defect"].values)
        by_defect = {row[0]: dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]}
        scratch, wrinkle = by_defect["Scratch"], by_defect["Wrinkling"]
        self.assertEqual((scratch["Complaints"], scratch["Resolved"]), (2, 2))
        self.assertEqual(scratch["Average Resolution Time (h)"], 20.0)  # (10 + 30) / 2
        self.assertEqual(scratch["Median Resolution Time (h)"], 20.0)
        self.assertEqual((wrinkle["Complaints"], wrinkle["Resolved"]), (1, 0))
        # Today's code wrote 0 h here: the open complaint averaged as resolved at once.
        self.assertEqual(wrinkle["Average Resolution Time (h)"], "—")
        self.assertEqual(wrinkle["SLA Hit Rate (%)"], "—")
        self.assertEqual(wrinkle["SLA Pending (open, before the deadline)"], 1)
        by_customer = list(workbook["By Customer"].values)
        customer = dict(zip(by_customer[0], by_customer[1], strict=True))
        self.assertEqual(customer["Average Resolution Time (h)"], 30.0)
        self.assertEqual(customer["Complaints"], 4)

    def test_8d_report_pdf_in_chinese_with_photo(self):
        complaint = self.complaints[0]
        Report = self.env["ir.actions.report"].with_user(self.user_service)
        pdf, _format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "crm_customer_archive.report_complaint_8d", complaint.ids
        )
        text = pdf_text(pdf)
        for expected in (
            "8D",
            complaint.name,
            "华北汽车制造有限公司",
            "平整辊辊面缺陷",
            "更换平整辊",
            "根本原因",
            "首钢冷轧薄板有限公司",  # the issuing company, under its letterhead
        ):
            self.assertIn(expected, text)
        html = Report._render_qweb_html("crm_customer_archive.report_complaint_8d", complaint.ids)[0].decode()
        self.assertIn(f'class="header o_company_{self.company.id}_layout"', html, "web.external_layout's letterhead")
        self.assertIn("data:image/png;base64", html, "the defect photo is printed")
        # Photos sit in table rows, which wkhtmltopdf moves whole to the next
        # page; in a flex row it cut them in two and broke the flow of the pages.
        self.assertIn('class="o_ignore_layout_styling o_complaint_photos"', html)
        self.assertNotIn('class="col-4 mb-2 text-center"', html)
        self.assertNotIn("<pre", html)

    def test_8d_report_prints_on_a4(self):
        paperformat = self.env.ref("crm_customer_archive.action_report_complaint_8d").paperformat_id
        self.assertEqual(paperformat.format, "A4")
        self.assertEqual(paperformat.orientation, "Portrait")
