import re

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestPrivacyNotice(CustomerArchiveCase, HttpCase):
    """The portal's privacy notice: a banner until acknowledged through the
    notice page's own form; acknowledged once per version."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "privacy_portal", groups="base.group_portal", password="privacy_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.company.write({"privacy_notice": "<p>我们收集联系人的姓名与电话，用于合同履行。</p>"})

    def acknowledgements(self):
        return self.env["customer.consent"].search(
            [("partner_id", "=", self.portal_user.partner_id.id), ("scope", "=", "privacy_notice")]
        )

    def acknowledge_form(self, text="我们收集联系人的姓名与电话"):
        """The form of the notice page showing text: its action, CSRF token and version."""
        page = self.url_open("/my/privacy")
        self.assertEqual(page.status_code, 200)
        self.assertIn(text, page.text)
        form = re.search(r'<form[^>]*action="(/my/privacy/acknowledge)".*?</form>', page.text, re.DOTALL)
        self.assertTrue(form, "the notice page has no acknowledge form")
        inputs = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0)))
        return form.group(1), inputs

    def test_banner_then_acknowledge_through_the_page(self):
        self.assertEqual(self.company.privacy_notice_date, fields.Date.today())
        self.authenticate("privacy_portal", "privacy_portal")
        self.assertIn("o_privacy_notice_banner", self.url_open("/my").text)
        action, inputs = self.acknowledge_form()
        self.assertEqual(set(inputs), {"csrf_token", "notice_date"})
        response = self.url_open(action, data=inputs)
        self.assertEqual(response.status_code, 200)
        consent = self.acknowledgements()
        self.assertEqual(
            (consent.channel, consent.notice_date, consent.in_force), ("portal", self.company.privacy_notice_date, True)
        )
        self.assertNotIn("o_privacy_notice_banner", self.url_open("/my").text)
        self.assertNotIn('action="/my/privacy/acknowledge"', self.url_open("/my/privacy").text)
        # Sent again (a second tab): still one acknowledgement.
        self.url_open(action, data=inputs)
        self.assertEqual(len(self.acknowledgements()), 1)

    def test_changed_notice_asked_again_and_stale_form_refused(self):
        yesterday = fields.Date.subtract(fields.Date.today(), days=1)
        self.company.privacy_notice_date = yesterday
        self.authenticate("privacy_portal", "privacy_portal")
        action, stale = self.acknowledge_form()
        self.url_open(action, data=stale)
        self.assertEqual(self.acknowledgements().notice_date, yesterday)
        self.assertNotIn("o_privacy_notice_banner", self.url_open("/my").text)
        # A new text is a new version (dated today): asked again.
        self.company.privacy_notice = "<p>新增：联系人的生日用于节日问候。</p>"
        self.assertEqual(self.company.privacy_notice_date, fields.Date.today())
        self.assertIn("o_privacy_notice_banner", self.url_open("/my").text)
        # The old page's form (yesterday's version) acknowledges nothing.
        stale["csrf_token"] = self.acknowledge_form("新增：联系人的生日")[1]["csrf_token"]
        response = self.url_open(action, data=stale)
        self.assertIn("/my/privacy?error=changed", response.url)
        self.assertIn("新增：联系人的生日", response.text)
        self.assertEqual(len(self.acknowledgements()), 1)
        # Without the CSRF token: refused, nothing written.
        response = self.url_open(action, data={"notice_date": str(fields.Date.today())})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self.acknowledgements()), 1)

    def test_no_notice_no_page(self):
        self.company.privacy_notice = False
        self.authenticate("privacy_portal", "privacy_portal")
        self.assertEqual(self.url_open("/my/privacy").status_code, 404)
        self.assertNotIn("o_privacy_notice_banner", self.url_open("/my").text)

    def test_future_notice_date_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot be dated in the future"):
            self.company.privacy_notice_date = fields.Date.add(fields.Date.today(), days=3)
