from odoo import models


class AuditlogLogXlsx(models.AbstractModel):
    """The audit trail as the security officer filtered it, one row per event."""

    _name = "report.crm_customer_archive.report_auditlog_log_xlsx"
    _inherit = "report.crm_customer_archive.archive_xlsx"
    _description = "Audit Trail Excel Export"

    # model_name, not model_id: security officers do not read ir.model.
    COLUMNS = (
        "create_date",
        "user_id",
        "event",
        "model_name",
        "name",
        "res_id",
        "archive_partner_id",
        "row_count",
        "detail",
    )

    def generate_xlsx_report(self, workbook, data, logs):
        self._write_sheet(workbook, self.env._("Audit Trail"), logs, self.COLUMNS, self._formats(workbook))
