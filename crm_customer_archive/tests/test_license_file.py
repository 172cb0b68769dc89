import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from odoo.addons.crm_customer_archive.models.customer_license import PRIVATE_KEY_PARAM
from odoo.addons.crm_customer_archive.tools.signature import verify_license_file
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerLicenseCase


@tagged("post_install", "-at_install")
class TestLicenseFile(CustomerLicenseCase, HttpCase):
    """Signed offline licence files, checked the way the customer's software does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build = cls.env["customer.software.build"].create(
            {"product_tmpl_id": cls.software.id, "partner_id": cls.customer.id, "version": "2.4.0"}
        )
        cls.license = cls.create_license(seats=3, build_id=build.id, feature_ids=cls.software.license_feature_ids.ids)
        cls.portal_user = new_test_user(cls.env, "portal_hbqc", groups="base.group_portal", password="portal_hbqc")
        cls.portal_user.partner_id.parent_id = cls.customer

    def test_file_signature_verifies_and_tampering_is_detected(self):
        content = self.license._license_file()
        public_pem = self.url_open("/api/license/public-key").text
        self.assertTrue(verify_license_file(content, public_pem))
        document = json.loads(content)["license"]
        self.assertEqual(document["customer"], "华北汽车制造有限公司")
        self.assertEqual((document["seats"], document["build"], document["features"]), (3, "2.4.0", ["mes", "spc"]))
        self.assertEqual(document["license_key"], self.license.sudo().key)

        tampered = json.loads(content)
        tampered["license"]["seats"] = 300
        self.assertFalse(verify_license_file(json.dumps(tampered), public_pem))
        tampered = json.loads(content)
        tampered["license"]["date_end"] = "2099-12-31"
        self.assertFalse(verify_license_file(json.dumps(tampered), public_pem))
        other_pem = (
            Ed25519PrivateKey.generate()
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
        self.assertFalse(verify_license_file(content, other_pem), "another issuer's key does not verify it")
        self.assertFalse(verify_license_file(b"garbage", public_pem))

    def test_key_pair_is_stable_and_private_key_is_for_administrators_only(self):
        first = self.env["customer.license"]._public_key_pem()
        self.assertEqual(self.env["customer.license"]._public_key_pem(), first, "generated once")
        for user in (self.user_license_manager, self.user_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ir.config_parameter"].with_user(user).search([("key", "=", PRIVATE_KEY_PARAM)]).read(
                    ["value"]
                )

    def test_draft_licence_has_no_file(self):
        draft = self.create_license(state="draft")
        with self.assertRaisesMessage(UserError, "Only an active licence"):
            draft._license_file()

    def test_download_from_the_form_and_the_portal(self):
        action = self.license.with_user(self.user_license_manager).action_download_file()
        self.assertEqual(action["url"], f"/my/licenses/{self.license.id}/file")
        self.authenticate("license_manager", "license_manager")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(verify_license_file(response.content, self.license._public_key_pem()))
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(verify_license_file(response.content, self.license._public_key_pem()))
