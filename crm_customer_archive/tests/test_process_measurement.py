from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerPartCase


@tagged("post_install", "-at_install")
class TestProcessMeasurement(CustomerPartCase):
    """A value recorded in a run stays with the set point it was measured for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        first, second = cls.spec.line_ids[:2]
        cls.process_run = (
            cls.env["customer.process.run"]
            .with_user(cls.user_process)
            .create(
                {
                    "spec_id": cls.spec.id,
                    "measurement_ids": [
                        Command.create({"spec_line_id": first.id, "value": first.target}),
                        Command.create({"spec_line_id": second.id, "value": second.target}),
                    ],
                }
            )
        )

    def test_value_cannot_move_to_another_set_point(self):
        measurement = self.process_run.measurement_ids[0].with_user(self.user_process)
        original = measurement.spec_line_id
        other = self.spec.line_ids - original
        with self.assertRaisesMessage(UserError, "stays with its set point"):
            measurement.write({"spec_line_id": other[-1].id})
        self.assertEqual(measurement.spec_line_id, original, "nothing written")

    def test_value_and_same_set_point_can_be_written(self):
        measurement = self.process_run.measurement_ids[0].with_user(self.user_process)
        measurement.write({"spec_line_id": measurement.spec_line_id.id, "value": measurement.target + 1})
        self.assertEqual(measurement.value, measurement.target + 1)

    def test_run_form_shows_the_set_point_read_only_once_saved(self):
        arch = self.env["customer.process.run"].get_view(view_type="form")["arch"]
        self.assertIn('name="spec_line_id"', arch)
        self.assertRegex(arch, r'<field name="spec_line_id"[^>]*readonly="id"')
