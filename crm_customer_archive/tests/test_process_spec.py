from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerPartCase


@tagged("post_install", "-at_install")
class TestProcessSpec(CustomerPartCase):
    def test_new_plan_gets_a_number_and_the_parts_grade(self):
        spec = self.create_spec()
        self.assertRegex(spec.name, r"^GK\d{4}\d{4}$")
        self.assertEqual(spec.revision, 1)
        self.assertEqual(spec.state, "draft")
        self.assertEqual(spec.production_grade_id, self.grade_dc04)
        self.assertEqual(spec.route_summary, "Pickling and Tandem Cold Rolling → Continuous Annealing")
        self.assertEqual(spec.line_ids.mapped("unit"), ["%", "°C", "m/min"])

    def test_manager_approves_and_history_is_kept(self):
        spec = self.create_spec()
        with self.assertRaisesMessage(AccessError, "Only a customer archive manager"):
            spec.with_user(self.user_process).action_approve()
        self.assertEqual(spec.state, "draft")
        spec.with_user(self.user_manager).action_approve()
        self.assertRecordValues(spec, [{"state": "approved", "approved_by_id": self.user_manager.id}])
        self.assertEqual(self.part.approved_spec_id, spec)
        self.assertTrue(spec.date_approved)

        # Set points of an approved plan are frozen; a new revision changes them.
        with self.assertRaisesMessage(UserError, "cannot be changed. Create a new revision"):
            spec.line_ids[0].with_user(self.user_process).target = 81.0
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            spec.with_user(self.user_process).title = "改名"
        action = spec.with_user(self.user_process).action_new_revision()
        revision = self.env["customer.process.spec"].browse(action["res_id"])
        self.assertRecordValues(
            revision,
            [{"name": spec.name, "revision": 2, "state": "draft", "previous_revision_id": spec.id}],
        )
        revision.line_ids[0].with_user(self.user_process).target = 81.0
        revision.with_user(self.user_manager).action_approve()
        self.assertEqual(spec.state, "obsolete", "approving revision 2 retires revision 1")
        self.assertEqual(revision.state, "approved")
        self.assertEqual(spec.line_ids[0].target, 80.0, "the history keeps the old set point")
        self.assertEqual(self.part.approved_spec_id, revision)

    def test_only_one_approved_revision_per_part(self):
        first = self.create_spec()
        first.with_user(self.user_manager).action_approve()
        second = self.create_spec(title="并行方案")
        with self.assertRaisesMessage(ValidationError, "already has an approved process control plan"):
            second.with_user(self.user_manager).write({"state": "approved"})
        self.assertEqual(second.state, "draft")
        self.assertEqual(first.state, "approved")

    def test_approving_without_steps_is_refused(self):
        spec = self.create_spec(lines=[])
        with self.assertRaisesMessage(UserError, "has no route steps with set points"):
            spec.with_user(self.user_manager).action_approve()
        self.assertEqual(spec.state, "draft")

    def test_bad_limits_are_refused_and_nothing_written(self):
        with self.assertRaisesMessage(ValidationError, r"lower limit \(790.0\) is above the upper limit \(750.0\)"):
            self.create_spec(lines=[(self.route_cal, self.param_soak, 770.0, 790.0, 750.0, False)])
        with self.assertRaisesMessage(ValidationError, "target 800.0 lies outside its limits"):
            self.create_spec(lines=[(self.route_cal, self.param_soak, 800.0, 750.0, 790.0, False)])
        with self.assertRaisesMessage(ValidationError, "thickness range 1.2 – 0.6 is not valid"):
            self.create_spec(thickness_min=1.2, thickness_max=0.6)
        self.assertFalse(self.env["customer.process.spec"].search([("part_id", "=", self.part.id)]))

    def test_plan_part_must_belong_to_the_customer(self):
        with self.assertRaisesMessage(ValidationError, "belongs to 华北汽车制造有限公司, not to 江南轿车股份有限公司"):
            self.create_spec(partner=self.other_customer)

    def test_reuse_for_another_customer_keeps_set_points_and_origin(self):
        spec = self.create_spec()
        spec.with_user(self.user_manager).action_approve()
        other_part = self.env["customer.part"].create(
            {
                "name": "后门内板",
                "part_number": "JN-6201",
                "partner_id": self.other_customer.id,
                "production_grade_id": self.grade_dc04.id,
                "blank_gross_weight": 9.0,
                "part_net_weight": 6.0,
            }
        )
        wizard = (
            self.env["customer.process.spec.copy"]
            .with_user(self.user_process)
            .create({"spec_id": spec.id, "partner_id": self.other_customer.id, "part_id": other_part.id})
        )
        copy = self.env["customer.process.spec"].browse(wizard.action_copy()["res_id"])
        self.assertRecordValues(
            copy,
            [
                {
                    "partner_id": self.other_customer.id,
                    "part_id": other_part.id,
                    "origin_id": spec.id,
                    "state": "draft",
                    "revision": 1,
                    "production_grade_id": self.grade_dc04.id,
                }
            ],
        )
        self.assertNotEqual(copy.name, spec.name)
        fields_ = ["route_id", "parameter_id", "target", "lower_limit", "upper_limit", "is_key_point"]
        self.assertEqual(
            copy.line_ids.read(fields_, load=None),
            [
                {**values, "id": line.id}
                for values, line in zip(spec.line_ids.read(fields_, load=None), copy.line_ids, strict=True)
            ],
        )
        self.assertEqual(spec.state, "approved", "the origin is untouched")
        self.assertEqual(len(spec.line_ids), 3)

    def test_reuse_for_a_part_of_another_customer_is_refused(self):
        spec = self.create_spec()
        with self.assertRaisesMessage(UserError, "does not belong to 江南轿车股份有限公司"):
            spec._copy_to(self.other_customer, self.part)

    def test_plan_library_finds_plans_by_grade_and_size(self):
        spec = self.create_spec()
        spec.with_user(self.user_manager).action_approve()
        other_grade = self.env["customer.archive.option"].create(
            {"category": "production_grade", "code": "TSPCC", "name": "SPCC"}
        )
        narrow = self.create_spec(
            part=False,
            partner=self.customer,
            title="窄料",
            width_min=800,
            width_max=900,
            production_grade_id=self.grade_dc04.id,
        )
        narrow.with_user(self.user_manager).action_approve()
        wrong_grade = self.create_spec(
            part=False, partner=self.customer, title="SPCC", production_grade_id=other_grade.id
        )
        wrong_grade.with_user(self.user_manager).action_approve()
        new_part = self.env["customer.part"].create(
            {
                "name": "后围板",
                "part_number": "JN-7001",
                "partner_id": self.other_customer.id,
                "production_grade_id": self.grade_dc04.id,
                "blank_thickness": 1.0,
                "blank_width": 1300.0,
                "blank_gross_weight": 8.0,
                "part_net_weight": 5.0,
            }
        )
        action = new_part.with_user(self.user_sales).action_find_similar_specs()
        found = self.env["customer.process.spec"].with_user(self.user_sales).search(action["domain"])
        self.assertEqual(found, spec)
        # The same search from the library's search view (thickness field).
        by_thickness = self.env["customer.process.spec"].search(
            [
                ("state", "=", "approved"),
                ("production_grade_id", "=", self.grade_dc04.id),
                "|",
                ("thickness_min", "=", 0),
                ("thickness_min", "<=", 1.0),
                "|",
                ("thickness_max", "=", 0),
                ("thickness_max", ">=", 1.0),
            ]
        )
        self.assertEqual(by_thickness, spec | narrow)

    def test_approved_plan_cannot_be_deleted(self):
        spec = self.create_spec()
        spec.with_user(self.user_manager).action_approve()
        with self.assertRaisesMessage(UserError, "kept as history"):
            spec.with_user(self.user_manager).unlink()
        draft = self.create_spec(part=False, partner=self.customer)
        draft.with_user(self.user_process).unlink()
        self.assertFalse(draft.exists())

    def test_manager_withdraws_a_plan(self):
        spec = self.create_spec()
        spec.with_user(self.user_manager).action_approve()
        with self.assertRaisesMessage(AccessError, "Only a customer archive manager"):
            spec.with_user(self.user_process).action_set_obsolete()
        spec.with_user(self.user_manager).action_set_obsolete()
        self.assertEqual(spec.state, "obsolete")
        self.assertFalse(self.part.approved_spec_id)

    def test_set_point_added_to_a_draft(self):
        spec = self.create_spec()
        spec.with_user(self.user_process).write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "route_id": self.route_tcm.id,
                            "parameter_id": self.param_speed.id,
                            "target": 600,
                            "lower_limit": 500,
                            "upper_limit": 700,
                        }
                    )
                ]
            }
        )
        self.assertEqual(len(spec.line_ids), 4)
        Line = self.env["customer.process.spec.line"]
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            spec.with_user(self.user_process).write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "route_id": self.route_tcm.id,
                                "parameter_id": self.param_speed.id,
                                "target": 600,
                                "lower_limit": 500,
                                "upper_limit": 700,
                            }
                        )
                    ]
                }
            )
        self.assertEqual(
            Line._sql_error_to_message(caught.exception),
            "A parameter can have only one set point per route step of a plan.",
        )
        self.assertEqual(len(spec.line_ids), 4)
