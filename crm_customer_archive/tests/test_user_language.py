"""What people read is in their own language: e-mails in the recipient's,
activities and notes of the scheduled actions (which run as OdooBot, in
English) in the language of the user who gets them."""

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerComplaintCase, CustomerContractCase, CustomerLicenseCase
from .helpers import load_chinese


def run_cron(env, xmlid):
    """The scheduled action's server action, as its user (OdooBot), in this transaction."""
    cron = env.ref(xmlid)
    cron.ir_actions_server_id.with_user(cron.user_id).run()


@tagged("post_install", "-at_install")
class TestComplaintLanguage(CustomerComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.engineer_zh = new_test_user(
            cls.env, "engineer_zh", groups="crm_customer_archive.group_archive_officer", lang="zh_CN", **companies
        )
        cls.engineer_en = new_test_user(
            cls.env, "engineer_en", groups="crm_customer_archive.group_archive_officer", lang="en_US", **companies
        )
        cls.reporter_en = cls.env["res.partner"].create(
            {
                "name": "John Smith",
                "parent_id": cls.customer.id,
                "type": "reporter",
                "email": "john.smith@example.com",
                "lang": "en_US",
            }
        )

    def _close(self, reporter):
        complaint = self.create_complaint(
            reporter_id=reporter.id,
            root_cause="<p>辊面缺陷</p>",
            corrective_action="<p>更换平整辊</p>",
            preventive_action="<p>每班检查辊面</p>",
        )
        complaint.write({"stage_id": self.stage_closed.id})
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "customer.complaint"),
                ("res_id", "=", complaint.id),
                ("recipient_ids", "in", reporter.ids),
            ],
            order="id",
        )
        # Closed straight away, so resolved too: the closure mail, then the
        # rating request, both in the reporter's language.
        self.assertEqual(len(mails), 2)
        mail, rating_request = mails
        self.assertIn(f"/rate/{complaint.rating_ids.access_token}/5", rating_request.body_html)
        self.assertEqual("您满意吗" in rating_request.subject, "已结案" in mail.subject)
        return complaint, mail

    def test_closure_mail_in_chinese_for_a_chinese_reporter(self):
        complaint, mail = self._close(self.reporter)
        self.assertEqual(mail.subject, f"您的投诉 {complaint.name} 已结案")
        for text in ("尊敬的 李娜（质检）", "已结案", "为防止问题再次发生", "每班检查辊面", "感谢您帮助我们不断改进"):
            self.assertIn(text, mail.body_html)
        self.assertNotIn("Dear", mail.body_html)
        self.assertIn("感谢您帮助我们不断改进", mail.mail_message_id.body, "the chatter keeps what was sent")

    def test_closure_mail_in_english_for_an_english_reporter(self):
        complaint, mail = self._close(self.reporter_en)
        self.assertEqual(mail.subject, f"Your complaint {complaint.name} is closed")
        self.assertIn("Dear John Smith", mail.body_html)
        self.assertIn("Thank you for helping us improve.", mail.body_html)
        self.assertNotIn("尊敬的", mail.body_html)

    def test_reporter_without_language_gets_the_customers(self):
        self.reporter.lang = False
        self.customer.lang = "zh_CN"
        complaint, mail = self._close(self.reporter)
        self.assertEqual(mail.subject, f"您的投诉 {complaint.name} 已结案")

    def test_sla_activities_in_the_engineers_language(self):
        chinese = self.create_complaint(date_received="2026-11-02 01:00:00", user_id=self.engineer_zh.id)
        english = self.create_complaint(date_received="2026-11-02 01:00:00", user_id=self.engineer_en.id)
        with freeze_time("2026-12-31 02:00:00"):  # long past its deadline: at risk, then failed
            run_cron(self.env, "crm_customer_archive.ir_cron_customer_complaint_sla")
        self.assertEqual(
            sorted(chinese.activity_ids.mapped("summary")),
            [f"SLA 已超时：{chinese.name} 已超过解决截止时间", f"SLA 有风险：请在截止时间前解决 {chinese.name}"],
        )
        self.assertEqual(chinese.activity_ids.user_id, self.engineer_zh)
        self.assertEqual(
            sorted(english.activity_ids.mapped("summary")),
            [
                f"SLA at risk: resolve {english.name} before its deadline",
                f"SLA failed: {english.name} is past its resolution deadline",
            ],
        )


