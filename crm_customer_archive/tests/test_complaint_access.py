from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAccess(CustomerComplaintCase):
    """Customer service and sales record complaints, quality engineers also
    book costs, managers configure and may delete; others see nothing."""

    def test_customer_service_records_and_moves_complaints(self):
        complaint = self.create_complaint(user=self.user_service)
        complaint.with_user(self.user_service).write(
            {"user_id": self.user_officer.id, "stage_id": self.stage_investigation.id}
        )
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_service).unlink()
        with self.assertRaises(AccessError):
            self.env["customer.complaint.cost"].with_user(self.user_service).create(
                {"complaint_id": complaint.id, "amount": 10}
            )
        complaint.with_user(self.user_service).action_archive()
        self.assertFalse(complaint.active, "complaints are archived, not deleted")

    def test_quality_engineer_books_costs(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_officer).write(
            {"cost_ids": [Command.create({"cost_type": "rework", "amount": 1200})]}
        )
        self.assertEqual(complaint.cost_total, 1200.0)
        self.assertEqual(complaint.with_user(self.user_service).cost_total, 1200.0, "service reads the costs")

    def test_only_managers_configure_stages_defects_and_policies(self):
        for model, values in (
            ("customer.complaint.stage", {"name": "复核"}),
            ("customer.defect.type", {"code": "X1", "name": "新缺陷"}),
            ("customer.complaint.sla.policy", {"name": "快速", "response_hours": 1, "resolution_hours": 8}),
        ):
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.user_officer).create(values)
                self.assertTrue(self.env[model].with_user(self.user_manager).create(values))
        self.assertTrue(self.env["customer.defect.type"].with_user(self.user_plain).search_count([]) > 0)

    def test_other_employees_and_salesmen_see_no_complaints(self):
        self.create_complaint()
        salesman = new_test_user(self.env, "only_salesman", groups="sales_team.group_sale_salesman")
        for user in (self.user_plain, salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["customer.complaint"].with_user(user).search([])
        # ... but the salesman sees the customer's sensitivity on his orders.
        self.assertEqual(self.customer.with_user(salesman).get_defect_sensitivity()[0]["code"], "SCRATCH")

    def test_complaints_of_another_company_are_invisible(self):
        foreign = self.create_complaint(
            user=self.env.user,
            company_id=self.other_company.id,
            title="外厂投诉",
            partner_id=self.other_customer.id,
            reporter_id=False,
            part_id=False,
        )
        found = self.env["customer.complaint"].with_user(self.user_service).search([("title", "=", "外厂投诉")])
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_service).read(["title"])
