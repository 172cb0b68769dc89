from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerPartCase


@tagged("post_install", "-at_install")
class TestPartAccess(CustomerPartCase):
    """Process engineers keep parts and plans, sales read them, managers
    approve, other employees see nothing; each as the real user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.salesman_only = new_test_user(
            cls.env, "plain_salesman", groups="sales_team.group_sale_salesman", company_id=cls.company.id
        )
        cls.storekeeper = new_test_user(
            cls.env, "storekeeper", groups="stock.group_stock_user", company_id=cls.company.id
        )

    def test_process_engineer_edits_parts_and_plans(self):
        part = self.part.with_user(self.user_process)
        part.write({"material_quota": 12.0, "processing": "拉延 + 修边"})
        self.assertEqual(self.part.material_quota, 12.0)
        new_part = (
            self.env["customer.part"]
            .with_user(self.user_process)
            .create(
                {
                    "name": "顶盖",
                    "part_number": "5701020",
                    "partner_id": self.customer.id,
                    "blank_gross_weight": 15.0,
                    "part_net_weight": 11.0,
                }
            )
        )
        self.assertEqual(new_part.create_uid, self.user_process)
        revision = self.env["customer.process.spec"].browse(
            self.spec.with_user(self.user_process).action_new_revision()["res_id"]
        )
        revision.with_user(self.user_process).line_ids[0].target = 82.0
        self.assertEqual(revision.line_ids[0].target, 82.0)
        run = (
            self.env["customer.process.run"]
            .with_user(self.user_process)
            .create(
                {
                    "spec_id": self.spec.id,
                    "measurement_ids": [Command.create({"spec_line_id": self.spec.line_ids[0].id, "value": 80.0})],
                }
            )
        )
        self.assertTrue(run.measurement_ids.in_limits)

    def test_sales_read_parts_and_plans_but_cannot_change_them(self):
        for user in (self.user_sales, self.salesman_only):
            with self.subTest(user=user.login):
                part = self.part.with_user(user)
                self.assertEqual(part.part_number, "5701011-K00")
                self.assertEqual(part.utilization_rate, 64.97)
                with self.assertRaises(AccessError):
                    part.write({"material_quota": 1.0})
                with self.assertRaises(AccessError):
                    self.env["customer.part"].with_user(user).create(
                        {
                            "name": "X",
                            "part_number": "X",
                            "partner_id": self.customer.id,
                            "blank_gross_weight": 2.0,
                            "part_net_weight": 1.0,
                        }
                    )
        spec = self.spec.with_user(self.user_sales)
        self.assertEqual(spec.line_ids.mapped("target"), [80.0, 770.0, 120.0])
        with self.assertRaises(AccessError):
            spec.write({"user_id": self.user_sales.id})
        with self.assertRaises(AccessError):
            self.create_spec(user=self.user_sales, part=False, partner=self.customer)
        with self.assertRaises(AccessError):
            spec.line_ids[0].write({"note": "x"})
        with self.assertRaises(AccessError):
            self.env["customer.process.spec.copy"].with_user(self.user_sales).create(
                {"spec_id": self.spec.id, "partner_id": self.other_customer.id}
            )
        self.assertEqual(self.part.material_quota, 11.8)

    def test_only_managers_approve(self):
        draft = self.env["customer.process.spec"].browse(
            self.spec.with_user(self.user_process).action_new_revision()["res_id"]
        )
        for user in (self.user_process, self.user_sales):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                draft.with_user(user).action_approve()
        self.assertEqual(draft.state, "draft")
        draft.with_user(self.user_manager).action_approve()
        self.assertEqual(draft.state, "approved")

    def test_other_employees_see_no_engineering_data(self):
        for model in (
            "customer.part",
            "customer.process.spec",
            "customer.process.spec.line",
            "customer.process.run",
            "customer.quality.certificate",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.part.with_user(self.user_plain).read(["name"])

    def test_storekeeper_reads_requirements_and_records_test_results_only_as_quality(self):
        part = self.part.with_user(self.storekeeper)
        self.assertEqual(part.chemical_requirement_ids.mapped("max_percent"), [0.005, 0.3])
        lot = self.env["stock.lot"].create({"name": "C2611999", "product_id": self.product_dc04.id})
        with self.assertRaises(AccessError):
            self.env["customer.lot.test.result"].with_user(self.storekeeper).create(
                {"lot_id": lot.id, "characteristic_id": self.element_c.id, "value": 0.003}
            )
        result = (
            self.env["customer.lot.test.result"]
            .with_user(self.user_process)
            .create({"lot_id": lot.id, "characteristic_id": self.element_c.id, "value": 0.003})
        )
        self.assertEqual(result.with_user(self.storekeeper).value, 0.003)
        self.assertEqual(result.test_kind, "chemical")

    def test_parts_of_another_company_are_invisible(self):
        foreign = self.env["customer.part"].create(
            {
                "name": "外厂零件",
                "part_number": "OC-1",
                "partner_id": self.other_customer.id,
                "company_id": self.other_company.id,
                "blank_gross_weight": 2.0,
                "part_net_weight": 1.0,
            }
        )
        visible = self.env["customer.part"].with_user(self.user_process).search([])
        self.assertNotIn(foreign, visible)
        self.assertIn(self.part, visible)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_process).read(["name"])

    def test_users_cannot_delete_certificates(self):
        for user in (self.user_sales, self.storekeeper, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["customer.quality.certificate"].with_user(user).check_access("unlink")
