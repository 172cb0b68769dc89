from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractPerformance(CustomerContractCase):
    """The contract list and the execution figures cost the same number of
    queries for 10 or 100 contracts of 5 lines each."""

    def _contracts(self, count):
        products = self.env["product.product"].create(
            [{"name": f"冷轧卷 规格{index}", "type": "consu", "uom_id": self.uom_ton.id} for index in range(5)]
        )
        contracts = self.env["customer.contract"].create(
            [
                {
                    "title": f"批量合同 {index}",
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create({"product_id": product.id, "quantity": 10.0, "price_unit": 100.0})
                        for product in products
                    ],
                }
                for index in range(count)
            ]
        )
        contracts.action_activate()
        # one confirmed order per contract so that every figure has something to add up
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "contract_id": contract.id,
                    "order_line": [
                        Command.create({"product_id": line.product_id.id, "product_uom_qty": 2.0})
                        for line in contract.line_ids
                    ],
                }
                for contract in contracts
            ]
        )
        orders.action_confirm()
        self.env.flush_all()
        return contracts

    def _list_specification(self):
        view = self.env.ref("crm_customer_archive.customer_contract_view_list")
        Contract = self.env["customer.contract"]
        spec = {}
        for node in etree.fromstring(view.arch).iter("field"):
            field = Contract._fields[node.get("name")]
            spec[field.name] = {"fields": {"display_name": {}}} if field.type in ("many2one", "one2many") else {}
        return spec

    def _queries(self, function):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        return self.env.cr.sql_log_count - before

    def test_list_and_execution_constant_queries(self):
        small = self._contracts(10)
        large = self._contracts(100)
        self.assertEqual(large.line_ids.mapped("qty_ordered"), [2.0] * 500)
        Contract = self.env["customer.contract"].with_user(self.user_sales)
        spec = self._list_specification()

        def list_page(contracts):
            return lambda: Contract.web_search_read([("id", "in", contracts.ids)], spec, limit=200)

        self._queries(list_page(small))  # warm the rule and translation caches
        self.assertEqual(self._queries(list_page(small)), self._queries(list_page(large)))

        def recompute(contracts):
            def run():
                lines = contracts.line_ids
                self.env.add_to_compute(lines._fields["qty_ordered"], lines)
                self.env.add_to_compute(contracts._fields["amount_total"], contracts)
                self.env.flush_all()

            return run

        self._queries(recompute(small))
        small_queries = self._queries(recompute(small))
        large_queries = self._queries(recompute(large))
        self.assertEqual(small_queries, large_queries)
        self.assertEqual(large.mapped("amount_ordered"), [1000.0] * 100)
