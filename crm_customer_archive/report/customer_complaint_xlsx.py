from odoo import models


class CustomerComplaintServiceXlsx(models.AbstractModel):
    """The service report (服务报表): the KPIs of the selected complaints,
    the complaints themselves, their counts per customer and defect and the
    service KPIs per engineer and team."""

    _name = "report.crm_customer_archive.report_complaint_service_xlsx"
    _inherit = "report.crm_customer_archive.archive_xlsx"
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
        "rating_last_value",
    )

    def generate_xlsx_report(self, workbook, data, complaints):
        formats = self._formats(workbook)
        self._write_kpis(workbook, complaints, formats)
        self._write_complaints(workbook, complaints, formats)
        for title, field_name in (
            (self.env._("By Customer"), "partner_id"),
            (self.env._("By Defect"), "defect_type_id"),
        ):
            self._write_breakdown(workbook, title, complaints, field_name, formats)
        for title, field_name in (
            (self.env._("By Engineer"), "user_id"),
            (self.env._("By Team"), "team_id"),
        ):
            self._write_service_breakdown(workbook, title, complaints, field_name, formats)

    def _write_value(self, sheet, row, col, value, formats):
        """A figure, or "—" where there is nothing to measure (no resolved
        complaint, no known SLA outcome): an honest blank rather than 0."""
        if value is None:
            sheet.write(row, col, "—")
        else:
            sheet.write_number(row, col, value, formats["float"])

    def _write_kpis(self, workbook, complaints, formats):
        kpis = complaints._service_kpis()
        sheet = workbook.add_worksheet(self.env._("KPIs"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 16)
        sheet.write(0, 0, self.env._("Indicator"), formats["header"])
        sheet.write(0, 1, self.env._("Value"), formats["header"])
        for row, (label, value) in enumerate(complaints._service_kpi_rows(kpis), start=1):
            sheet.write(row, 0, label)
            self._write_value(sheet, row, 1, value, formats)

    def _write_complaints(self, workbook, complaints, formats):
        title = self.env._("Complaints")
        self._write_sheet(workbook, title, complaints, self.COMPLAINT_COLUMNS, formats, extra_fields=("sla_status",))

    def _column_writer(self, field, formats):
        # An open complaint has no resolution time yet and, before its
        # deadline, no SLA outcome: blank and "pending", not 0 h and "No".
        write = super()._column_writer(field, formats)
        if field.model_name != "customer.complaint":
            return write
        if field.name == "resolution_hours":

            def write_hours(sheet, row, col, values):
                if values["date_resolved"]:
                    write(sheet, row, col, values)
                else:
                    sheet.write_blank(row, col, None, formats["float"])  # a format, or it is ignored

            return write_hours
        if field.name == "sla_reached":
            pending = self.env._("Pending")

            def write_outcome(sheet, row, col, values):
                if not values["sla_status"]:  # no SLA, or rejected
                    sheet.write(row, col, "—")
                elif values["sla_status"] in ("on_time", "at_risk"):
                    sheet.write(row, col, pending)
                else:
                    write(sheet, row, col, values)

            return write_outcome
        if field.name == "rating_last_value":

            def write_rating(sheet, row, col, values):
                if values["rating_last_value"]:  # 1, 3 or 5; 0 = not rated
                    write(sheet, row, col, values)
                else:
                    sheet.write_blank(row, col, None, formats["float"])

            return write_rating
        return write

    def _write_breakdown(self, workbook, title, complaints, field_name, formats):
        groups = complaints._service_kpis_by([field_name])
        sheet = workbook.add_worksheet(title)
        headers = [
            complaints._fields[field_name]._description_string(self.env),
            self.env._("Complaints"),
            self.env._("Resolved"),
            self.env._("Cost of Non-Quality"),
            self.env._("Average Resolution Time (h)"),
            self.env._("Median Resolution Time (h)"),
            self.env._("SLA Hit Rate (%)"),
            self.env._("SLA Pending (open, before the deadline)"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, formats["header"])
            sheet.set_column(col, col, 28 if col == 0 else 16)
        for row, ((record,), kpis) in enumerate(groups.items(), start=1):
            sheet.write(row, 0, record.display_name or self.env._("None"))
            sheet.write_number(row, 1, kpis["count"])
            sheet.write_number(row, 2, kpis["resolved"])
            sheet.write_number(row, 3, kpis["cost_total"], formats["float"])
            self._write_value(sheet, row, 4, kpis["average_resolution_hours"], formats)
            self._write_value(sheet, row, 5, kpis["median_resolution_hours"], formats)
            self._write_value(sheet, row, 6, kpis["sla_hit_rate"], formats)
            sheet.write_number(row, 7, kpis["sla_pending"])

    def _write_service_breakdown(self, workbook, title, complaints, field_name, formats):
        """The service KPIs per engineer or team: the scorecard's figures."""
        groups = complaints._service_kpis_by([field_name])
        sheet = workbook.add_worksheet(title)
        columns = {
            "count": self.env._("Requests"),
            "resolved": self.env._("Resolved"),
            "average_first_response_hours": self.env._("Average First Response Time (h)"),
            "average_resolution_hours": self.env._("Average Resolution Time (h)"),
            "reopen_rate": self.env._("Reopen Rate (%)"),
            "average_rating": self.env._("Average Rating"),
            "sla_hit_rate": self.env._("SLA Hit Rate (%)"),
            "work_hours": self.env._("Hours Worked"),
        }
        sheet.write(0, 0, complaints._fields[field_name]._description_string(self.env), formats["header"])
        sheet.set_column(0, 0, 28)
        for col, header in enumerate(columns.values(), start=1):
            sheet.write(0, col, header, formats["header"])
            sheet.set_column(col, col, 16)
        for row, ((record,), kpis) in enumerate(groups.items(), start=1):
            sheet.write(row, 0, record.display_name or self.env._("None"))
            for col, key in enumerate(columns, start=1):
                self._write_value(sheet, row, col, kpis[key], formats)
