from lxml import etree

from odoo.tests import tagged

from .common import CustomerComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintPerformance(CustomerComplaintCase):
    def _list_queries(self, user):
        Complaint = self.env["customer.complaint"].with_user(user)
        view = self.env.ref("crm_customer_archive.customer_complaint_view_list")
        spec = {}
        for node in etree.fromstring(view.arch).iter("field"):
            field = Complaint._fields[node.get("name")]
            if field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            elif field.type == "one2many":
                spec[field.name] = {"fields": {}}
            else:
                spec[field.name] = {}
        Complaint.web_search_read([], spec, limit=600)  # warm caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = Complaint.web_search_read([], spec, limit=600)
        return self.env.cr.sql_log_count - before, result["length"]

    def test_list_query_count_is_constant(self):
        Complaint = self.env["customer.complaint"]
        base = Complaint.search_count([])
        Complaint.create(
            [
                {
                    "title": f"投诉 {i}",
                    "partner_id": self.customer.id,
                    "reporter_id": self.reporter.id,
                    "defect_type_id": self.defect_scratch.id,
                }
                for i in range(10)
            ]
        )
        queries_10, length = self._list_queries(self.user_service)
        self.assertEqual(length, base + 10)
        Complaint.create(
            [
                {
                    "title": f"投诉 {i}",
                    "partner_id": self.other_customer.id,
                    "defect_type_id": self.defect_edge_crack.id,
                }
                for i in range(490)
            ]
        )
        queries_500, length = self._list_queries(self.user_service)
        self.assertEqual(length, base + 500)
        self.assertEqual(queries_500, queries_10, "the complaint list must not run a query per complaint")
