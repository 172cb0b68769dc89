from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractPortal(CustomerContractCase, HttpCase):
    """/my/contracts as the customer's portal user: its signed contracts, never another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "portal_hbqc", groups="base.group_portal", password="portal_hbqc")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.own = cls.create_contract(name="HBQC-2026-01", title="年度供货合同")
        cls.own.action_activate()
        cls.own_draft = cls.create_contract(name="HBQC-2026-02", title="草稿合同")
        cls.others = cls.create_contract(
            user=cls.env.user, partner=cls.other_customer, name="JNJC-2026-01", title="江南轿车合同"
        )
        cls.others.action_activate()

    def test_list_shows_own_signed_contracts(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("HBQC-2026-01", response.text)
        self.assertNotIn("HBQC-2026-02", response.text)
        self.assertNotIn("JNJC-2026-01", response.text)

    def test_contract_page_and_pdf(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open(f"/my/contracts/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("年度供货合同", response.text)
        self.assertIn("冷轧卷 DC04", response.text)
        response = self.url_open(f"/my/contracts/{self.own.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_other_customer_and_draft_are_not_found(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        for contract_id in (self.others.id, self.own_draft.id, 999999):
            response = self.url_open(f"/my/contracts/{contract_id}")
            self.assertEqual(response.status_code, 404, contract_id)
            self.assertNotIn("江南轿车合同", response.text)
            response = self.url_open(f"/my/contracts/{contract_id}?report_type=pdf")
            self.assertEqual(response.status_code, 404, contract_id)

    def test_access_token_link(self):
        # A link shared by the account manager works without login, only with the right token
        token = self.others._portal_ensure_token()
        self.assertEqual(self.url_open(f"/my/contracts/{self.others.id}?access_token={token}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/contracts/{self.others.id}?access_token=wrong").status_code, 404)
