from odoo.tests import HttpCase, tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestCustomerArchiveTour(CustomerArchiveCase, HttpCase):
    def test_account_manager_creates_customer(self):
        self.start_tour("/odoo/customer-archive", "crm_customer_archive_create_customer", login="archive_sales")
        customer = self.env["res.partner"].search([("name", "=", "巡检测试汽车有限公司")])
        self.assertEqual(len(customer), 1)
        self.assertTrue(customer.ref.startswith("C"))
        self.assertEqual(customer.archive_state, "prospect")
        self.assertEqual(customer.user_id, self.user_sales, "the account manager is the creator by default")
        self.assertTrue(customer.is_company)
