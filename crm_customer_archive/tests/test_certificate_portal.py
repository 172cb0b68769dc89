from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerCertificateCase


@tagged("post_install", "-at_install")
class TestCertificatePortal(CustomerCertificateCase, HttpCase):
    """/my/certificates as the customer's portal user: its own certificates only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.portal_user = new_test_user(cls.env, "portal_hbqc", groups="base.group_portal", password="portal_hbqc")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.own = cls.certificate_for(cls.customer, "HB-PO-778")
        cls.others = cls.certificate_for(cls.other_customer, "JN-PO-1")

    @classmethod
    def certificate_for(cls, partner, order_ref):
        coil = cls.create_coil(f"C{order_ref}", cls.PASSING)
        picking = cls.deliver(coil, partner=partner, client_order_ref=order_ref)
        return cls.env["customer.quality.certificate"].create({"picking_id": picking.id})

    def test_list_shows_own_certificates(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open("/my/certificates")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own.name, response.text)
        self.assertIn("HB-PO-778", response.text)
        self.assertNotIn(self.others.name, response.text)
        self.assertNotIn("JN-PO-1", response.text)

    def test_own_certificate_pdf(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open(f"/my/certificates/{self.own.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_other_customers_certificate_is_not_found(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        for certificate_id in (self.others.id, 999999):
            response = self.url_open(f"/my/certificates/{certificate_id}")
            self.assertEqual(response.status_code, 404, certificate_id)
            self.assertNotIn("JN-PO-1", response.text)
        certificates = self.env["customer.quality.certificate"].with_user(self.portal_user).search([])
        self.assertEqual(certificates, self.own)
