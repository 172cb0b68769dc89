import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerComplaintCase
from .helpers import load_chinese, png_bytes


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(CustomerComplaintCase):
    def test_new_complaint_gets_a_number_stage_and_sla(self):
        complaint = self.create_complaint()
        self.assertRegex(complaint.name, r"^ZL\d{4}\d{5}$")
        self.assertEqual(complaint.stage_id, self.stage_new)
        self.assertEqual(complaint.sla_policy_id, self.env.ref("crm_customer_archive.sla_policy_quality_key"))
        self.assertTrue(complaint.sla_deadline)
        self.assertIn(self.reporter.id, complaint.message_partner_ids.ids, "the reporter follows the complaint")

    def test_cannot_close_without_root_cause_and_corrective_action(self):
        complaint = self.create_complaint()
        with self.assertRaisesMessage(
            UserError, "cannot move to Closed without: Root Cause \\(D4\\), Corrective Actions \\(D5\\)"
        ):
            complaint.write({"stage_id": self.stage_closed.id})
        complaint.root_cause = "<p>平整机辊面缺陷</p>"
        with self.assertRaisesMessage(UserError, "without: Corrective Actions"):
            complaint.write({"stage_id": self.stage_verification.id})
        self.assertEqual(complaint.stage_id, self.stage_new)
        self.assertFalse(complaint.date_resolved)
        complaint.write({"corrective_action": "<p>更换平整辊，增加辊面点检</p>", "stage_id": self.stage_closed.id})
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_resolved)
        self.assertTrue(complaint.date_closed)

    def test_rejection_needs_a_reason(self):
        complaint = self.create_complaint()
        with self.assertRaisesMessage(UserError, "Give the reason why"):
            complaint.write({"stage_id": self.stage_rejected.id})
        complaint.write({"stage_id": self.stage_rejected.id, "rejection_reason": "划伤为客户搬运造成"})
        self.assertTrue(complaint.is_closed)
        self.assertFalse(complaint.date_resolved, "a rejected complaint is not resolved")

    def test_bad_input_is_refused_and_nothing_written(self):
        count = self.env["customer.complaint"].search_count([])
        stranger = self.env["res.partner"].create({"name": "王五", "parent_id": self.other_customer.id})
        with self.assertRaisesMessage(
            ValidationError, "reporter 江南轿车股份有限公司, 王五 belongs to 江南轿车股份有限公司"
        ):
            self.create_complaint(reporter_id=stranger.id)
        with self.assertRaisesMessage(ValidationError, "cannot be resolved .* before it was received"):
            self.create_complaint(date_received="2026-11-20 10:00:00", date_resolved="2026-11-19 10:00:00")
        order = self.env["sale.order"].create({"partner_id": self.other_customer.id})
        with self.assertRaisesMessage(ValidationError, "is not a document of 华北汽车制造有限公司"):
            self.create_complaint(sale_order_id=order.id)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    def test_photos_must_be_images_of_reasonable_size(self):
        complaint = self.create_complaint()
        Photo = self.env["customer.complaint.photo"].with_user(self.user_service)
        photo = Photo.create(
            {"complaint_id": complaint.id, "name": "划伤.png", "image_1920": base64.b64encode(png_bytes())}
        )
        self.assertEqual(complaint.photo_count, 1)
        self.assertTrue(photo.image_128)
        with self.assertRaisesMessage(UserError, "could not be decoded as an image"):
            Photo.create({"complaint_id": complaint.id, "image_1920": base64.b64encode(b"%PDF-1.4 not an image")})
        huge = base64.b64encode(b"\0" * (8 * 1024 * 1024 + 10))
        with self.assertRaisesMessage(ValidationError, "at most 8 MB"):
            Photo.create({"complaint_id": complaint.id, "image_1920": huge})
        self.assertEqual(len(complaint.photo_ids), 1)

    def test_costs_roll_up(self):
        complaint = self.create_complaint()
        other = self.create_complaint(defect_type_id=self.defect_edge_crack.id)
        self.env["customer.complaint.cost"].create(
            [
                {"complaint_id": complaint.id, "cost_type": "scrap", "amount": 5600.0},
                {"complaint_id": complaint.id, "cost_type": "freight", "amount": 800.0},
                {"complaint_id": other.id, "cost_type": "compensation", "amount": 2000.0},
            ]
        )
        self.assertEqual(complaint.cost_total, 6400.0)
        self.assertEqual(other.cost_total, 2000.0)
        groups = dict(
            self.env["customer.complaint.cost"]._read_group(
                [("partner_id", "=", self.customer.id)], ["defect_type_id"], ["amount:sum"]
            )
        )
        self.assertEqual(groups, {self.defect_scratch: 6400.0, self.defect_edge_crack: 2000.0})
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.env["customer.complaint.cost"].create({"complaint_id": other.id, "amount": -1.0})
        self.assertEqual(other.cost_total, 2000.0)

    def test_recurrence_within_twelve_months(self):
        first = self.create_complaint(date_received="2025-12-01 09:00:00")
        again = self.create_complaint(date_received="2026-10-01 09:00:00")
        later = self.create_complaint(date_received="2026-10-02 09:00:00", defect_type_id=self.defect_wrinkle.id)
        self.assertFalse(first.is_recurrence)
        self.assertTrue(again.is_recurrence)
        self.assertFalse(later.is_recurrence)
        # In one batch: the older one of two new complaints is not a recurrence, a year apart neither.
        batch = self.env["customer.complaint"].create(
            [
                {
                    "title": "A",
                    "partner_id": self.other_customer.id,
                    "defect_type_id": self.defect_scratch.id,
                    "date_received": "2024-01-10 09:00:00",
                },
                {
                    "title": "B",
                    "partner_id": self.other_customer.id,
                    "defect_type_id": self.defect_scratch.id,
                    "date_received": "2025-03-10 09:00:00",
                },
                {
                    "title": "C",
                    "partner_id": self.other_customer.id,
                    "defect_type_id": self.defect_scratch.id,
                    "date_received": "2025-04-10 09:00:00",
                },
            ]
        )
        self.assertEqual(batch.mapped("is_recurrence"), [False, False, True])

    def test_reporter_is_emailed_in_chinese_when_resolved(self):
        load_chinese(self.env)
        complaint = self.create_complaint(corrective_action="<p>更换平整辊</p>", root_cause="<p>辊面缺陷</p>")
        self.env["mail.mail"].search([]).unlink()
        complaint.write({"stage_id": self.stage_verification.id})
        mails = self.env["mail.mail"].search([("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)])
        self.assertEqual(len(mails), 1, mails.mapped("subject"))
        self.assertEqual(
            mails.recipient_ids,
            self.reporter,
            (mails.subject, mails.email_to, self.reporter.commercial_partner_id.id, self.reporter.id),
        )
        self.assertIn("已解决", mails.subject)
        self.assertIn(complaint.name, mails.subject)
        self.assertIn("更换平整辊", mails.body_html)
        self.assertEqual(mails.state, "outgoing")

    def test_email_to_the_alias_creates_a_complaint_for_the_contact(self):
        alias = self.env.ref("crm_customer_archive.mail_alias_customer_complaint")
        domain = alias.alias_domain_id.name or "example.com"
        message = (
            f"From: 李娜 <lina.qc@example.cn>\r\nTo: complaints@{domain}\r\n"
            "Subject: =?utf-8?b?" + base64.b64encode("卷号 C2611 边裂".encode()).decode() + "?=\r\n"
            "Message-ID: <complaint-test-1@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode("第二卷边部有裂纹。".encode()).decode()
        )
        if not alias.alias_domain_id:
            alias.alias_domain_id = self.env["mail.alias.domain"].create({"name": domain})
        complaint_id = self.env["mail.thread"].message_process("customer.complaint", message)
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertRecordValues(
            complaint,
            [
                {
                    "title": "卷号 C2611 边裂",
                    "partner_id": self.customer.id,
                    "reporter_id": self.reporter.id,
                    "channel": "email",
                }
            ],
        )
        self.assertIn("边部有裂纹", complaint.description)
