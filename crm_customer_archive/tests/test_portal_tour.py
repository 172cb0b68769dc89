import base64
import re

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    BrowserTourCase,
    CustomerCertificateCase,
    CustomerComplaintCase,
    CustomerContractCase,
    CustomerLicenseCase,
)
from .helpers import CHINESE, load_chinese

# The PNG the tour gives to the form's file input.
TOUR_PHOTO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAHElEQVR4nGM8oaHBQA3ARBVTRg0aNWjUoBFsEABJywE4xZmKkAAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestComplaintForm(CustomerComplaintCase, HttpCase):
    """The form a customer fills in, as the browser receives it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "portal_form", groups="base.group_portal", password="portal_form", lang="zh_CN"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        load_chinese(cls.env)

    def test_rendered_form_has_every_field(self):
        self.authenticate("portal_form", "portal_form")
        response = self.url_open("/my/complaints/new", cookies=CHINESE)
        self.assertEqual(response.status_code, 200)
        html = response.text
        # An empty description used to drop the whole <textarea> (t-out on the element).
        self.assertRegex(html, r'<textarea[^>]*name="description"[^>]*>\s*</textarea>')
        for name in ("title", "kind", "severity", "picking_id"):
            self.assertRegex(html, rf'name="{name}"')
        self.assertRegex(html, r'<input[^>]*type="file"[^>]*name="photos"[^>]*multiple[^>]*accept="image/\*"')
        # The choices are labelled in the customer's language.
        self.assertRegex(html, r'<option value="major" selected="[^"]+">严重</option>')

    def test_refused_form_keeps_what_was_typed(self):
        self.authenticate("portal_form", "portal_form")
        page = self.url_open("/my/complaints/new").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/my/complaints/new",
            data={"csrf_token": token, "title": " ", "description": "边部裂纹", "severity": "critical"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertRegex(response.text, r'<textarea[^>]*name="description"[^>]*>边部裂纹</textarea>')
        self.assertRegex(response.text, r'<option value="critical" selected="[^"]+">')


@tagged("post_install", "-at_install")
class TestPortalCustomerTour(
    BrowserTourCase, CustomerComplaintCase, CustomerCertificateCase, CustomerContractCase, CustomerLicenseCase, HttpCase
):
    """The customer's portal user, in Chinese, in a real Chromium: reports a
    problem with a photo, answers the engineer, rates the resolution, opens
    its contract, certificates and licence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(("portal", "mail", "crm_customer_archive"))
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.portal_user = new_test_user(
            cls.env, "portal_tour", groups="base.group_portal", password="portal_tour", lang="zh_CN"
        )
        cls.portal_user.partner_id.write({"parent_id": cls.customer.id, "email": "portal.tour@example.cn"})
        cls.engineer = new_test_user(
            cls.env,
            "archive_engineer",
            groups="crm_customer_archive.group_archive_officer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.contract = cls.create_contract(name="HBQC-2026-07", title="年度冷轧板供货合同")
        cls.contract.action_activate()
        delivery = cls.deliver(cls.create_coil("C2026-0101", cls.PASSING), client_order_ref="HB-PO-778")
        cls.certificate = cls.env["customer.quality.certificate"].create({"picking_id": delivery.id})
        cls.license = cls.create_license()

    def test_customer_reports_follows_and_rates_a_problem(self):
        self.start_tour(
            "/my", "crm_customer_archive_portal_report_problem", login="portal_tour", cookies=CHINESE, timeout=240
        )
        complaint = self.env["customer.complaint"].search([("title", "=", "巡检测试：第三卷边部开裂")])
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "reporter_id": self.portal_user.partner_id.id,
                    "channel": "portal",
                    "kind": "quality",
                    "severity": "critical",
                }
            ],
        )
        self.assertIn("开卷后第三卷边部裂纹 5 处，长约 20 mm", complaint.description)
        self.assertEqual(complaint.photo_ids.name, "edge_crack.png")
        self.assertEqual(base64.b64decode(complaint.photo_ids.image_1920), TOUR_PHOTO_PNG)

        # The engineer takes it (and follows it), answers the customer and resolves it.
        complaint.with_context(tracking_disable=False).user_id = self.engineer
        self.assertIn(self.engineer.partner_id, complaint.message_partner_ids)
        complaint.with_user(self.engineer).message_post(
            body="已安排质量工程师调查，请提供卷号。", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        complaint.write(
            {
                "root_cause": "<p>剪切刀片磨损</p>",
                "corrective_action": "<p>更换刀片并加严边部检查</p>",
                "stage_id": self.stage_verification.id,
            }
        )
        self.assertTrue(complaint.date_resolved)

        self.start_tour(
            "/my", "crm_customer_archive_portal_follow_up", login="portal_tour", cookies=CHINESE, timeout=240
        )
        reply = complaint.message_ids.filtered(lambda message: "HB2603-117" in message.body)
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.author_id, self.portal_user.partner_id)
        self.assertEqual(reply.message_type, "comment")
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(self.engineer.partner_id, reply.notification_ids.res_partner_id, "the engineer is notified")
        self.assertRecordValues(complaint, [{"rating_last_value": 5.0, "rating_last_feedback": "处理及时"}])

        # What the tour found behind the links, fetched with the customer's session.
        self.authenticate("portal_tour", "portal_tour")
        response = self.url_open(f"/my/certificates/{self.certificate.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        response = self.url_open(f"/my/contracts/{self.contract.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        response = self.url_open(f"/my/licenses/{self.license.id}/file")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["license"]["seats"], 2)
