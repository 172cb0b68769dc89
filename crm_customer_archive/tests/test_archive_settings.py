from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerLicenseCase


@tagged("post_install", "-at_install")
class TestArchiveSettings(CustomerLicenseCase):
    """Settings → Customer Archive: rate limits and the complaint alias are
    set where an administrator looks for them, not only as system parameters."""

    def test_rate_limits_are_system_parameters(self):
        settings = self.env["res.config.settings"].create(
            {"license_api_ip_limit": 200, "license_api_key_limit": 40, "certificate_verify_ip_limit": 10}
        )
        settings.execute()
        Param = self.env["ir.config_parameter"].sudo()
        self.assertEqual(Param.get_param("crm_customer_archive.license_api_ip_limit"), "200")
        self.assertEqual(Param.get_param("crm_customer_archive.license_api_key_limit"), "40")
        self.assertEqual(Param.get_param("crm_customer_archive.certificate_verify_ip_limit"), "10")

    def test_rate_limit_below_one_refused(self):
        Param = self.env["ir.config_parameter"].sudo()
        before = Param.get_param("crm_customer_archive.license_api_ip_limit")
        for value in (0, -5):
            with self.assertRaisesMessage(ValidationError, "at least 1 call per minute"):
                self.env["res.config.settings"].create({"license_api_ip_limit": value})
        self.assertEqual(Param.get_param("crm_customer_archive.license_api_ip_limit"), before)

    def test_complaint_alias_renamed_in_settings(self):
        alias = self.env.ref("crm_customer_archive.mail_alias_customer_complaint")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.complaint_alias_name, "complaints")
        settings.complaint_alias_name = "quality-feedback"
        settings.execute()
        self.assertEqual(alias.alias_name, "quality-feedback")

    def test_licence_links_to_its_contract(self):
        license_ = self.create_license()
        self.assertFalse(Form(license_.with_user(self.user_officer)).contract_id)
        contract = self.env["customer.contract"].create(
            {"title": "软件许可合同", "partner_id": self.customer.id, "date_start": license_.date_start}
        )
        license_.contract_id = contract
        action = license_.action_view_contract()
        self.assertEqual((action["res_model"], action["res_id"]), ("customer.contract", contract.id))
