from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerComplaintCase, CustomerPartCase


@tagged("post_install", "-at_install")
class TestReportMeasures(CustomerComplaintCase, CustomerPartCase):
    """Pivots and graphs whose totals mean something: no average of values in
    different units, no open complaint counted as resolved in 0 h."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Resolution times 10 h and 30 h (scratches); an open scratch and an open edge crack.
        cls.complaints = cls.env["customer.complaint"]
        for received, resolved, defect in (
            ("2026-01-10 00:00:00", "2026-01-10 10:00:00", cls.defect_scratch),
            ("2026-02-01 00:00:00", "2026-02-02 06:00:00", cls.defect_scratch),
            ("2026-03-01 00:00:00", False, cls.defect_scratch),
            ("2026-03-02 00:00:00", False, cls.defect_edge_crack),
        ):
            complaint = cls.create_complaint(date_received=received, defect_type_id=defect.id)
            if resolved:
                complaint.write({"date_resolved": resolved})
            cls.complaints |= complaint

        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.reduction, cls.soak, cls.speed = cls.spec.line_ids  # 80 % [75, 85], 770 °C [750, 790], 120 m/min [100, 140]
        cls.runs = cls.env["customer.process.run"]
        for soak, speed in ((780.0, 110.0), (795.0, 120.0)):
            cls.runs |= cls.env["customer.process.run"].create(
                {
                    "spec_id": cls.spec.id,
                    "measurement_ids": [
                        Command.create({"spec_line_id": cls.soak.id, "value": soak}),
                        Command.create({"spec_line_id": cls.speed.id, "value": speed}),
                    ],
                }
            )

    def pivot_groups(self, model, domain, groupby, measures):
        """What the pivot view asks for: the total and the groups, in one call."""
        total, groups = self.env[model].formatted_read_grouping_sets(domain, [[], groupby], measures)
        return total[0], groups

    def arch(self, model, view_type):
        views = self.env[model].with_user(self.user_manager).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    # ------------------------------------------------------------------
    # Complaints: open ones have no resolution time
    # ------------------------------------------------------------------

    def test_pivot_average_resolution_covers_resolved_complaints_only(self):
        total, groups = self.pivot_groups(
            "customer.complaint", [("id", "in", self.complaints.ids)], ["defect_type_id"], ["resolution_hours:avg"]
        )
        self.assertAlmostEqual(total["resolution_hours:avg"], 20.0, msg="(10 + 30) / 2, not (10 + 30 + 0 + 0) / 4")
        by_defect = {group["defect_type_id"][0]: group["resolution_hours:avg"] for group in groups}
        self.assertAlmostEqual(by_defect[self.defect_scratch.id], 20.0)
        self.assertFalse(by_defect[self.defect_edge_crack.id], "nothing resolved: an empty cell, not 0 h")

    def test_pivot_agrees_with_the_kpis(self):
        kpis = self.complaints._service_kpis()
        total, _groups = self.pivot_groups(
            "customer.complaint", [("id", "in", self.complaints.ids)], [], ["resolution_hours:avg"]
        )
        self.assertAlmostEqual(kpis["average_resolution_hours"], total["resolution_hours:avg"])
        self.assertEqual(kpis["resolved"], 2)

    def test_open_complaint_has_no_resolution_time(self):
        Complaint = self.env["customer.complaint"]
        in_scope = [("id", "in", self.complaints.ids)]
        self.assertEqual(Complaint.search_count([*in_scope, ("resolution_hours", "=", False)]), 2)
        opened = self.complaints[2]
        self.assertEqual(opened.resolution_hours, 0.0)
        opened.date_resolved = "2026-03-03 00:00:00"
        self.env.flush_all()
        self.assertEqual(Complaint.search([*in_scope, ("resolution_hours", ">", 40)]), opened)

    def test_complaint_form_hides_the_time_of_an_open_complaint(self):
        form = self.arch("customer.complaint", "form")
        field = form.xpath("//field[@name='resolution_hours']")[0]
        self.assertEqual(field.get("invisible"), "not date_resolved")

    # ------------------------------------------------------------------
    # Actual vs set: unit-free measures only
    # ------------------------------------------------------------------

    def test_deviation_in_percent_of_tolerance(self):
        measurements = self.runs.measurement_ids
        self.assertEqual(
            [(m.value, m.deviation_percent, m.in_limits_rate) for m in measurements],
            [(780.0, 50.0, 100.0), (110.0, -50.0, 100.0), (795.0, 125.0, 0.0), (120.0, 0.0, 100.0)],
        )

    def test_deviation_percent_when_the_target_is_a_limit(self):
        spec = self.create_spec(lines=[(self.route_cal, self.param_speed, 100.0, 100.0, 140.0, False)])
        spec.with_user(self.user_manager).action_approve()
        run = self.env["customer.process.run"].create(
            {"spec_id": spec.id, "measurement_ids": [Command.create({"spec_line_id": spec.line_ids.id, "value": 90.0})]}
        )
        self.assertEqual(run.measurement_ids.deviation_percent, -25.0, "10 below, in % of the 40 m/min band")

    def test_pivot_total_is_unit_free(self):
        total, groups = self.pivot_groups(
            "customer.process.measurement",
            [("run_id", "in", self.runs.ids)],
            ["parameter_id"],
            ["deviation_percent:avg", "in_limits_rate:avg"],
        )
        self.assertAlmostEqual(total["deviation_percent:avg"], 31.25)  # (50 - 50 + 125 + 0) / 4
        self.assertAlmostEqual(total["in_limits_rate:avg"], 75.0)  # 3 of 4 within limits
        by_parameter = {group["parameter_id"][0]: group["in_limits_rate:avg"] for group in groups}
        self.assertEqual(by_parameter, {self.param_soak.id: 50.0, self.param_speed.id: 100.0})

    def test_pivot_offers_no_measure_in_a_unit(self):
        pivot = self.arch("customer.process.measurement", "pivot")
        measures = [field.get("name") for field in pivot.iter("field") if field.get("type") == "measure"]
        self.assertEqual(measures, ["deviation_percent", "in_limits_rate"])
        hidden = {field.get("name") for field in pivot.iter("field") if field.get("invisible") == "1"}
        self.assertLessEqual({"value", "deviation", "sequence"}, hidden, "not in the pivot's measure menu")
        self.assertEqual([f.get("name") for f in pivot.iter("field") if f.get("type") == "row"], ["parameter_id"])

    def test_drift_graph_on_one_scale(self):
        graph = self.arch("customer.process.measurement", "graph")
        self.assertEqual(
            [f.get("name") for f in graph.iter("field") if f.get("type") == "measure"], ["deviation_percent"]
        )
        self.assertEqual(graph.get("stacked"), "0")

    def test_plan_pivot_counts_plans_only(self):
        pivot = self.arch("customer.process.spec", "pivot")
        hidden = {field.get("name") for field in pivot.iter("field") if field.get("invisible") == "1"}
        self.assertEqual(hidden, {"revision", "thickness_min", "thickness_max", "width_min", "width_max"})
