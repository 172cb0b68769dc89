import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerComplaintCase
from .helpers import load_chinese


@tagged("post_install", "-at_install")
class TestComplaintPortalNotify(CustomerComplaintCase, HttpCase):
    """A complaint sent from the portal reaches the company: a to-do for the
    customer's account manager, in the manager's language, with an e-mail
    linking to the complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env, ("mail", "crm_customer_archive"))
        cls.portal_user = new_test_user(
            cls.env, "portal_notify", groups="base.group_portal", password="portal_notify", lang="en_US"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        # The account manager reads Chinese, the customer's user English.
        cls.user_sales.write({"lang": "zh_CN", "email": "sales@example.cn", "notification_type": "email"})

    def submit(self, title):
        self.authenticate("portal_notify", "portal_notify")
        page = self.url_open("/my/complaints/new").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/my/complaints/new", data={"csrf_token": token, "title": title, "description": "第三卷边部裂纹 5 处"}
        )
        self.assertEqual(response.status_code, 200)
        return self.env["customer.complaint"].search([("title", "=", title)])

    def test_account_manager_gets_a_todo_in_chinese(self):
        complaint = self.submit("卷边有裂纹")
        self.assertEqual(len(complaint), 1)
        activity = complaint.activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": self.user_sales.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": f"客户门户新投诉：{complaint.name} 卷边有裂纹",
                }
            ],
        )
        # Odoo's "assigned to you" e-mail, in Chinese, with its button to the complaint.
        message = self.env["mail.message"].search(
            [
                ("model", "=", "customer.complaint"),
                ("res_id", "=", complaint.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.user_sales.partner_id.ids),
            ]
        )
        self.assertEqual(len(message), 1)
        self.assertIn("客户门户新投诉", message.subject)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertIn(f"res_id={complaint.id}", mail.body_html)
        self.assertIn("model=customer.complaint", mail.body_html)

    def test_responsible_engineer_rather_than_account_manager(self):
        # Without an account manager nobody gets a to-do, and nothing fails.
        self.customer.user_id = False
        complaint = self.submit("无客户经理")
        self.assertFalse(complaint.activity_ids)
        # The responsible engineer (set on the complaint) comes first.
        complaint.user_id = self.user_service
        complaint._schedule_portal_activity()
        self.assertEqual(complaint.activity_ids.user_id, self.user_service)
