from odoo import models


class CustomerContractXlsx(models.AbstractModel):
    """Contracts with their execution figures, one sheet each for the
    contracts, their lines and their payment schedules."""

    _name = "report.crm_customer_archive.report_customer_contract_xlsx"
    _inherit = "report.crm_customer_archive.archive_xlsx"
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
