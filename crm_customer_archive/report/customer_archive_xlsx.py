import pytz
from markupsafe import Markup

from odoo import api, models
from odoo.tools import html2plaintext

# Records read per query: the cache holds one batch at a time.
BATCH_SIZE = 2000
EXPORT_THRESHOLD_PARAM = "crm_customer_archive.export_async_threshold"
DEFAULT_EXPORT_THRESHOLD = 20000
PERCENT_FIELDS = ("progress", "paid_percent", "percentage")


class CustomerArchiveXlsx(models.AbstractModel):
    """The Excel writer of the addon's exports: one sheet per record set,
    one column per field, each cell written in its field's type.

    Rows are streamed: the workbook is in constant_memory mode (each row goes
    to disk once the next one starts), records are read in batches with the
    cache emptied between them, and labels are worked out once per column
    (selections, yes/no) or once per batch (related records' names).
    An export above the threshold runs as a background job (queue_job)."""

    _name = "report.crm_customer_archive.archive_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Archive Excel Export"

    def get_workbook_options(self):
        return {**super().get_workbook_options(), "constant_memory": True}

    def _formats(self, workbook):
        """The cell formats shared by the addon's Excel exports."""
        return {
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0"}),
        }

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------

    def _write_sheet(self, workbook, title, records, columns, formats, extra_fields=()):
        """One row per record, in order (constant_memory mode writes rows
        once). `extra_fields` are read along for the column writers."""
        sheet = workbook.add_worksheet(title)
        sheet.freeze_panes(1, 1)
        column_fields = [records._fields[name] for name in columns]
        for col, field in enumerate(column_fields):
            sheet.write(0, col, field._description_string(self.env), formats["header"])
            sheet.set_column(col, col, 24 if field.type in ("many2one", "char", "text") else 14)
        writers = list(enumerate(self._column_writer(field, formats) for field in column_fields))
        row = 0
        for values in self._read_rows(records, [*columns, *extra_fields]):
            row += 1
            for col, write in writers:
                write(sheet, row, col, values)
        return sheet

    def _read_rows(self, records, field_names):
        """The values of `field_names` of `records`, a dict per record, in
        order; many-to-one values as their display names."""
        fields_ = [records._fields[name] for name in field_names]
        many2ones = {}
        for field in fields_:
            if field.type == "many2one":
                many2ones.setdefault(field.comodel_name, []).append(field.name)
        records.flush_model(field_names)  # stored values still to compute are computed now
        for start in range(0, len(records), BATCH_SIZE):
            batch = records[start : start + BATCH_SIZE]
            # One query for the stored fields (access rights and rules checked),
            # then column by column from the cache rather than cell by cell.
            batch.fetch([field.name for field in fields_ if field.store])
            columns = [self._column_values(batch, field) for field in fields_]
            rows = [dict(zip(field_names, values, strict=True)) for values in zip(*columns, strict=True)]
            for comodel, names in many2ones.items():
                ids = {row[name] for row in rows for name in names} - {False, None}
                labels = {record.id: record.display_name for record in self.env[comodel].browse(ids)}
                for row in rows:
                    for name in names:
                        row[name] = labels.get(row[name], "")
            yield from rows
            # The ORM keeps every record it read: drop them before the next batch.
            self.env.invalidate_all()

    def _column_values(self, batch, field):
        """The values of a field for a batch, from the cache (many-to-one: ids)."""
        cache = field._get_cache(batch.env)
        if all(record_id in cache for record_id in batch._ids):
            return [cache[record_id] for record_id in batch._ids]
        # Not stored, or still to compute: computed for the whole batch at once.
        values = [record[field.name] for record in batch]
        return [value.id for value in values] if field.type == "many2one" else values

    def _column_writer(self, field, formats):
        """A function writing this field's cell of a row: (sheet, row, col, values)."""
        name = field.name
        if field.type in ("many2one", "char", "text"):
            return lambda sheet, row, col, values: sheet.write(row, col, values[name] or "")
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            return lambda sheet, row, col, values: sheet.write(row, col, labels.get(values[name], ""))
        if field.type == "boolean":
            yes, no = self.env._("Yes"), self.env._("No")
            return lambda sheet, row, col, values: sheet.write(row, col, yes if values[name] else no)
        if field.type == "integer":
            return lambda sheet, row, col, values: sheet.write_number(row, col, values[name] or 0)
        if field.type in ("float", "monetary"):
            number_format = formats["percent" if name in PERCENT_FIELDS else "float"]
            return lambda sheet, row, col, values: sheet.write_number(row, col, values[name] or 0.0, number_format)
        if field.type == "date":
            return self._date_writer(name, formats["date"])
        if field.type == "datetime":
            return self._datetime_writer(name, formats["datetime"])
        if field.type == "html":
            return lambda sheet, row, col, values: sheet.write(row, col, self._plain_text(values[name]))
        return lambda sheet, row, col, values: sheet.write(row, col, values[name] or "")

    def _date_writer(self, name, date_format):
        def write(sheet, row, col, values):
            if values[name]:
                sheet.write_datetime(row, col, values[name], date_format)

        return write

    def _datetime_writer(self, name, datetime_format):
        # The user's time zone, as fields.Datetime.context_timestamp, found once.
        tz_name = self.env.context.get("tz") or self.env.user.tz
        try:
            tz = pytz.timezone(tz_name) if tz_name else pytz.utc
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc

        def write(sheet, row, col, values):
            if values[name]:
                local = pytz.utc.localize(values[name]).astimezone(tz).replace(tzinfo=None)
                sheet.write_datetime(row, col, local, datetime_format)

        return write

    @staticmethod
    def _plain_text(html):
        return html2plaintext(html).strip() if html else ""

    # ------------------------------------------------------------------
    # Large exports in the background
    # ------------------------------------------------------------------

    @api.model
    def _export_threshold(self):
        param = self.env["ir.config_parameter"].sudo().get_param(EXPORT_THRESHOLD_PARAM)
        try:
            return int(param) if param else DEFAULT_EXPORT_THRESHOLD
        except ValueError:
            return DEFAULT_EXPORT_THRESHOLD

    @api.model
    def queue_large_export(self, docids, domain=None):
        """Called by the print menu before it downloads the file: above the
        threshold, queue the export and answer the notification to show;
        otherwise False, and the file is generated at once.

        `domain` is the list's domain when all its records are selected: the
        web client then sends at most `web.active_ids_limit` ids, and the
        job exports every record of the domain instead."""
        docids = list(docids or [])
        report = self.env["ir.actions.report"]._get_report_from_name(self._name.removeprefix("report."))
        # Refused now rather than in the job (print control); the job's print is logged.
        self.env["ir.actions.report"]._archive_print_check(report, [])
        active_ids_limit = int(self.env["ir.config_parameter"].sudo().get_param("web.active_ids_limit", 20000))
        if domain is not None and len(docids) >= active_ids_limit:
            count = self.env[report.model].search_count(domain)
        else:
            count, domain = len(docids), None
        if count <= self._export_threshold():
            return False
        description = self.env._("Excel export: %(report)s", report=report.name)
        self.with_delay(description=description)._export_in_background(docids, domain=domain)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": report.name,
                "message": self.env._(
                    "%(count)s records: the export runs in the background."
                    " The file will arrive in your Inbox when it is ready.",
                    count=count,
                ),
                "sticky": False,
            },
        }

    def _export_in_background(self, docids, domain=None):
        """The job: generate the export of these records (or of the domain)
        as the user who asked for it (record rules apply: records they can
        no longer read are left out), keep it as a private attachment and
        send it to their Inbox."""
        report_name = self._name.removeprefix("report.")
        report = self.env["ir.actions.report"]._get_report_from_name(report_name)
        if domain is not None:
            readable = self.env[report.model].search(domain).ids
        else:
            allowed = set(self.env[report.model].search([("id", "in", docids)]).ids)
            readable = [record_id for record_id in docids if record_id in allowed]
        content, _format = self.env["ir.actions.report"]._render_xlsx(report_name, readable, {})
        # Without res_model/res_id, only its creator (this user) can read it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{report.name}.xlsx",
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        user = self.env.user
        body = self.with_context(lang=user.lang).env._(
            "Your export “%(report)s” is ready: %(count)s records.", report=report.name, count=len(readable)
        )
        self.env["mail.thread"].message_notify(
            partner_ids=user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=report.name,
            body=Markup("<p>%s</p>") % body,
            attachment_ids=attachment.ids,
        )
        return attachment
