import base64
import json
import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import VALID_ID_NUMBER, CustomerComplaintCase, CustomerContractCase


@tagged("post_install", "-at_install")
class TestDataRequest(CustomerComplaintCase, CustomerContractCase):
    """Data-subject requests (PIPL art. 45-47): access copy, correction,
    deletion with its legal hold, as the Personal Data clerk who handles them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.write({"phone": "13910001001", "email": "zhaoming@example.cn"})
        cls.contract = cls.create_contract()
        cls.contract.action_activate()
        # A complaint the contact reported, finished (rejected: closed).
        cls.complaint = cls.create_complaint(reporter_id=cls.contact.id)
        cls.complaint.write({"stage_id": cls.stage_rejected.id, "rejection_reason": "客户冲压参数问题"})
        cls.user_security = cls.env["res.users"].create(
            {
                "name": "安全员",
                "login": "archive_security",
                "group_ids": [
                    (4, cls.env.ref("base.group_user").id),
                    (4, cls.env.ref("crm_customer_archive.group_archive_security_officer").id),
                ],
            }
        )

    def new_request(self, request_type, contact=None, start=True):
        request = (
            self.env["customer.data.request"]
            .with_user(self.user_privacy)
            .create({"contact_id": (contact or self.contact).id, "request_type": request_type})
        )
        if start:
            request.action_start()
        return request

    def trail(self, records, method):
        return self.env["auditlog.log"].search(
            [("model_id.model", "=", records._name), ("res_id", "in", records.ids), ("method", "=", method)]
        )

    def audit_values_of_contact(self, text):
        lines = self.env["auditlog.log.line"].search(
            [("log_id.model_id.model", "=", "res.partner"), ("log_id.res_id", "=", self.contact.id)]
        )
        values = lines.mapped("old_value_text") + lines.mapped("new_value_text") + lines.log_id.mapped("name")
        return [value for value in values if value and text in value]

    # ------------------------------------------------------------------
    # Deletion
    # ------------------------------------------------------------------

    def test_erasure_keeps_documents_readable_and_empties_personal_fields(self):
        consent = self.contact.sudo().consent_ids
        consent.write({"evidence": base64.b64encode(b"%PDF-1.4 signed form"), "evidence_filename": "赵明-签字表.pdf"})
        self.contact.with_user(self.user_privacy).write({"phone": "13910001009"})
        self.assertTrue(self.audit_values_of_contact("13910001009"))
        request = self.new_request("deletion")
        request.action_erase()

        self.assertEqual(request.state, "done")
        self.assertEqual(request.user_id, self.user_privacy)
        contact = self.contact.with_context(active_test=False).sudo()
        self.assertFalse(contact.private_id_number)
        self.assertFalse(contact.private_birthdate)
        self.assertFalse(contact.phone)
        self.assertNotIn("赵明", contact.name)
        self.assertFalse(contact.email)
        self.assertFalse(contact.active)
        self.assertEqual(len(consent), 1)  # the consent stays: it proves what was agreed
        self.assertFalse(consent.evidence)
        self.assertFalse(consent.evidence_filename)
        # The audit trail keeps who changed the contact, not the values erased.
        self.assertFalse(self.audit_values_of_contact("13910001009"))
        self.assertFalse(self.audit_values_of_contact("赵明"))
        # The business documents are whole and readable by those who work with them.
        complaint = self.complaint.with_user(self.user_service)
        self.assertEqual(complaint.title, "钢卷表面划伤")
        self.assertEqual(complaint.reporter_id, self.contact)
        self.assertEqual(complaint.reporter_id.display_name, contact.display_name)
        contract = self.contract.with_user(self.user_sales)
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(len(contract.line_ids), 2)
        # Logged: the erasure on the contact, each step on the request, in the chatter too.
        self.assertEqual(len(self.trail(self.contact, "erase")), 1)
        self.assertEqual(self.trail(self.contact, "erase").user_id, self.user_privacy)
        self.assertEqual(len(self.trail(request, "data_request")), 3)  # received, started, done
        self.assertIn("Personal data erased", request.message_ids[0].body)
        self.assertNotIn("赵明", " ".join(request.message_ids.mapped("body")))

    def test_legal_hold_refuses_erasure_and_writes_nothing(self):
        complaint = self.create_complaint(reporter_id=self.contact.id)
        invoice = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.contact.id})
        request = self.new_request("deletion")
        pattern = f"{re.escape(complaint.display_name)} is open.*{re.escape(invoice.display_name)} is open"
        with self.assertRaisesMessage(UserError, pattern):
            request.action_erase()
        self.assertEqual(request.state, "in_progress")
        contact = self.contact.sudo()
        self.assertEqual(contact.name, "赵明")
        self.assertEqual(contact.private_id_number, VALID_ID_NUMBER)
        self.assertEqual(contact.phone, "13910001001")
        self.assertTrue(contact.active)
        self.assertFalse(self.trail(self.contact, "erase"))
        self.assertFalse(request.message_ids.filtered(lambda message: "erased" in (message.body or "")))

    def test_legal_hold_of_an_individual_customer_with_a_contract_in_force(self):
        person = self.env["res.partner"].create({"name": "个体户王强", "archive_state": "active"})
        self.create_contract(partner=person).action_activate()
        request = self.new_request("deletion", contact=person)
        with self.assertRaisesMessage(UserError, "is open"):
            request.action_erase()
        self.assertEqual(person.name, "个体户王强")

    # ------------------------------------------------------------------
    # Access copy and correction
    # ------------------------------------------------------------------

    def test_access_copy_content(self):
        self.env["customer.consent"].create(
            {"partner_id": self.contact.id, "purpose": "新品资讯推送", "scope": "marketing", "channel": "email"}
        )
        request = self.new_request("access")
        request.action_send_access_copy()

        self.assertEqual(request.state, "done")
        attachment = request.access_copy_id
        self.assertEqual((attachment.res_model, attachment.res_id), (request._name, request.id))
        self.assertEqual(attachment.mimetype, "application/json")
        copy = json.loads(attachment.raw)
        personal = copy["personal_data"]
        self.assertEqual(personal["name"], "赵明")
        self.assertEqual(personal["id_number"], VALID_ID_NUMBER)
        self.assertEqual(personal["birthdate"], "1949-12-31")
        self.assertEqual(personal["email"], "zhaoming@example.cn")
        self.assertEqual(personal["parent_id"], self.customer.name)
        references = {document["reference"] for document in copy["documents"]}
        self.assertIn(self.complaint.display_name, references)
        self.assertNotIn(self.contract.display_name, references)  # the contract names the company, not the person
        consents = {consent["purpose"]: consent for consent in copy["consents"]}
        self.assertEqual(set(consents), {"合同签署人身份核验", "新品资讯推送"})  # identity (fixture), marketing
        self.assertEqual(consents["新品资讯推送"]["scope"], "marketing")
        self.assertTrue(consents["新品资讯推送"]["in_force"])

    def test_correction_needs_its_result(self):
        request = self.new_request("correction")
        with self.assertRaisesMessage(UserError, "Handling Result"):
            request.action_mark_corrected()
        self.assertEqual(request.state, "in_progress")
        request.result = "手机号改为签字表上的号码"
        request.action_mark_corrected()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.result, "手机号改为签字表上的号码")

    # ------------------------------------------------------------------
    # Bad input and rights
    # ------------------------------------------------------------------

    def test_bad_input_is_refused_with_nothing_written(self):
        Request = self.env["customer.data.request"].with_user(self.user_privacy)
        count = Request.search_count([])
        with self.assertRaisesMessage(ValidationError, "is a company"):
            Request.create({"contact_id": self.customer.id, "request_type": "deletion"})
        with self.assertRaisesMessage(ValidationError, "before the day it was received"):
            Request.create(
                {
                    "contact_id": self.contact.id,
                    "request_type": "access",
                    "date_received": "2026-11-20",
                    "date_due": "2026-11-01",
                }
            )
        self.assertEqual(Request.search_count([]), count)

        request = self.new_request("access", start=False)
        with self.assertRaisesMessage(UserError, "not possible now"):
            request.action_send_access_copy()
        request.action_start()
        with self.assertRaisesMessage(UserError, "belongs to another type"):
            request.action_erase()
        with self.assertRaisesMessage(UserError, "refusal reason"):
            request.action_refuse()
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.access_copy_id)
        self.assertTrue(self.contact.active)

        request.refuse_reason = "无法核实申请人身份"
        request.action_refuse()
        self.assertEqual(request.state, "refused")
        with self.assertRaisesMessage(UserError, "not possible now"):
            request.action_refuse()

    def test_refusal_messages_are_translated(self):
        request = self.new_request("access").with_context(lang="zh_CN")
        with self.assertRaisesMessage(UserError, "拒绝原因"):
            request.action_refuse()

    def test_due_date_follows_the_setting(self):
        settings = self.env["res.config.settings"].create({"data_request_due_days": 10})
        settings.execute()
        request = self.new_request("access", start=False)
        self.assertEqual((request.date_due - request.date_received).days, 10)
        with self.assertRaisesMessage(ValidationError, "at least 1 day"):
            self.env["res.config.settings"].create({"data_request_due_days": 0})
        self.assertEqual(self.env["ir.config_parameter"].get_param("crm_customer_archive.data_request_due_days"), "10")

    def test_security_officers_read_only_the_personal_data_group_handles(self):
        request = self.new_request("deletion")
        as_officer = request.with_user(self.user_security)
        self.assertEqual(as_officer.state, "in_progress")
        with self.assertRaises(AccessError):
            as_officer.action_erase()
        with self.assertRaises(AccessError):
            self.env["customer.data.request"].with_user(self.user_security).create(
                {"contact_id": self.contact.id, "request_type": "access"}
            )
        for user in (self.user_sales, self.user_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).read(["state"])
        self.assertEqual(request.state, "in_progress")
        self.assertTrue(self.contact.sudo().private_id_number)
