import re

from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerComplaintCase, CustomerPartCase


@tagged("post_install", "-at_install")
class TestScaleQueries(CustomerComplaintCase, CustomerPartCase):
    """The service KPIs, the defect sensitivity and the technical sheet cost
    the same number of queries for 20 complaints as for 200 (issue 14)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The technical sheet is printed by the Export and Print group.
        cls.user_service.group_ids = [Command.link(cls.env.ref("crm_customer_archive.group_archive_export").id)]

    def add_complaints(self, count):
        """`count` complaints of the part, spread over defects and severities;
        every third one resolved."""
        defects = self.defect_scratch | self.defect_edge_crack | self.defect_wrinkle
        start = len(self.env["customer.complaint"].search([("part_id", "=", self.part.id)]))
        complaints = (
            self.env["customer.complaint"]
            .with_user(self.user_service)
            .create(
                [
                    {
                        "title": "钢卷表面划伤",
                        "partner_id": self.customer.id,
                        "reporter_id": self.reporter.id,
                        "part_id": self.part.id,
                        "defect_type_id": defects[index % 3].id,
                        "severity": ("minor", "major", "critical")[index % 3],
                        "date_received": f"2026-{1 + index % 12:02d}-{1 + index % 28:02d} 08:00:00",
                        "root_cause": "<p>辊印</p>",
                        "corrective_action": "<p>换辊</p>",
                    }
                    for index in range(start, start + count)
                ]
            )
        )
        complaints[::3].write({"date_resolved": "2026-12-31 08:00:00", "stage_id": self.stage_closed.id})
        return complaints

    def count_queries(self, function):
        function()  # warm the caches that do not depend on the data (rules, selections)
        self.env.flush_all()
        self.env.invalidate_all()
        # What any screen has already loaded: the user's company, the customer.
        self.env.company.mapped("name")
        self.customer.mapped("commercial_partner_id")
        before = self.cr.sql_log_count
        function()
        return self.cr.sql_log_count - before

    def measure(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_service)
        domain = [("partner_id", "=", self.customer.id)]
        customer = self.customer.with_user(self.user_service)
        report = self.env["ir.actions.report"].with_user(self.user_service)
        return {
            "kpis": self.count_queries(lambda: Complaint._service_kpis(domain)),
            "kpis_by_defect": self.count_queries(lambda: Complaint._service_kpis_by(["defect_type_id"], domain)),
            "sensitivity": self.count_queries(customer.get_defect_sensitivity),
            "technical_sheet": self.count_queries(
                lambda: report._render_qweb_html("crm_customer_archive.report_technical_sheet", self.part.ids)
            ),
        }

    def test_query_counts_do_not_grow_with_the_complaints(self):
        self.add_complaints(20)
        small = self.measure()
        self.add_complaints(180)
        large = self.measure()
        self.assertEqual(large, small, "a query per complaint somewhere")
        self.assertEqual(small["kpis"], 1, "one grouped SQL aggregate")
        self.assertEqual(small["kpis_by_defect"], 1)
        self.assertLessEqual(small["sensitivity"], 2)

    def test_kpis_over_a_domain_match_the_kpis_of_the_records(self):
        complaints = self.add_complaints(30)
        Complaint = self.env["customer.complaint"]
        domain = [("part_id", "=", self.part.id)]
        self.assertEqual(Complaint._service_kpis(domain), complaints._service_kpis())
        self.assertEqual(
            Complaint._service_kpis_by(["defect_type_id"], domain), complaints._service_kpis_by(["defect_type_id"])
        )
        kpis = Complaint._service_kpis(domain)
        self.assertEqual((kpis["count"], kpis["resolved"]), (30, 10))
        self.assertEqual(Complaint._service_kpis([("id", "=", 0)])["count"], 0, "no complaint: one empty group")

    def test_technical_sheet_prints_the_latest_complaints_and_a_summary(self):
        self.add_complaints(60)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_customer_archive.report_technical_sheet", self.part.ids)[0]
            .decode()
        )
        latest = html.split("o_technical_sheet_complaints", 1)[1].split("</table>", 1)[0]
        self.assertEqual(latest.count("<tr>") - 1, 10, "the ten latest objections, after the header row")
        summary = html.split("o_technical_sheet_defects", 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr>\s*<td><span>([^<]*)</span></td>\s*<td class=\"text-end\"><span>(\d+)</span>", summary)
        self.assertEqual(
            sorted((defect, int(count)) for defect, count in rows),
            [("Edge Crack", 20), ("Scratch", 20), ("Wrinkling", 20)],
            "every objection is counted per defect",
        )
        self.assertEqual(len(self.part._technical_sheet_complaints()), 10)
