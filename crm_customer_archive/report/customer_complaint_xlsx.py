from odoo import models


class CustomerComplaintServiceXlsx(models.AbstractModel):
    """The service report (服务报表): the KPIs of the selected complaints,
    the complaints themselves and their counts per customer and defect."""

    _name = "report.crm_customer_archive.report_complaint_service_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Complaint Service Report Excel Export"

    COMPLAINT_COLUMNS = (
        "name",
        "title",
        "kind",
        "partner_id",
        "reporter_id",
        "store_id",
        "city",
        "channel",
        "date_received",
        "defect_type_id",
        "part_id",
        "severity",
        "stage_id",
        "user_id",
        "cause_category",
        "root_cause",
        "corrective_action",
        "preventive_action",
        "sla_deadline",
        "date_resolved",
        "resolution_hours",
        "sla_reached",
        "is_recurrence",
        "cost_total",
        "rating",
    )

    def generate_xlsx_report(self, workbook, data, complaints):
        writer = self.env["report.crm_customer_archive.report_customer_contract_xlsx"]
        formats = writer._formats(workbook)
        self._write_kpis(workbook, complaints, formats)
        writer._write_sheet(workbook, self.env._("Complaints"), complaints, self.COMPLAINT_COLUMNS, formats)
        for title, field_name in (
            (self.env._("By Customer"), "partner_id"),
            (self.env._("By Defect"), "defect_type_id"),
        ):
            self._write_breakdown(workbook, title, complaints, field_name, formats)

    def _write_kpis(self, workbook, complaints, formats):
        kpis = complaints._service_kpis()
        sheet = workbook.add_worksheet(self.env._("KPIs"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 16)
        sheet.write(0, 0, self.env._("Indicator"), formats["header"])
        sheet.write(0, 1, self.env._("Value"), formats["header"])
        for row, (label, value) in enumerate(complaints._service_kpi_rows(kpis), start=1):
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, value, formats["float"])

    def _write_breakdown(self, workbook, title, complaints, field_name, formats):
        groups = complaints._read_group(
            [("id", "in", complaints.ids)],
            [field_name],
            ["__count", "cost_total:sum", "resolution_hours:avg"],
        )
        sheet = workbook.add_worksheet(title)
        headers = [
            complaints._fields[field_name]._description_string(self.env),
            self.env._("Complaints"),
            self.env._("Cost of Non-Quality"),
            self.env._("Average Resolution Time (h)"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, formats["header"])
            sheet.set_column(col, col, 28 if col == 0 else 16)
        for row, (record, count, cost, hours) in enumerate(groups, start=1):
            sheet.write(row, 0, record.display_name or self.env._("None"))
            sheet.write_number(row, 1, count)
            sheet.write_number(row, 2, cost or 0.0, formats["float"])
            sheet.write_number(row, 3, hours or 0.0, formats["float"])
