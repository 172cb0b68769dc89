from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerPartCase
from .helpers import load_chinese


@tagged("post_install", "-at_install")
class TestProcessViews(CustomerPartCase):
    """What a process engineer sees of a plan's actual values: run charts,
    averages that do not mix units, limits without needless decimals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.reduction, cls.soak, cls.speed = cls.spec.line_ids
        for soak, speed in ((781.0, 118.0), (789.5, 125.0)):
            cls.env["customer.process.run"].with_user(cls.user_process).create(
                {
                    "spec_id": cls.spec.id,
                    "measurement_ids": [
                        Command.create({"spec_line_id": cls.soak.id, "value": soak}),
                        Command.create({"spec_line_id": cls.speed.id, "value": speed}),
                    ],
                }
            )

    def arch(self, model, view_type, view_id=None):
        views = self.env[model].with_user(self.user_process).get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_graph_is_a_line_per_parameter_not_stacked(self):
        graph = self.arch("customer.process.measurement", "graph")
        self.assertEqual(graph.get("type"), "line")
        self.assertEqual(graph.get("stacked"), "0", "stacking would add °C to % and m/min")
        self.assertEqual(
            [(field.get("name"), field.get("interval")) for field in graph.iter("field") if not field.get("type")],
            [("date", "day"), ("parameter_id", None)],
        )

    def test_pivot_averages_per_parameter(self):
        pivot = self.arch("customer.process.measurement", "pivot")
        rows = [field.get("name") for field in pivot.iter("field") if field.get("type") == "row"]
        self.assertEqual(rows, ["parameter_id"])
        Measurement = self.env["customer.process.measurement"]
        for field in pivot.iter("field"):
            if field.get("type") == "measure":
                self.assertEqual(Measurement._fields[field.get("name")].aggregator, "avg", field.get("name"))

    def test_run_chart_shows_one_set_point_over_time(self):
        action = self.soak.with_user(self.user_process).action_view_run_chart()
        self.assertEqual(action["res_model"], "customer.process.measurement")
        self.assertEqual(action["domain"], [("spec_line_id", "=", self.soak.id)])
        self.assertEqual(action["views"][0][1], "graph")
        self.assertEqual(action["context"]["graph_measure"], "deviation")
        self.assertFalse(action["context"]["fill_temporal"], "a day without a run is no zero")
        self.assertEqual(action["context"]["graph_groupbys"], ["date:day"])
        # the target and limits the line is read against, without trailing zeros
        self.assertIn("770 °C", action["display_name"])
        self.assertIn("750 – 790", action["display_name"])
        values = self.env["customer.process.measurement"].with_user(self.user_process).search(action["domain"])
        self.assertEqual(sorted(values.mapped("value")), [781.0, 789.5])

    def test_run_chart_title_in_chinese(self):
        self.user_process.lang = "zh_CN"
        load_chinese(self.env)
        action = self.speed.with_user(self.user_process).with_context(lang="zh_CN").action_view_run_chart()
        self.assertIn("目标值 120 m/min", action["display_name"])
        self.assertIn("上下限 100 – 140", action["display_name"])

    def test_run_chart_button_on_each_set_point(self):
        form = self.arch("customer.process.spec", "form")
        for page in ("set_points", "capability"):
            buttons = form.xpath(f"//page[@name='{page}']//list/button[@name='action_view_run_chart']")
            self.assertEqual(len(buttons), 1, page)

    def test_capability_columns_fit_the_screen(self):
        form = self.arch("customer.process.spec", "form")
        capability_list = form.xpath("//page[@name='capability']//list")[0]
        always_shown = [
            node.get("name")
            for node in capability_list
            if node.tag == "field" and node.get("optional") is None and node.get("column_invisible") is None
        ]
        self.assertEqual(
            always_shown,
            ["route_id", "parameter_id", "measure_count", "measure_mean", "measure_stddev", "cp", "cpk", "capability"],
        )

    def test_limits_show_only_the_decimals_needed(self):
        views = [
            ("customer.process.spec", "form", "//field[@name='line_ids']//list"),
            ("customer.process.spec", "form", "//field[@name='capability_line_ids']//list"),
            ("customer.process.run", "form", "//field[@name='measurement_ids']//list"),
            ("customer.process.measurement", "list", "/list"),
        ]
        for model, view_type, path in views:
            sub_list = self.arch(model, view_type).xpath(path)[0]
            for name in ("lower_limit", "target", "upper_limit"):
                field = sub_list.xpath(f"field[@name='{name}']")[0]
                self.assertIn("'hide_trailing_zeros': true", field.get("options") or "", (model, path, name))
        # stored to the thousandth, so 0.125 % still fits
        self.assertEqual(self.env["customer.process.spec.line"]._fields["target"].get_digits(self.env), (12, 3))

    def test_part_requirements_section_is_not_a_delivery_note(self):
        form = self.arch("customer.part", "form")
        titles = form.xpath("//page[@name='requirements']//group/@string")
        self.assertIn("Delivery Requirements", titles)
        self.assertNotIn("Delivery", titles)
