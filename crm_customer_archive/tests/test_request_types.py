import re

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerComplaintCase
from .helpers import load_chinese


class TestRequestTypes(CustomerComplaintCase):
    """Inquiries, suggestions and praise go through their own stages and SLA
    policies; the 8D rule is for complaints only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.stage_answered = ref("crm_customer_archive.complaint_stage_inquiry_answered")
        cls.stage_inquiry_closed = ref("crm_customer_archive.complaint_stage_inquiry_closed")
        cls.stage_praise_acknowledged = ref("crm_customer_archive.complaint_stage_praise_acknowledged")
        cls.stage_suggestion_acknowledged = ref("crm_customer_archive.complaint_stage_suggestion_acknowledged")
        # A database upgraded from 19.0.5 gets this from the migration.
        (
            cls.stage_investigation
            | cls.stage_waiting
            | cls.stage_verification
            | cls.stage_closed
            | cls.stage_rejected
            | ref("crm_customer_archive.complaint_stage_containment")
            | ref("crm_customer_archive.complaint_stage_root_cause")
            | ref("crm_customer_archive.complaint_stage_corrective")
        ).request_type = "complaint"

    def test_default_stage_and_columns_follow_the_request_type(self):
        inquiry = self.create_complaint(request_type="inquiry", title="能否提供 0.6 mm 规格")
        self.assertRecordValues(inquiry, [{"request_type": "inquiry", "stage_id": self.stage_new.id}])
        self.assertEqual(self.create_complaint().request_type, "complaint")
        form = Form(self.env["customer.complaint"].with_context(default_request_type="praise"))
        self.assertEqual(form.request_type, "praise")
        self.assertEqual(form.stage_id, self.stage_new)
        Complaint = self.env["customer.complaint"]
        Stage = self.env["customer.complaint.stage"]
        inquiry_columns = Complaint.with_context(default_request_type="inquiry")._read_group_expand_stage_ids(Stage, [])
        self.assertEqual(inquiry_columns, self.stage_new | self.stage_answered | self.stage_inquiry_closed)
        complaint_columns = Complaint.with_context(default_request_type="complaint")._read_group_expand_stage_ids(
            Stage, []
        )
        self.assertIn(self.stage_investigation, complaint_columns)
        self.assertNotIn(self.stage_answered, complaint_columns)
        self.assertNotIn(self.stage_praise_acknowledged, complaint_columns)

    def test_form_moves_to_a_stage_of_the_new_type(self):
        complaint = self.create_complaint()
        complaint.write({"stage_id": self.stage_investigation.id})
        with Form(complaint.with_user(self.user_service)) as form:
            form.request_type = "suggestion"
            self.assertEqual(form.stage_id, self.stage_new)
        self.assertRecordValues(complaint, [{"request_type": "suggestion", "stage_id": self.stage_new.id}])

    def test_stage_of_another_type_is_refused(self):
        load_chinese(self.env)
        inquiry = self.create_complaint(request_type="inquiry")
        count = self.env["customer.complaint"].search_count([])
        chinese = inquiry.with_user(self.user_service).with_context(lang="zh_CN")
        with self.assertRaisesMessage(ValidationError, "阶段 调查 用于.*咨询"):
            chinese.write({"stage_id": self.stage_investigation.id})
        with self.assertRaisesMessage(ValidationError, "The stage Acknowledged is for requests of type Praise"):
            self.create_complaint(request_type="suggestion", stage_id=self.stage_praise_acknowledged.id)
        self.assertEqual(inquiry.stage_id, self.stage_new)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        inquiry.write({"stage_id": self.stage_answered.id})
        self.assertTrue(inquiry.date_resolved)

    def test_eight_d_rule_for_complaints_only(self):
        inquiry = self.create_complaint(request_type="inquiry")
        inquiry.write({"stage_id": self.stage_inquiry_closed.id})
        self.assertTrue(inquiry.is_closed)
        complaint = self.create_complaint()
        with self.assertRaisesMessage(UserError, "without: Root Cause"):
            complaint.write({"stage_id": self.stage_closed.id})
        self.assertEqual(complaint.stage_id, self.stage_new)

    def test_only_complaints_get_the_survey_and_the_return_visit(self):
        """Praise and suggestions are not asked for a rating; only complaints
        get the satisfaction survey and the return visit when they close."""
        requests = {
            "praise": (
                self.stage_praise_acknowledged,
                self.env.ref("crm_customer_archive.complaint_stage_praise_closed"),
            ),
            "inquiry": (self.stage_answered, self.stage_inquiry_closed),
        }
        asked = {}
        for request_type, stages in requests.items():
            request = self.create_complaint(request_type=request_type)
            self.assertTrue(request.reporter_id.email)
            for stage in stages:
                request.write({"stage_id": stage.id})
            self.assertTrue(request.is_closed)
            self.assertFalse(self.env["survey.user_input"].search_count([("complaint_id", "=", request.id)]))
            self.assertFalse(self.env["customer.followup"].search_count([("complaint_id", "=", request.id)]))
            asked[request_type] = self.env["rating.rating"].search_count(
                [("res_model", "=", "customer.complaint"), ("res_id", "=", request.id)]
            )
        # An answered inquiry is rated like a resolved complaint.
        self.assertEqual(asked, {"praise": 0, "inquiry": 1})

    def test_sla_policy_of_the_request_type(self):
        ref = self.env.ref
        inquiry = self.create_complaint(request_type="inquiry", severity="critical")
        self.assertEqual(inquiry.sla_policy_id, ref("crm_customer_archive.sla_policy_inquiry"))
        critical = self.create_complaint(severity="critical", partner_id=self.other_customer.id, reporter_id=False)
        self.assertEqual(critical.sla_policy_id, ref("crm_customer_archive.sla_policy_critical"))
        praise = self.create_complaint(request_type="praise")
        self.assertEqual(praise.sla_policy_id, ref("crm_customer_archive.sla_policy_praise"))
        # Retyped: the policy follows.
        praise.write({"request_type": "suggestion"})
        self.assertEqual(praise.sla_policy_id, ref("crm_customer_archive.sla_policy_suggestion"))

    def test_views_and_actions(self):
        kanban = self.env["customer.complaint"].get_view(view_type="kanban")["arch"]
        for field in ("request_type", "sla_deadline", "sla_status"):
            self.assertIn(f'name="{field}"', kanban)
        complaints = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_complaint_action")
        self.assertEqual(complaints["domain"], "[('request_type', '=', 'complaint')]")
        feedback = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_archive.customer_complaint_feedback_action"
        )
        praise = self.create_complaint(request_type="praise")
        inquiry = self.create_complaint(request_type="inquiry")
        found = self.env["customer.complaint"].search(safe_eval(feedback["domain"]))
        self.assertIn(praise, found)
        self.assertNotIn(inquiry, found)


class TestRequestReplies(CustomerComplaintCase):
    """The first public answer of an internal user is the first response;
    the customer's e-mail reply lands in the request's thread."""

    def test_first_response_is_a_public_message_of_an_internal_user(self):
        inquiry = self.create_complaint(request_type="inquiry")
        as_service = inquiry.with_user(self.user_service)
        as_service.message_post(body="内部备注", message_type="comment", subtype_xmlid="mail.mt_note")
        self.assertFalse(inquiry.date_first_response, "a note is not an answer")
        inquiry.sudo().message_post(
            body="自动消息",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.ref("base.partner_root").id,
        )
        self.assertFalse(inquiry.date_first_response, "OdooBot's mails are not an answer")
        inquiry.sudo().message_post(
            body="客户追问", message_type="comment", subtype_xmlid="mail.mt_comment", author_id=self.reporter.id
        )
        self.assertFalse(inquiry.date_first_response, "the customer's own message is not an answer")
        message = as_service.message_post(
            body="可以供货，交期 4 周。",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.reporter.ids,
        )
        self.assertEqual(inquiry.date_first_response, message.date)
        first = inquiry.date_first_response
        as_service.message_post(body="补充说明", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(inquiry.date_first_response, first)

    def test_customer_email_reply_lands_in_the_thread(self):
        inquiry = self.create_complaint(request_type="inquiry")
        answer = inquiry.with_user(self.user_service).message_post(
            body="可以供货，交期 4 周。", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        count = self.env["customer.complaint"].search_count([])
        reply = (
            f"From: 李娜 <{self.reporter.email}>\r\nTo: complaints@example.com\r\n"
            "Subject: Re: DC04\r\nMessage-ID: <inquiry-reply-1@example.cn>\r\n"
            f"In-Reply-To: {answer.message_id}\r\nReferences: {answer.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nThanks, please send the quotation.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process("customer.complaint", reply)
        self.assertEqual(thread_id, inquiry.id)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count, "no new request")
        received = inquiry.message_ids.filtered(lambda m: m.message_id == "<inquiry-reply-1@example.cn>")
        self.assertEqual(received.author_id, self.reporter)
        self.assertIn("please send the quotation", received.body)
        self.assertEqual(inquiry.date_first_response, answer.date)


@tagged("post_install", "-at_install")
class TestRequestPortal(CustomerComplaintCase, HttpCase):
    """Customers send any request type from the portal, see it in their list
    and reply on its thread."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "portal_request", groups="base.group_portal", password="portal_request"
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def csrf_token(self):
        page = self.url_open("/my/complaints/new").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def submit(self, **fields):
        data = {"csrf_token": self.csrf_token(), "title": "0.6 mm 规格交期", "description": "每月约 300 吨", **fields}
        return self.url_open("/my/complaints/new", data=data)

    def test_form_offers_every_type_and_the_list_shows_it(self):
        self.authenticate("portal_request", "portal_request")
        page = self.url_open("/my/complaints/new").text
        for value in ("complaint", "inquiry", "suggestion", "praise"):
            self.assertIn(f'value="{value}"', page)
        self.assertIn("o_complaint_severity", page)
        response = self.submit(request_type="inquiry", severity="critical")
        self.assertEqual(response.status_code, 200)
        inquiry = self.env["customer.complaint"].search([("title", "=", "0.6 mm 规格交期")])
        self.assertRecordValues(
            inquiry,
            [{"request_type": "inquiry", "severity": "major", "stage_id": self.stage_new.id, "channel": "portal"}],
        )
        listing = self.url_open("/my/complaints").text
        self.assertRegex(listing, r'o_complaint_request_type">\s*Inquiry')

    def test_unknown_type_is_refused_and_nothing_written(self):
        self.authenticate("portal_request", "portal_request")
        count = self.env["customer.complaint"].search_count([])
        response = self.submit(request_type="lottery")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Unknown request type", response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    def test_customer_replies_on_the_thread(self):
        inquiry = self.create_complaint(request_type="inquiry", reporter_id=self.portal_user.partner_id.id)
        self.authenticate("portal_request", "portal_request")
        page = self.url_open(f"/my/complaints/{inquiry.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_portal_chatter", page.text)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "customer.complaint",
                "thread_id": inquiry.id,
                "post_data": {"body": "请尽快报价", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
            },
        )
        message = inquiry.message_ids.filtered(lambda m: "请尽快报价" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertFalse(inquiry.date_first_response, "the customer's reply is not the company's answer")
