from odoo import fields, models
from odoo.tools import html2plaintext


class CustomerContractXlsx(models.AbstractModel):
    """Contracts with their execution figures, one sheet each for the
    contracts, their lines and their payment schedules."""

    _name = "report.crm_customer_archive.report_customer_contract_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Contracts Excel Export"

    CONTRACT_COLUMNS = (
        "name",
        "title",
        "partner_id",
        "party_a_id",
        "party_b_id",
        "state",
        "date_signed",
        "date_start",
        "date_end",
        "currency_id",
        "amount_total",
        "amount_ordered",
        "amount_delivered",
        "amount_invoiced",
        "amount_paid",
        "amount_unpaid",
        "progress",
        "paid_percent",
        "user_id",
    )
    LINE_COLUMNS = (
        "contract_id",
        "partner_id",
        "product_id",
        "quantity",
        "product_uom_id",
        "price_unit",
        "amount",
        "qty_ordered",
        "qty_delivered",
        "qty_invoiced",
        "qty_remaining",
        "amount_paid",
        "progress",
    )
    PAYMENT_COLUMNS = (
        "contract_id",
        "name",
        "due_date",
        "percentage",
        "amount",
        "amount_paid",
        "amount_residual",
        "payment_state",
    )

    def generate_xlsx_report(self, workbook, data, contracts):
        formats = self._formats(workbook)
        self._write_sheet(workbook, self.env._("Contracts"), contracts, self.CONTRACT_COLUMNS, formats)
        self._write_sheet(workbook, self.env._("Execution"), contracts.line_ids, self.LINE_COLUMNS, formats)
        self._write_sheet(
            workbook, self.env._("Payment Schedule"), contracts.payment_line_ids, self.PAYMENT_COLUMNS, formats
        )

    def _formats(self, workbook):
        """The cell formats shared by the addon's Excel exports."""
        return {
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0"}),
        }

    def _write_sheet(self, workbook, title, records, columns, formats):
        sheet = workbook.add_worksheet(title)
        sheet.freeze_panes(1, 1)
        fields = [records._fields[name] for name in columns]
        for col, field in enumerate(fields):
            sheet.write(0, col, field._description_string(self.env), formats["header"])
            sheet.set_column(col, col, 24 if field.type in ("many2one", "char", "text") else 14)
        for row, record in enumerate(records, start=1):
            for col, field in enumerate(fields):
                self._write_cell(sheet, row, col, record, field, formats)

    def _write_cell(self, sheet, row, col, record, field, formats):
        value = record[field.name]
        if field.type == "many2one":
            sheet.write(row, col, value.display_name or "")
        elif field.type == "selection":
            sheet.write(row, col, dict(field._description_selection(self.env)).get(value, ""))
        elif field.type == "date":
            if value:
                sheet.write_datetime(row, col, value, formats["date"])
        elif field.type == "datetime":
            if value:
                local = fields.Datetime.context_timestamp(record, value).replace(tzinfo=None)
                sheet.write_datetime(row, col, local, formats["datetime"])
        elif field.type == "html":
            sheet.write(row, col, html2plaintext(value or "").strip())
        elif field.type == "boolean":
            sheet.write(row, col, self.env._("Yes") if value else self.env._("No"))
        elif field.type == "integer":
            sheet.write_number(row, col, value or 0)
        elif field.type in ("float", "monetary"):
            is_percent = field.name in ("progress", "paid_percent", "percentage")
            sheet.write_number(row, col, value or 0.0, formats["percent" if is_percent else "float"])
        else:
            sheet.write(row, col, value or "")
