from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import CustomerPartCase


@tagged("post_install", "-at_install")
class TestProcessCapability(CustomerPartCase):
    """Actual values against set points, on a data set computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.reduction, cls.soak, cls.speed = cls.spec.line_ids
        cls.coil_product = cls.env["product.product"].create(
            {"name": "冷轧卷 DC04 0.8x1250", "is_storable": True, "tracking": "lot"}
        )
        # soaking 750-790 °C, target 770; speed 100-140 m/min, target 120
        soak_values = [776.0, 780.0, 778.0, 782.0, 774.0]
        speed_values = [118.0, 125.0, 145.0, 120.0, 121.0]
        cls.runs = cls.env["customer.process.run"]
        for index, (soak, speed) in enumerate(zip(soak_values, speed_values, strict=True)):
            lot = cls.env["stock.lot"].create({"name": f"C2611{index:03d}", "product_id": cls.coil_product.id})
            cls.runs |= cls.record_run(lot, {cls.soak: soak, cls.speed: speed})

    @classmethod
    def record_run(cls, lot, values, user=None):
        return (
            cls.env["customer.process.run"]
            .with_user(user or cls.user_process)
            .create(
                {
                    "spec_id": cls.spec.id,
                    "lot_id": lot.id if lot else False,
                    "measurement_ids": [
                        Command.create({"spec_line_id": line.id, "value": value}) for line, value in values.items()
                    ],
                }
            )
        )

    def test_each_value_is_flagged_in_or_out_of_limits(self):
        speed_values = self.runs.measurement_ids.filtered(lambda m: m.spec_line_id == self.speed)
        self.assertEqual(
            [(m.value, m.in_limits, m.deviation) for m in speed_values.sorted(lambda m: m.run_id.lot_id.name)],
            [(118.0, True, -2.0), (125.0, True, 5.0), (145.0, False, 25.0), (120.0, True, 0.0), (121.0, True, 1.0)],
        )
        self.assertEqual(self.runs.filtered("out_of_limit_count").lot_id.name, "C2611002")
        self.assertEqual(self.spec.run_count, 5)
        self.assertEqual(self.spec.out_of_limit_count, 1)

    def test_statistics_and_capability_match_hand_computation(self):
        # Soaking: mean 778, deviations -2 2 0 4 -4 → Σd² = 40, s² = 40/4 = 10, s = 3.16228
        # Cp = (790 - 750) / (6 x 3.16228) = 2.1082; Cpk = min(790 - 778, 778 - 750) / (3 x 3.16228) = 1.2649
        self.assertRecordValues(
            self.soak,
            [
                {
                    "measure_count": 5,
                    "measure_mean": 778.0,
                    "measure_min": 774.0,
                    "measure_max": 782.0,
                    "measure_out_count": 0,
                    "drift": 8.0,
                    "capability": "marginal",
                }
            ],
        )
        self.assertAlmostEqual(self.soak.measure_stddev, 3.162278, places=6)
        self.assertAlmostEqual(self.soak.cp, 2.10819, places=5)
        self.assertAlmostEqual(self.soak.cpk, 1.26491, places=5)
        # Speed: 118 125 145 120 121, mean 125.8; deviations -7.8 -0.8 19.2 -5.8 -4.8
        # Σd² = 60.84 + 0.64 + 368.64 + 33.64 + 23.04 = 486.8; s² = 121.7; s = 11.03177
        # Cp = 40 / 66.1906 = 0.60432; Cpk = min(14.2, 25.8) / 33.0953 = 0.42906
        self.assertEqual(self.speed.measure_count, 5)
        self.assertAlmostEqual(self.speed.measure_mean, 125.8, places=6)
        self.assertAlmostEqual(self.speed.measure_stddev, 11.03177, places=5)
        self.assertAlmostEqual(self.speed.cp, 0.60432, places=4)
        self.assertAlmostEqual(self.speed.cpk, 0.42906, places=4)
        self.assertEqual(self.speed.measure_out_count, 1)
        self.assertEqual(self.speed.capability, "not_capable")
        # Nothing recorded for the reduction: no capability can be claimed.
        self.assertRecordValues(self.reduction, [{"measure_count": 0, "cp": 0.0, "cpk": 0.0, "capability": "no_data"}])

    def test_statistics_of_all_lines_in_one_query(self):
        lines = self.spec.line_ids
        self.env.flush_all()
        lines.invalidate_recordset(["measure_count", "target", "lower_limit", "upper_limit"])
        with self.assertQueryCount(2):  # the statistics, the lines' limits
            self.assertEqual(lines.mapped("measure_count"), [0, 5, 5])

    def test_measurement_for_a_parameter_outside_the_plan_is_refused(self):
        other_spec = self.create_spec(part=False, partner=self.customer, production_grade_id=self.grade_dc04.id)
        foreign_line = other_spec.line_ids[0]
        count = self.env["customer.process.measurement"].search_count([])
        with self.assertRaisesMessage(ValidationError, "is not a set point of plan"):
            self.record_run(False, {foreign_line: 80.0})
        self.assertEqual(self.env["customer.process.measurement"].search_count([]), count)

    def test_runs_need_an_approved_plan(self):
        draft = self.create_spec(part=False, partner=self.customer)
        with self.assertRaisesMessage(UserError, "is not approved yet"):
            self.env["customer.process.run"].with_user(self.user_process).create({"spec_id": draft.id})

    def test_run_form_offers_every_set_point(self):
        form = Form(self.env["customer.process.run"].with_user(self.user_process))
        form.spec_id = self.spec
        self.assertEqual(len(form.measurement_ids), 3)
        with form.measurement_ids.edit(1) as value:
            value.value = 795.0
        run = form.save()
        self.assertTrue(run.name.startswith("SC"))
        self.assertEqual(run.out_of_limit_count, 1, "795 °C is above the 790 °C limit")

    def test_sales_read_capability_but_cannot_record_runs(self):
        soak = self.soak.with_user(self.user_sales)
        self.assertEqual(soak.measure_count, 5)
        with self.assertRaises(AccessError):
            self.record_run(False, {self.soak: 770.0}, user=self.user_sales)

    def test_measuring_system_records_a_run_by_parameter_codes(self):
        Run = self.env["customer.process.run"].with_user(self.user_process)
        run = Run.browse(Run.create_from_values(self.spec.id, {"SOAK_TEMP": 771.5, "PL_TCM/REDUCTION": 79.0}))
        self.assertEqual(
            {(m.parameter_id.code, m.value, m.in_limits) for m in run.measurement_ids},
            {("SOAK_TEMP", 771.5, True), ("REDUCTION", 79.0, True)},
        )
        count = self.env["customer.process.run"].search_count([])
        for values, message in (
            ({"SOAK_TEMP": 770.0, "ROLL_FORCE": 9000.0, "BOGUS": 1}, "has no set point for: BOGUS, ROLL_FORCE"),
            ({"SOAK_TEMP": "hot"}, "not numbers: SOAK_TEMP"),
            ({}, "mapping of parameter codes"),
            ([770.0], "mapping of parameter codes"),
        ):
            with self.subTest(values=values), self.assertRaisesMessage(UserError, message):
                Run.create_from_values(self.spec.id, values)
        with self.assertRaisesMessage(UserError, "no process control plan with id 999999"):
            Run.create_from_values(999999, {"SOAK_TEMP": 770.0})
        self.assertEqual(self.env["customer.process.run"].search_count([]), count)