@tagged("post_install", "-at_install")
class TestLicenseLanguage(CustomerLicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.desk_zh = new_test_user(
            cls.env, "license_desk_zh", groups="crm_customer_archive.group_archive_officer", lang="zh_CN", **companies
        )
        cls.desk_en = new_test_user(
            cls.env, "license_desk_en", groups="crm_customer_archive.group_archive_officer", lang="en_US", **companies
        )
        cls.customer.write({"lang": "zh_CN", "email": "it@hbqc.example.cn"})
        cls.other_customer.write({"lang": "en_US", "email": "it@jnjc.example.com"})

    def _reminder_mail(self, license_):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "customer.license"),
                ("res_id", "=", license_.id),
                ("recipient_ids", "in", license_.partner_id.ids),
            ]
        )

    def test_reminder_activity_and_mail_in_their_readers_languages(self):
        chinese = self.create_license(date_start="2026-01-01", date_end="2026-12-15", user_id=self.desk_zh.id)
        english = self.create_license(
            partner_id=self.other_customer.id, date_start="2026-01-01", date_end="2026-12-15", user_id=self.desk_en.id
        )
        with freeze_time("2026-11-20"):
            run_cron(self.env, "crm_customer_archive.ir_cron_customer_license_lifecycle")
        self.assertEqual(chinese.activity_ids.user_id, self.desk_zh)
        self.assertEqual(chinese.activity_ids.summary, f"授权 {chinese.key_masked} 将于 2026-12-15 到期：请续期")
        self.assertEqual(english.activity_ids.summary, f"Licence {english.key_masked} ends on 2026-12-15: renew it")
        mail_zh, mail_en = self._reminder_mail(chinese), self._reminder_mail(english)
        self.assertEqual(mail_zh.subject, "您的 冷轧 MES 套件 授权将于 2026-12-15 到期")
        self.assertIn("请及时与我们联系办理续期", mail_zh.body_html)
        self.assertEqual(mail_en.subject, "Your licence for 冷轧 MES 套件 ends on 2026-12-15")
        self.assertIn("Please contact us to renew it", mail_en.body_html)

    def test_expiry_note_in_the_responsible_users_language(self):
        license_ = self.create_license(date_start="2025-01-01", date_end="2025-12-31", user_id=self.desk_zh.id)
        with freeze_time("2026-01-05"):
            run_cron(self.env, "crm_customer_archive.ir_cron_customer_license_lifecycle")
        self.assertEqual(license_.state, "expired")
        self.assertIn("已于 2025-12-31 过期。", license_.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestContractLanguage(CustomerContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.user_sales.lang = "zh_CN"

    def test_reminders_and_notes_in_the_account_managers_language(self):
        with freeze_time("2026-03-01"):
            chinese = self.create_contract(
                date_start=fields.Date.to_date("2026-01-01"),
                date_end=fields.Date.to_date("2026-03-20"),
                payment_line_ids=[Command.create({"name": "预付款", "due_date": "2026-03-05", "percentage": 100})],
            )
            english = self.create_contract(
                user=self.user_sales_manager,
                date_start=fields.Date.to_date("2026-01-01"),
                date_end=fields.Date.to_date("2026-03-20"),
                payment_line_ids=[Command.create({"name": "Advance", "due_date": "2026-03-05", "percentage": 100})],
            )
            (chinese | english).action_activate()
            run_cron(self.env, "crm_customer_archive.ir_cron_customer_contract_reminders")
        self.assertEqual((chinese.user_id, english.user_id), (self.user_sales, self.user_sales_manager))
        payment, end = sorted(chinese.activity_ids.mapped("summary"))
        self.assertEqual(end, "合同将于 2026-03-20 到期:请续签或关闭")
        self.assertTrue(payment.startswith("付款“预付款”"), payment)
        self.assertIn("到期日 2026-03-05", payment)
        self.assertEqual(
            sorted(english.activity_ids.mapped("summary"))[0], "Contract ends on 2026-03-20: renew or close it"
        )
        with freeze_time("2026-03-21"):
            run_cron(self.env, "crm_customer_archive.ir_cron_customer_contract_reminders")
        bodies = " ".join(chinese.message_ids.mapped("body"))
        self.assertIn("逾期付款:预付款", bodies)
        self.assertIn("合同已于 2026-03-20 截止,现已到期。", bodies)
        self.assertIn("is now expired", " ".join(english.message_ids.mapped("body")))
