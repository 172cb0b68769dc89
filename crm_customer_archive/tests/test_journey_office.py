from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BrowserTourCase, CustomerComplaintCase, CustomerContractCase

# Odoo's own screens the journeys cross, besides the addon's.
ZH_MODULES = ["base", "web", "mail", "product", "uom", "sale", "sale_management", "stock", "sale_stock", "account"]


@tagged("post_install", "-at_install")
class TestJourneyOffice(BrowserTourCase, CustomerComplaintCase, CustomerContractCase, HttpCase):
    """Each role's day as a Chinese user in Chromium, then the records it left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese([*ZH_MODULES, "crm_customer_archive"])
        cls.user_quality = new_test_user(
            cls.env,
            "archive_quality",
            name="孙质量",
            groups="crm_customer_archive.group_archive_officer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        (cls.user_sales | cls.user_service | cls.user_quality).write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def test_account_manager_orders_from_contract(self):
        contract = self.create_contract()
        contract.with_user(self.user_sales).action_activate()
        self.start_tour("/odoo", "crm_customer_archive_journey_account_manager", login="archive_sales")

        order = contract.sale_order_ids
        self.assertEqual(len(order), 1, "one order from the contract")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, self.user_sales)
        self.assertEqual(
            sorted(order.order_line.mapped(lambda line: (line.product_id.id, line.product_uom_qty, line.price_unit))),
            sorted([(self.product_dc04.id, 40.0, 5000.0), (self.product_spcc.id, 50.0, 4000.0)]),
        )
        self.assertEqual(order.picking_ids.state, "done")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 400000.0)
        self.assertRecordValues(
            contract.line_ids.sorted("sequence"),
            [
                {"product_id": self.product_dc04.id, "qty_ordered": 40.0, "qty_delivered": 40.0, "qty_invoiced": 40.0},
                {"product_id": self.product_spcc.id, "qty_ordered": 50.0, "qty_delivered": 50.0, "qty_invoiced": 50.0},
            ],
        )
        self.assertRecordValues(
            contract,
            [{"amount_ordered": 400000.0, "amount_delivered": 400000.0, "amount_invoiced": 400000.0}],
        )
        self.assertAlmostEqual(contract.progress, 400000.0 / 700000.0 * 100, places=2)

    def test_customer_service_records_and_closes_complaint(self):
        self.start_tour("/odoo", "crm_customer_archive_journey_customer_service", login="archive_service")

        complaint = self.env["customer.complaint"].search([("title", "=", "旅程测试：开卷后卷面划伤")])
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "reporter_id": self.reporter.id,
                    "defect_type_id": self.defect_scratch.id,
                    "stage_id": self.stage_closed.id,
                    "is_closed": True,
                    "create_uid": self.user_service.id,
                }
            ],
        )
        self.assertTrue(complaint.name.startswith("ZL"))
        self.assertTrue(complaint.date_resolved and complaint.date_closed)
        self.assertIn("更换工作辊", complaint.corrective_action)
        self.assertEqual(complaint.photo_ids.name, "客户现场照片")
        self.assertTrue(complaint.photo_ids.image_128)

        # The reporter (zh_CN) is told in Chinese: once resolved (with the
        # rating faces), once closed.
        mails = self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)], order="id"
        )
        subjects = [f"您的投诉 {complaint.name} 已解决，您满意吗？", f"您的投诉 {complaint.name} 已结案"]
        self.assertEqual(mails.mapped("subject"), subjects)
        for mail in mails:
            self.assertEqual(mail.recipient_ids, self.reporter)
        closed = mails[-1]
        self.assertIn("尊敬的 李娜（质检）", closed.body_html)
        self.assertIn("已结案", closed.body_html)
        self.assertIn("每班检查辊面并记录", closed.body_html, "the preventive action is told to the reporter")
        self.assertIn("感谢您帮助我们不断改进", closed.body_html)
        self.assertNotIn("Dear", closed.body_html)

    def test_quality_engineer_works_the_8d(self):
        self.create_complaint(
            title="去年卷面划伤",
            severity="minor",
            date_received="2025-11-02 08:00:00",
            stage_id=self.stage_closed.id,
            root_cause="<p>包装破损</p>",
            corrective_action="<p>加固包装</p>",
        )
        complaint = self.create_complaint()
        complaint.with_user(self.user_service).stage_id = self.stage_investigation
        self.start_tour("/odoo", "crm_customer_archive_journey_quality_engineer", login="archive_quality")

        self.assertRecordValues(
            complaint,
            [
                {
                    "severity": "critical",
                    "user_id": self.user_quality.id,
                    "team_member_ids": self.user_quality.ids,
                    "cause_category": "process",
                    "stage_id": self.stage_investigation.id,
                }
            ],
        )
        for field, text in (
            ("containment_action", "隔离同批次 12 卷"),
            ("root_cause", "换辊作业指导书缺少辊面清理步骤"),
            ("corrective_action", "补充换辊后辊面清理步骤"),
            ("verification", "连续三周无同类投诉"),
            ("preventive_action", "同类机组推广该作业指导书"),
            ("closure_note", "感谢平整机班组"),
        ):
            self.assertIn(text, complaint[field], field)
        self.assertIn("换辊后未清理", complaint.five_why)
        self.assertRecordValues(
            complaint.cost_ids,
            [{"cost_type": "rework", "amount": 12000.0, "note": "返工 12 卷", "create_uid": self.user_quality.id}],
        )
        self.assertEqual(complaint.cost_total, 12000.0)
        profile = self.customer.with_user(self.user_quality).get_defect_sensitivity()
        self.assertEqual(
            [(line["code"], line["count"], line["worst_severity"]) for line in profile], [("SCRATCH", 2, "critical")]
        )
