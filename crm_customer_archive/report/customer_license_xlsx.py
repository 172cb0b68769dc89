from odoo import models


class CustomerLicenseXlsx(models.AbstractModel):
    """Licences and their machines, one sheet each (masked keys)."""

    _name = "report.crm_customer_archive.report_customer_license_xlsx"
    _inherit = "report.crm_customer_archive.archive_xlsx"
    _description = "Licences Excel Export"

    LICENSE_COLUMNS = (
        "key_masked",
        "partner_id",
        "product_tmpl_id",
        "build_id",
        "license_type",
        "seats",
        "seats_used",
        "date_start",
        "date_end",
        "state",
        "contract_id",
        "user_id",
    )
    ACTIVATION_COLUMNS = (
        "license_id",
        "partner_id",
        "hostname",
        "os_name",
        "ip_address",
        "first_seen",
        "last_seen",
        "state",
    )

    def generate_xlsx_report(self, workbook, data, licenses):
        formats = self._formats(workbook)
        self._write_sheet(workbook, self.env._("Licences"), licenses, self.LICENSE_COLUMNS, formats)
        self._write_sheet(workbook, self.env._("Machines"), licenses.activation_ids, self.ACTIVATION_COLUMNS, formats)
