import re

from odoo.fields import Command
from odoo.tests import tagged

from ..tools.run_chart import run_chart_svg
from .common import CustomerCertificateCase
from .helpers import load_chinese


@tagged("post_install", "-at_install")
class TestProcessLoop(CustomerCertificateCase):
    """The process loop (工艺闭环): the actual parameters of each run beside
    its coil's final quality, on a data set computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.reduction, cls.soak, cls.speed = cls.spec.line_ids
        # soaking 750-790 °C, target 770; the part asks Rp0.2 140-180 MPa and C ≤ 0.005 %
        cls.coil_good = cls.create_coil("C2612-0001", cls.PASSING)
        cls.coil_good_2 = cls.create_coil("C2612-0002", cls.PASSING)
        cls.coil_hard = cls.create_coil("C2612-0003", dict(cls.PASSING, **{"Rp0.2": 200.0}))
        cls.coil_carbon = cls.create_coil("C2612-0004", dict(cls.PASSING, C=0.008))
        cls.coil_untested = cls.create_coil("C2612-0005")
        cls.coil_regraded = cls.create_coil("C2612-0006", cls.PASSING)
        cls.env["customer.lot.disposition"].create(
            {"lot_id": cls.coil_regraded.id, "decision": "agreement", "reason": "表面色差，改判协议品"}
        )
        cls.run_good = cls.record_run(cls.coil_good, soak=770.0, speed=118.0)
        cls.run_good_2 = cls.record_run(cls.coil_good_2, soak=772.0, speed=122.0)
        cls.run_hard = cls.record_run(cls.coil_hard, soak=786.0, speed=121.0)
        cls.run_carbon = cls.record_run(cls.coil_carbon, soak=794.0, speed=119.0)
        cls.run_untested = cls.record_run(cls.coil_untested, soak=780.0, speed=120.0)
        cls.run_regraded = cls.record_run(cls.coil_regraded, soak=776.0, speed=120.0)
        cls.run_no_coil = cls.record_run(False, soak=771.0, speed=120.0)

    @classmethod
    def record_run(cls, lot, soak, speed, spec=None):
        spec = spec or cls.spec
        soak_line, speed_line = spec.line_ids[1:]
        return cls.env["customer.process.run"].create(
            {
                "spec_id": spec.id,
                "lot_id": lot.id if lot else False,
                "measurement_ids": [
                    Command.create({"spec_line_id": soak_line.id, "value": soak}),
                    Command.create({"spec_line_id": speed_line.id, "value": speed}),
                ],
            }
        )

    def test_outcome_of_each_run_is_its_coil_quality(self):
        runs = (
            self.run_good | self.run_hard | self.run_carbon | self.run_untested | self.run_regraded | self.run_no_coil
        )
        self.assertEqual(
            [(run.outcome, run.outcome_findings) for run in runs.with_user(self.user_process)],
            [
                ("conforming", False),
                ("non_conforming", "Yield Strength (Rp0.2) 200 > 180"),
                ("non_conforming", "Carbon (C) 0.008 > 0.005"),
                ("untested", "no test results"),
                ("regraded", self.run_regraded.outcome_findings),
                (False, False),
            ],
        )
        self.assertIn("Agreement Product", self.run_regraded.outcome_findings)

    def test_a_release_does_not_make_a_coil_conform(self):
        self.env["customer.lot.disposition"].create(
            {
                "lot_id": self.coil_hard.id,
                "decision": "release",
                "partner_id": self.customer.id,
                "reason": "让步接收",
            }
        )
        self.assertEqual(self.run_hard.outcome, "non_conforming")

    def test_summary_compares_means_before_good_and_failed_coils(self):
        summary = self.spec._process_loop_summary()
        # soaking: conforming coils 770, 772 → 771; non-conforming 786, 794 → 790
        self.assertEqual(summary[self.soak.id]["conforming"], (771.0, 2))
        self.assertEqual(summary[self.soak.id]["non_conforming"], (790.0, 2))
        self.assertEqual(summary[self.soak.id]["untested"], (780.0, 1))
        self.assertEqual(summary[self.soak.id]["regraded"], (776.0, 1))
        self.assertEqual(summary[self.speed.id]["conforming"], (120.0, 2))
        self.assertEqual(summary[self.speed.id]["non_conforming"], (120.0, 2))
        self.assertNotIn(self.reduction.id, summary, "no run recorded the reduction")

    def test_loop_tab_lists_runs_values_and_means(self):
        html = str(self.spec.with_user(self.user_process).process_loop_html)
        outcomes = re.findall(r'data-outcome="(\w*)"', html)
        self.assertEqual(len(outcomes), 6, "one row per run with a coil")
        self.assertIn(self.run_no_coil.name, html, "and the run without a coil")
        self.assertEqual(outcomes.count("non_conforming"), 2)
        # The means side by side, the non-conforming mean at the limit.
        self.assertIn("771.00", html)
        self.assertIn("790.00", html)
        self.assertIn("+19.00", html)
        # 794 °C is above the upper limit: highlighted, and only it.
        self.assertEqual(re.findall(r"o_out_of_limits[^>]*>([^<]+)<", html), ["794"])
        self.assertIn("Yield Strength (Rp0.2) 200 &gt; 180", html)
        # Two run charts (soaking, speed) with the two failed coils marked in each.
        self.assertEqual(html.count("o_run_chart_marked"), 4)
        self.assertEqual(html.count("o_run_chart_legend"), 2)

    def test_loop_tab_in_chinese(self):
        load_chinese(self.env)
        html = str(self.spec.with_context(lang="zh_CN").process_loop_html)
        self.assertIn("不合格钢卷均值", html)
        self.assertIn("不合格", html)
        self.assertIn("钢卷不合格", html)

    def test_capability_report_marks_runs_of_failed_coils(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_customer_archive.report_process_capability", self.spec.ids)[0]
            .decode()
        )
        self.assertEqual(html.count("o_run_chart_marked"), 4)
        self.assertEqual(html.count("o_run_chart_legend"), 2)
        self.assertIn("coil not conforming", html)

    def test_marker_rings_the_point_of_the_failed_coil(self):
        svg = str(run_chart_svg([770.0, 786.0, 772.0], 750.0, 770.0, 790.0, [1], "coil not conforming"))
        circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
        (points,) = re.findall(r'class="o_run_chart_marked" points="([^"]+)"', svg)
        top, right = (tuple(point.split(",")) for point in points.split()[:2])
        # The diamond's top and right corners stand above and beside the second point.
        self.assertEqual(top[0], circles[1][0])
        self.assertEqual(right[1], circles[1][1])
        self.assertNotIn("o_run_chart_legend", str(run_chart_svg([770.0], 750.0, 770.0, 790.0)))

    def test_queries_do_not_grow_with_the_runs(self):
        def queries_for(size):
            spec = self.create_spec(user=self.env.user, part=self.part, title=f"循环 {size}")
            spec.with_user(self.user_manager).action_approve()
            lots = self.env["stock.lot"].create(
                [
                    {
                        "name": f"Q{size}-{index:03d}",
                        "product_id": self.product_dc04.id,
                        "customer_test_result_ids": [
                            Command.create({"characteristic_id": self.property_yield.id, "value": 150.0 + index})
                        ],
                    }
                    for index in range(size)
                ]
            )
            for index, lot in enumerate(lots):
                self.record_run(lot, soak=770.0 + index % 25, speed=120.0, spec=spec)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            html = str(spec.process_loop_html)
            count = self.env.cr.sql_log_count - before
            self.assertEqual(html.count("data-outcome="), size)
            return count

        # Each plan approved supersedes the previous one of the part: fine for counting.
        queries_for(3)  # the template compiled, the translations loaded
        self.assertEqual(queries_for(5), queries_for(40))
