import io

import openpyxl

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import CustomerContractCase
from .helpers import load_chinese, pdf_text


@tagged("post_install", "-at_install")
class TestContractReports(CustomerContractCase, HttpCase):
    """The execution summary PDF (wkhtmltopdf, Chinese) and the XLSX export, read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.customer.lang = "zh_CN"
        cls.company.name = "首钢冷轧薄板有限公司"
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.contract = cls.create_contract(
            name="SG-HT-2026-018",
            payment_line_ids=[
                Command.create({"name": "预付款", "due_date": "2026-12-01", "percentage": 30}),
                Command.create({"name": "到货款", "due_date": "2027-03-01", "percentage": 70}),
            ],
        )
        cls.contract.action_activate()
        order = cls.env["sale.order"].browse(cls.contract.action_create_sale_order()["res_id"])
        order.order_line[0].product_uom_qty = 60.0
        order.action_confirm()

    def test_execution_summary_pdf_in_chinese(self):
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_customer_archive.customer_contract_report_execution", self.contract.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        # wkhtmltopdf embeds the CJK font with its Unicode map; the Latin web
        # font is not extractable, so the Chinese text is what is read back.
        for expected in ("合同执行汇总", "华北汽车制", "冷轧卷", "预付款", "到货款", "已订购", "付款计划"):
            self.assertIn(expected, text)
        # The issuing company above the title (it is also party B further down).
        self.assertLess(text.index("首钢冷轧薄板有限公司"), text.index("合同执行汇总"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_customer_archive.customer_contract_report_execution", self.contract.ids)[0]
            .decode()
        )
        self.assertIn("SG-HT-2026-018", html)
        self.assertIn(f'class="header o_company_{self.company.id}_layout"', html, "web.external_layout's letterhead")
        self.assertIn("冷轧卷 DC04 1.0×1250", html)

    def test_execution_summary_prints_on_a4(self):
        paperformat = self.env.ref("crm_customer_archive.customer_contract_report_execution").paperformat_id
        self.assertEqual(paperformat.format, "A4")
        self.assertEqual(paperformat.orientation, "Portrait")

    def test_xlsx_export(self):
        content, report_format = self.env["ir.actions.report"]._render_xlsx(
            "crm_customer_archive.report_customer_contract_xlsx", self.contract.ids, {}
        )
        self.assertEqual(report_format, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["Contracts", "Execution", "Payment Schedule"])
        contracts = list(workbook["Contracts"].values)
        header = contracts[0]
        row = dict(zip(header, contracts[1], strict=True))
        self.assertEqual(len(contracts), 2)
        self.assertEqual(row["Contract Number"], "SG-HT-2026-018")
        self.assertEqual(row["Customer"], "华北汽车制造有限公司")
        self.assertEqual(row["Status"], "In Force")
        self.assertEqual(row["Contract Amount"], 700000.0)
        self.assertEqual(row["Ordered Amount"], 500000.0)
        execution = list(workbook["Execution"].values)
        lines = [dict(zip(execution[0], values, strict=True)) for values in execution[1:]]
        self.assertEqual(
            [(line["Contracted Qty"], line["Ordered"], line["Remaining"]) for line in lines],
            [(100.0, 60.0, 40.0), (50.0, 50.0, 0.0)],
        )
        payments = list(workbook["Payment Schedule"].values)
        self.assertEqual([values[1] for values in payments[1:]], ["预付款", "到货款"])

    def test_xlsx_export_in_chinese(self):
        content, __ = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_xlsx("crm_customer_archive.report_customer_contract_xlsx", self.contract.ids, {})
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["合同", "执行情况", "付款计划"])
        header = [cell.value for cell in workbook["合同"][1]]
        self.assertIn("合同编号", header)
        self.assertIn("执行中", [cell.value for cell in workbook["合同"][2]])
