from odoo.exceptions import AccessDenied, AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import VALID_ID_BIRTHDATE, VALID_ID_NUMBER, CustomerArchiveCase, identity_consent


@tagged("post_install", "-at_install")
class TestCustomerConsent(CustomerArchiveCase):
    """Consent and purpose (PIPL): ID number and birth date only with a
    consent in force; withdrawal clears them; bad input refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["customer.consent"].with_user(cls.user_privacy)
        cls.person = cls.env["res.partner"].create({"name": "孙立", "parent_id": cls.customer.id})

    def audit_rows(self, partner):
        return self.env["auditlog.log"].search(
            [("method", "=", "consent"), ("archive_partner_id", "=", partner.commercial_partner_id.id)]
        )

    def test_id_number_and_birth_date_need_a_consent(self):
        person = self.person.with_user(self.user_privacy)
        for values in ({"id_number": VALID_ID_NUMBER}, {"birthdate": VALID_ID_BIRTHDATE}):
            with self.subTest(values=values), self.assertRaisesMessage(ValidationError, "孙立.*no consent in force"):
                person.write(values)
            self.assertFalse(self.person.sudo().private_id_number or self.person.sudo().private_birthdate)
        # A consent of another scope is not enough.
        self.Consent.create({"partner_id": person.id, "purpose": "新品推介", "scope": "marketing", "channel": "email"})
        with self.assertRaisesMessage(ValidationError, "no consent in force"):
            person.write({"id_number": VALID_ID_NUMBER})
        self.Consent.create(
            {"partner_id": person.id, "purpose": "身份核验", "scope": "personal_identity", "channel": "paper"}
        )
        person.write({"id_number": VALID_ID_NUMBER, "birthdate": VALID_ID_BIRTHDATE})
        self.assertEqual(self.person.sudo().private_id_number, VALID_ID_NUMBER)

    def test_contact_created_with_its_consent(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.user_privacy)
            .create(
                {
                    "name": "周红",
                    "parent_id": self.customer.id,
                    "consent_ids": [identity_consent()],
                    "id_number": VALID_ID_NUMBER,
                }
            )
        )
        self.assertEqual(contact.id_number, VALID_ID_NUMBER)
        self.assertEqual(contact.consent_count, 1)
        self.assertIn("Given: Personal Identity (ID Number, Birth Date)", self.audit_rows(contact).mapped("detail"))

    def test_withdrawal_of_the_last_identity_consent_clears_the_data(self):
        consent = self.contact.consent_ids
        self.assertEqual(self.contact.sudo().private_id_number, VALID_ID_NUMBER)
        second = self.Consent.create(
            {"partner_id": self.contact.id, "purpose": "工厂门禁", "scope": "personal_identity", "channel": "phone"}
        )
        wizard = Form(
            self.env["customer.consent.withdraw"]
            .with_user(self.user_privacy)
            .with_context(default_consent_id=consent.id)
        )
        wizard.reason = "本人书面撤回"
        wizard.save().action_withdraw()
        self.assertFalse(consent.in_force)
        self.assertEqual(consent.withdrawal_reason, "本人书面撤回")
        # Another identity consent is still in force: the number stays.
        self.assertEqual(self.contact.sudo().private_id_number, VALID_ID_NUMBER)
        second.with_user(self.user_privacy)._withdraw("离职，本人要求删除")
        self.assertFalse(self.contact.sudo().private_id_number)
        self.assertFalse(self.contact.sudo().private_birthdate)
        self.assertIn(
            "identity consent withdrawn: ID number and birth date cleared",
            self.audit_rows(self.contact).mapped("detail"),
        )

    def test_bad_input_refused_and_nothing_written(self):
        count = self.env["customer.consent"].search_count([])
        bad = {
            "needs its purpose": {"purpose": "  "},
            "in the future": {"date": "2999-01-01"},
            "is a company": {"partner_id": self.customer.id},
        }
        for message, values in bad.items():
            with self.subTest(message=message), self.assertRaisesMessage(ValidationError, message):
                self.Consent.create(
                    {
                        "partner_id": self.person.id,
                        "purpose": "身份核验",
                        "scope": "personal_identity",
                        "channel": "paper",
                        **values,
                    }
                )
        consent = self.contact.consent_ids.with_user(self.user_privacy)
        with self.assertRaisesMessage(UserError, "Say why"):
            consent._withdraw("  ")
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            consent.write({"withdrawn_on": "2026-01-01"})
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            consent.write({"scope": "marketing"})
        self.assertTrue(consent.in_force)
        self.assertEqual(consent.scope, "personal_identity")
        consent._withdraw("本人撤回")
        with self.assertRaisesMessage(UserError, "already withdrawn"):
            consent._withdraw("再次撤回")
        self.assertEqual(self.env["customer.consent"].search_count([]), count)

    def test_only_personal_data_clerks_record_consents(self):
        values = {"partner_id": self.person.id, "purpose": "身份核验", "scope": "personal_identity", "channel": "paper"}
        with self.assertRaises(AccessError):
            self.env["customer.consent"].with_user(self.user_sales).create(values)
        with self.assertRaises(AccessError):
            self.contact.consent_ids.with_user(self.user_manager).unlink()
        self.assertTrue(self.contact.consent_ids.with_user(self.user_sales).read(["purpose"]))


@tagged("post_install", "-at_install")
class TestLeftContact(CustomerArchiveCase):
    """A contact marked 离职 loses the portal and receives no more mails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "zhaoming_portal", groups="base.group_portal", password="zhaoming_portal"
        )
        cls.portal_user.partner_id.write({"parent_id": cls.customer.id, "email": "zhao.portal@example.cn"})
        cls.portal_contact = cls.portal_user.partner_id
        cls.customer.message_subscribe(partner_ids=cls.portal_contact.ids)
        cls.template = cls.env["mail.template"].create(
            {"name": "致联系人", "model_id": cls.env.ref("base.model_res_partner").id, "partner_to": "{{ object.id }}"}
        )

    def login(self):
        credential = {"type": "password", "login": "zhaoming_portal", "password": "zhaoming_portal"}
        return self.env["res.users"]._login(credential, {"interactive": False})

    def mails_to(self, partner):
        """Notifications (inbox or e-mail) of posted messages, and template mails."""
        notifications = self.env["mail.notification"].search([("res_partner_id", "=", partner.id)])
        return notifications, self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_employed_contact_logs_in_and_gets_mails(self):
        """The same steps as below, before leaving: each check can fail."""
        self.assertTrue(self.login())
        self.customer.message_post(
            body="交货计划", partner_ids=self.portal_contact.ids, subtype_xmlid="mail.mt_comment"
        )
        self.template.send_mail(self.portal_contact.id)
        notifications, mails = self.mails_to(self.portal_contact)
        self.assertEqual(len(notifications), 1)
        self.assertEqual(len(mails), 2, "the notification's mail and the template's")

    def test_left_contact_loses_portal_followers_and_mails(self):
        self.portal_contact.with_user(self.user_sales).write({"contact_state": "left"})
        self.assertFalse(self.portal_user.active)
        with self.assertRaises(AccessDenied):
            self.login()
        self.assertNotIn(self.portal_contact, self.customer.message_partner_ids)
        self.customer.message_subscribe(partner_ids=self.portal_contact.ids)
        self.assertNotIn(self.portal_contact, self.customer.message_partner_ids)
        self.customer.message_post(
            body="交货计划", partner_ids=self.portal_contact.ids, subtype_xmlid="mail.mt_comment"
        )
        self.template.send_mail(self.portal_contact.id)
        notifications, mails = self.mails_to(self.portal_contact)
        self.assertFalse(notifications)
        self.assertFalse(mails)
