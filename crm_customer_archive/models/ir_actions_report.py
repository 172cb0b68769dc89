from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError

EXPORT_GROUP = "crm_customer_archive.group_archive_export"
# Documents that travel with the goods or the software: everybody who ships
# them prints them; the print is still logged.
FREE_REPORTS = {"crm_customer_archive.action_report_quality_certificate"}
# Reports reserved to another group than Export and Print.
REPORT_GROUPS = {
    "crm_customer_archive.action_report_auditlog_log_xlsx": "crm_customer_archive.group_archive_security_officer",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # PDF rendering goes through HTML: the context key marks the print as
    # checked and logged once.
    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        printed = self._archive_print_check(report_ref, res_ids)
        result = super(IrActionsReport, self.with_context(archive_print_logged=True))._pre_render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        self._archive_print_log(report_ref, printed)
        return result

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        printed = self._archive_print_check(report_ref, docids)
        result = super(IrActionsReport, self.with_context(archive_print_logged=True))._render_qweb_html(
            report_ref, docids, data=data
        )
        self._archive_print_log(report_ref, printed)
        return result

    @api.model
    def _render_qweb_text(self, report_ref, docids, data=None):
        printed = self._archive_print_check(report_ref, docids)
        result = super(IrActionsReport, self.with_context(archive_print_logged=True))._render_qweb_text(
            report_ref, docids, data=data
        )
        self._archive_print_log(report_ref, printed)
        return result

    @api.model
    def _render_xlsx(self, report_ref, docids, data=None):
        printed = self._archive_print_check(report_ref, docids)
        result = super(IrActionsReport, self.with_context(archive_print_logged=True))._render_xlsx(
            report_ref, docids, data=data
        )
        self._archive_print_log(report_ref, printed)
        return result

    def _archive_print_check(self, report_ref, res_ids):
        """The addon's reports are for the Export and Print group, except the
        documents that travel with goods or software. Portal downloads run as
        superuser for a portal user: logged, not refused; an employee gets no
        more through the portal than in the back office. Returns the records
        whose print is to be logged (None: not an archive print)."""
        if self.env.context.get("archive_print_logged"):
            return None
        report = self._get_report(report_ref)
        xmlid = report.get_external_id().get(report.id, "")
        if not xmlid.startswith("crm_customer_archive."):
            return None
        group = REPORT_GROUPS.get(xmlid, EXPORT_GROUP)
        user = self.env.user
        allowed = (
            xmlid in FREE_REPORTS
            or self.env.uid == SUPERUSER_ID  # crons and server code as OdooBot
            or (self.env.su and not user._is_internal())  # the customer's portal download
            or user.has_group(group)
        )
        if not allowed:
            raise AccessError(
                self.env._(
                    "Printing “%(report)s” is reserved to the group “%(group)s”.",
                    report=report.name,
                    group=self.env.ref(group).sudo().name,
                )
            )
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        return self.env[report.model].browse(res_ids or [])

    def _archive_print_log(self, report_ref, records):
        """One trail row per print, with its row count, committed apart: the
        report routes run in read-only transactions."""
        if records is not None:
            report = self._get_report(report_ref)
            self.env["auditlog.log"]._log_archive_event_apart(records, "print", detail=report.name)
