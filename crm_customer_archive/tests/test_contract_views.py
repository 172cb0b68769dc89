from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import format_date

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractViews(CustomerContractCase):
    """What an account manager sees in the contract list and form: units,
    readable amounts, why a row is red, one rounding of the progress."""

    def _arch(self, model, view_type, user=None):
        views = self.env[model].with_user(user or self.user_sales).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_line_lists_show_the_unit_to_an_account_manager(self):
        # Contracts sell by the tonne: the unit is shown even without the
        # "Manage Multiple Units of Measure" group.
        self.assertFalse(self.user_sales.has_group("uom.group_uom"))
        execution_list = self._arch("customer.contract.line", "list")
        contract_lines = self._arch("customer.contract", "form").find(".//field[@name='line_ids']/list")
        for arch in (execution_list, contract_lines):
            unit = arch.find("field[@name='product_uom_id']")
            self.assertIsNotNone(unit)
            self.assertFalse(unit.get("column_invisible"))
            self.assertFalse(unit.get("optional"))

    def test_amounts_are_wide_enough_and_short_columns_hidden(self):
        contract_list = self._arch("customer.contract", "list")
        contract_lines = self._arch("customer.contract", "form").find(".//field[@name='line_ids']/list")
        # Monetary columns get 105 px by default: "$ 32,515,362.60" is cut off.
        for arch, names in (
            (contract_list, ("amount_total", "amount_paid")),
            (contract_lines, ("amount",)),
            (self._arch("customer.contract.line", "list"), ("amount", "amount_paid")),
        ):
            for name in names:
                self.assertEqual(arch.find(f"field[@name='{name}']").get("width"), "140px", name)
        # Beside the chatter, the product keeps room: execution quantities are optional, hidden.
        for name in ("qty_ordered", "qty_delivered", "qty_invoiced", "qty_remaining", "amount_paid"):
            self.assertEqual(contract_lines.find(f"field[@name='{name}']").get("optional"), "hide", name)
        for name in ("user_id", "date_start"):
            self.assertEqual(contract_list.find(f"field[@name='{name}']").get("optional"), "hide", name)

    def test_overdue_reason_says_why_the_row_is_red(self):
        today = fields.Date.context_today(self.env["customer.contract"])
        contract = self.create_contract()  # 700,000
        self.assertFalse(contract.payment_overdue_reason)
        contract.payment_line_ids = [
            Command.create({"name": "预付款", "due_date": today - relativedelta(days=10), "percentage": 30.0}),
            Command.create({"name": "到货款", "due_date": today + relativedelta(days=30), "percentage": 70.0}),
        ]
        self.assertTrue(contract.payment_overdue)
        self.assertEqual(
            contract.payment_overdue_reason,
            f"Payment overdue: 预付款 (due {format_date(self.env, today - relativedelta(days=10))})",
        )
        # Several overdue: the oldest is named, the others counted.
        contract.payment_line_ids.sorted("due_date")[1].due_date = today - relativedelta(days=3)
        self.assertEqual(
            contract.payment_overdue_reason,
            f"Payment overdue: 预付款 (due {format_date(self.env, today - relativedelta(days=10))}) and 1 more",
        )
        # The list shows it as a column, the form as a banner.
        reason = self._arch("customer.contract", "list").find("field[@name='payment_overdue_reason']")
        self.assertEqual((reason.get("widget"), reason.get("optional")), ("badge", "show"))
        self.assertIsNotNone(
            self._arch("customer.contract", "form").find(".//div[@role='alert']/field[@name='payment_overdue_reason']")
        )

    def test_progress_has_one_rounding_on_button_and_form(self):
        # The stored value keeps its precision; every place shows it with one
        # decimal, as the portal and PDF ("%.1f"). The progress bar widget
        # would show a whole percent (21 % beside 20.76 on the button).
        form = self._arch("customer.contract", "form")
        nodes = [
            form.find(".//div[@name='button_box']//field[@name='progress']"),
            *form.findall(".//group[@name='execution']//field"),
            form.find(".//field[@name='line_ids']/list/field[@name='progress']"),
            self._arch("customer.contract", "list").find("field[@name='progress']"),
            self._arch("customer.contract", "kanban").find(".//field[@name='progress']"),
            self._arch("customer.contract.line", "list").find("field[@name='progress']"),
        ]
        percents = [node for node in nodes if node.get("name") in ("progress", "paid_percent")]
        self.assertEqual(len(percents), 7)
        self.assertEqual(nodes[0].get("widget"), "statinfo")
        for node in percents:
            self.assertNotEqual(node.get("widget"), "progressbar")
            self.assertEqual(node.get("digits"), "[16, 1]")
