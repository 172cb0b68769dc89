from lxml import etree

from odoo.tests import tagged
from odoo.tools import SQL

from .common import CustomerComplaintCase, CustomerContractCase

# Each index the addon declares for its lists, filters, rules and crons.
DECLARED_INDEXES = {
    "customer_complaint": ["customer_complaint_date_received_id_idx", "customer_complaint_sla_open_idx"],
    "customer_contract": ["customer_contract_date_start_id_idx", "customer_contract__date_end_index"],
    "customer_contract_line": ["customer_contract_line__contract_state_index"],
    "customer_license": ["customer_license_date_end_id_idx"],
    "customer_license_activation": [
        "customer_license_activation_state_last_seen_id_idx",
        "customer_license_activation__company_id_index",
    ],
    "customer_process_spec": ["customer_process_spec_name_revision_id_idx"],
    "customer_quality_certificate": ["customer_quality_certificate_date_issued_id_idx"],
}


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def list_spec(model, view):
    """What the web client's list asks for: the view's fields, many2one names."""
    spec = {}
    for node in etree.fromstring(view.arch).iter("field"):
        field = model._fields[node.get("name")]
        if field.type in ("many2one", "many2many"):
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type == "one2many":
            spec[field.name] = {"fields": {}}
        else:
            spec[field.name] = {}
    return spec


class ListQueryCountMixin:
    def list_query_count(self, model, view_xmlid, domain=()):
        view = self.env.ref(view_xmlid)
        spec = list_spec(model, view)
        # Warm Odoo's caches twice: the first list after records were created
        # recomputes the user's record rules once more (12 vs 8 queries).
        for _warm_up in range(2):
            model.web_search_read(list(domain), spec, limit=80)
            self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = model.web_search_read(list(domain), spec, limit=80)
        return self.env.cr.sql_log_count - before, result["length"]


@tagged("post_install", "-at_install")
class TestComplaintIndexes(ListQueryCountMixin, CustomerComplaintCase):
    def test_declared_indexes_exist(self):
        for table, names in DECLARED_INDEXES.items():
            self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
            existing = {row[0] for row in self.env.cr.fetchall()}
            for name in names:
                self.assertIn(name, existing, f"index {name} is missing on {table}")

    def _add_complaints_by_sql(self, template, count):
        """Copy ``template`` ``count`` times, a received date every 7 minutes
        back in time: one INSERT instead of one ORM create per complaint."""
        cr = self.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'customer_complaint'"
            " AND column_name NOT IN ('id', 'date_received')"
        )
        columns = SQL(", ").join(SQL.identifier(row[0]) for row in cr.fetchall())
        cr.execute(
            SQL(
                "INSERT INTO customer_complaint (%(columns)s, date_received)"
                " SELECT %(columns)s, now() - g * interval '7 minutes'"
                "   FROM customer_complaint, generate_series(1, %(count)s) g"
                "  WHERE customer_complaint.id = %(id)s",
                columns=columns,
                count=count,
                id=template.id,
            )
        )
        cr.execute("ANALYZE customer_complaint")

    def _explain_list(self, domain):
        Complaint = self.env["customer.complaint"].with_user(self.user_service)
        query = Complaint._search(domain, order=Complaint._order, limit=80)
        self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", query.select()))
        return list(plan_nodes(self.env.cr.fetchone()[0][0]["Plan"]))

    def test_list_order_uses_the_index(self):
        template = self.create_complaint()
        total = 0
        for size in (2000, 20000):
            self._add_complaints_by_sql(template, size - total)
            total = size
            # the list with no filter and, once a seq scan costs more than
            # reading the index, as opened (the "Open" default filter)
            domains = [[]] if size < 20000 else [[], [("is_closed", "=", False)]]
            for domain in domains:
                nodes = self._explain_list(domain)
                node_types = [node["Node Type"] for node in nodes]
                self.assertIn(
                    "customer_complaint_date_received_id_idx",
                    [node.get("Index Name") for node in nodes],
                    f"{size} complaints, {domain}: {node_types}",
                )
                self.assertNotIn("Sort", node_types, f"{size} complaints, {domain}")
                self.assertNotIn("Seq Scan", node_types, f"{size} complaints, {domain}")

    def test_complaint_list_query_count(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_service)
        counts = []
        for size in (5, 50):
            missing = size - len(self.env["customer.complaint"].search([("partner_id", "=", self.customer.id)]))
            self.env["customer.complaint"].create(
                [
                    {"title": f"投诉 {i}", "partner_id": self.customer.id, "reporter_id": self.reporter.id}
                    for i in range(missing)
                ]
            )
            counts.append(self.list_query_count(Complaint, "crm_customer_archive.customer_complaint_view_list"))
        self.assertEqual(counts[0][0], counts[1][0], f"queries per list: {counts}")


@tagged("post_install", "-at_install")
class TestContractAndCustomerListQueries(ListQueryCountMixin, CustomerContractCase):
    def test_contract_list_query_count(self):
        Contract = self.env["customer.contract"].with_user(self.user_sales_manager)
        counts = []
        for size in (5, 40):
            existing = self.env["customer.contract"].search_count([("partner_id", "=", self.customer.id)])
            for _i in range(size - existing):
                self.create_contract(user=self.user_sales_manager)
            counts.append(self.list_query_count(Contract, "crm_customer_archive.customer_contract_view_list"))
        self.assertEqual(counts[0][0], counts[1][0], f"queries per list: {counts}")

    def test_customer_list_query_count(self):
        Partner = self.env["res.partner"].with_user(self.user_sales_manager)
        domain = [("is_archive_customer", "=", True)]
        counts = []
        for size in (5, 50):
            self.env["res.partner"].create(
                [
                    {
                        "name": f"客户 {size}-{i}",
                        "is_company": True,
                        "archive_state": "active",
                        "customer_category_id": self.category_direct.id,
                        "user_id": self.user_sales.id,
                    }
                    for i in range(size)
                ]
            )
            counts.append(self.list_query_count(Partner, "crm_customer_archive.res_partner_view_list", domain))
        self.assertEqual(counts[0][0], counts[1][0], f"queries per list: {counts}")
