from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestDocumentCounts(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "冷轧钢卷 DC04 1.0×1250",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "order",
                "list_price": 5200.0,
            }
        )

    def _sale_order(self, partner, confirm=False):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 12.5})],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def test_counts_with_real_documents(self):
        confirmed = self._sale_order(self.contact, confirm=True)  # ordered by the contact
        self._sale_order(self.customer)
        self._sale_order(self.other_customer, confirm=True)
        cancelled = self._sale_order(self.customer)
        cancelled.action_cancel()
        confirmed._create_invoices()

        customer = self.customer.with_user(self.user_sales)
        self.assertEqual(customer.archive_sale_order_count, 2)
        self.assertEqual(customer.archive_delivery_count, 1)
        self.assertEqual(customer.archive_invoice_count, 1)
        # Counts follow the user's record rules: a salesman sees his own orders only.
        self.assertEqual(self.other_customer.archive_sale_order_count, 1)
        self.assertEqual(self.other_customer.with_user(self.user_sales).archive_sale_order_count, 0)
        self.assertEqual(self.contact.with_user(self.user_sales).archive_sale_order_count, 2)

        action = customer.action_view_archive_sale_orders()
        self.assertEqual(
            self.env["sale.order"].search(action["domain"]),
            confirmed | (self.env["sale.order"].search([("partner_id", "=", self.customer.id)])),
        )
        action = customer.action_view_archive_deliveries()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), confirmed.picking_ids)
        action = customer.action_view_archive_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), confirmed.invoice_ids)

    def test_counts_zero_without_access_to_documents(self):
        self._sale_order(self.customer, confirm=True)
        # An officer has no sales, stock or invoicing rights: no error, just nothing.
        customer = self.customer.with_user(self.user_officer)
        self.assertEqual(customer.archive_sale_order_count, 0)
        self.assertEqual(customer.archive_delivery_count, 0)

    def _list_specification(self):
        view = self.env.ref("crm_customer_archive.res_partner_view_list")
        Partner = self.env["res.partner"]
        spec = {}
        for node in etree.fromstring(view.arch).iter("field"):
            field = Partner._fields[node.get("name")]
            spec[field.name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
        return spec

    def _create_customers_with_orders(self, count, start):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Load Customer {start + i}",
                    "is_company": True,
                    "user_id": self.user_sales.id,
                    "customer_category_id": self.category_direct.id,
                    "customer_level": "c",
                    "source_id": self.env.ref("utm.utm_source_newsletter").id,
                    "state_id": self.env.ref("base.state_cn_BJ").id,
                }
                for i in range(count)
            ]
        )
        self.env["sale.order"].create(
            [
                {"partner_id": partner.id, "order_line": [Command.create({"product_id": self.product.id})]}
                for partner in partners
            ]
        )
        return partners

    def _count_queries(self, func):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def test_list_and_counts_constant_queries(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        spec = self._list_specification()
        domain = [("name", "like", "Load Customer")]

        def load_list():
            result = Partner.web_search_read(domain, spec, limit=500)
            return result["length"]

        def load_counts():
            partners = Partner.search(domain)
            partners.mapped("archive_sale_order_count")
            partners.mapped("archive_invoice_count")

        self._create_customers_with_orders(10, 0)
        load_list(), load_counts()  # warm the caches (rules, views, translations)
        list_10 = self._count_queries(load_list)
        counts_10 = self._count_queries(load_counts)

        self._create_customers_with_orders(190, 10)
        self.assertEqual(Partner.search_count(domain), 200)
        list_200 = self._count_queries(load_list)
        counts_200 = self._count_queries(load_counts)

        self.assertEqual(list_200, list_10, "the customer list must not run a query per customer")
        self.assertEqual(counts_200, counts_10, "smart-button counts must not run a query per customer")
        # One grouped query per document type (orders, deliveries, invoices,
        # contracts, parts, plans, complaints, builds, licences, follow-ups,
        # return visits) plus the search.
        self.assertLessEqual(counts_10, 14)
