from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import BrowserTourCase, CustomerArchiveCase, CustomerComplaintCase, CustomerContractCase, CustomerPartCase


@tagged("post_install", "-at_install")
class TestCustomerArchiveTour(BrowserTourCase, CustomerArchiveCase, HttpCase):
    def test_account_manager_creates_customer(self):
        self.start_tour("/odoo/customer-archive", "crm_customer_archive_create_customer", login="archive_sales")
        customer = self.env["res.partner"].search([("name", "=", "巡检测试汽车有限公司")])
        self.assertEqual(len(customer), 1)
        self.assertTrue(customer.ref.startswith("C"))
        self.assertEqual(customer.archive_state, "prospect")
        self.assertEqual(customer.user_id, self.user_sales, "the account manager is the creator by default")
        self.assertTrue(customer.is_company)


@tagged("post_install", "-at_install")
class TestContractTour(BrowserTourCase, CustomerContractCase, HttpCase):
    def test_account_manager_signs_contract(self):
        self.start_tour("/odoo/customer-contracts", "crm_customer_archive_sign_contract", login="archive_sales")
        contract = self.env["customer.contract"].search([("title", "=", "巡检测试供货合同")])
        self.assertEqual(len(contract), 1)
        self.assertRecordValues(
            contract,
            [
                {
                    "partner_id": self.customer.id,
                    "state": "active",
                    "amount_total": 50000.0,
                    "user_id": self.user_sales.id,
                }
            ],
        )
        self.assertEqual(contract.line_ids.product_id, self.product_dc04)


@tagged("post_install", "-at_install")
class TestTechnicalSheetTour(BrowserTourCase, CustomerPartCase, HttpCase):
    def test_engineer_prints_technical_sheet_from_the_customer(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.user_process.group_ids = [Command.link(self.env.ref("crm_customer_archive.group_archive_export").id)]
        # The tour fails unless the server answers the print with a PDF
        # named after the part (it checks the response itself).
        self.start_tour("/odoo/customer-archive", "crm_customer_archive_print_technical_sheet", login="archive_process")


@tagged("post_install", "-at_install")
class TestComplaintTour(BrowserTourCase, CustomerComplaintCase, HttpCase):
    def test_service_records_complaint_with_photo_and_moves_it(self):
        self.start_tour(
            "/odoo/action-crm_customer_archive.customer_complaint_action",
            "crm_customer_archive_record_complaint",
            login="archive_service",
        )
        complaint = self.env["customer.complaint"].search([("title", "=", "巡检测试投诉：卷面划伤")])
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "defect_type_id": self.defect_scratch.id,
                    "stage_id": self.stage_investigation.id,
                }
            ],
        )
        self.assertEqual(complaint.photo_ids.name, "卷面划伤")
        self.assertTrue(complaint.photo_ids.image_128)
