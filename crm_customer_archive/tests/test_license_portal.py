from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerLicenseCase


@tagged("post_install", "-at_install")
class TestLicensePortal(CustomerLicenseCase, HttpCase):
    """/my/licenses: the customer's licences and machines only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "portal_hbqc", groups="base.group_portal", password="portal_hbqc")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.own = cls.create_license(seats=2)
        cls.activation = cls.env["customer.license.activation"].create(
            {"license_id": cls.own.id, "fingerprint_hash": "f" * 64, "hostname": "QC-PC-07"}
        )
        cls.others = cls.create_license(partner_id=cls.other_customer.id)
        cls.foreign_activation = cls.env["customer.license.activation"].create(
            {"license_id": cls.others.id, "fingerprint_hash": "e" * 64, "hostname": "JN-PC-01"}
        )

    def test_list_and_page_show_own_licences_with_full_key(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open("/my/licenses")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own.key_masked, response.text)
        self.assertNotIn(self.others.key_masked, response.text)
        page = self.url_open(f"/my/licenses/{self.own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own.sudo().key, page.text, "the customer needs its key to install the software")
        self.assertIn("QC-PC-07", page.text)

    def test_other_customers_licence_is_not_found(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        for url in (f"/my/licenses/{self.others.id}", f"/my/licenses/{self.others.id}/file"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.others.sudo().key, response.text)

    def test_customer_releases_its_machine_only(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        page = self.url_open(f"/my/licenses/{self.own.id}").text
        marker = 'name="csrf_token" value="'
        token = page[page.index(marker) + len(marker) :].split('"', 1)[0]
        response = self.url_open(
            f"/my/licenses/{self.others.id}/release",
            data={"csrf_token": token, "activation_id": self.foreign_activation.id},
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open(
            f"/my/licenses/{self.own.id}/release",
            data={"csrf_token": token, "activation_id": self.foreign_activation.id},
        )
        self.assertEqual(response.status_code, 404, "a machine of another licence")
        self.assertEqual(self.foreign_activation.state, "active")
        response = self.url_open(
            f"/my/licenses/{self.own.id}/release", data={"csrf_token": token, "activation_id": self.activation.id}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.activation.state, "released")
        self.assertEqual(self.activation.released_reason, "customer")
        self.assertEqual(self.own.seats_used, 0)
