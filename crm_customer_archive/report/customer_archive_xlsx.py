from odoo import fields, models
from odoo.tools import html2plaintext


class CustomerArchiveXlsx(models.AbstractModel):
    """The Excel writer of the addon's exports: one sheet per record set,
    one column per field, each cell written in its field's type."""

    _name = "report.crm_customer_archive.archive_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Archive Excel Export"

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
        column_fields = [records._fields[name] for name in columns]
        for col, field in enumerate(column_fields):
            sheet.write(0, col, field._description_string(self.env), formats["header"])
            sheet.set_column(col, col, 24 if field.type in ("many2one", "char", "text") else 14)
        for row, record in enumerate(records, start=1):
            for col, field in enumerate(column_fields):
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
