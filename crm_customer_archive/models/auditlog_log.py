import ast

from odoo import api, fields, models, modules

# The retention of the trail in days (Settings), read by auditlog's autovacuum
# cron; PIPL asks to keep processing records for three years.
AUDIT_RETENTION_PARAM = "crm_customer_archive.audit_retention_days"
DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365

# OCA auditlog's own methods (its export_data rows become "export").
AUDITLOG_METHODS = {"create": "Created", "write": "Changed", "unlink": "Deleted", "read": "Read"}
# What the archive adds to OCA auditlog's trail beside create/write/unlink/read:
# the events auditlog cannot see by itself.
ARCHIVE_AUDIT_METHODS = {
    "export": "Exported",
    "print": "Printed",
    "view_full": "Personal Data Viewed in Full",
    "refused_write": "Refused Personal-Data Change",
    "consent": "Consent",
    "data_request": "Data-Subject Request",
    "erase": "Erasure (Anonymised)",
    "freeze": "Account Frozen",
    "release": "Account Released",
}


def archive_partner_of(records):
    """The commercial customer of records when they all belong to one, for
    searching the trail by customer. One grouped query whatever their number
    (a print or an export may hold thousands), and the records are not loaded."""
    if hasattr(records, "_archive_audit_partner"):
        return records._archive_audit_partner()
    Partner = records.env["res.partner"]
    if records._name == "res.partner":
        name = "commercial_partner_id"
    else:
        field = records._fields.get("partner_id")
        if field is None or field.comodel_name != "res.partner" or not field.store:
            return Partner
        name = "partner_id"
    groups = records.with_context(active_test=False)._read_group([("id", "in", records.ids)], [name], limit=2)
    if len(groups) != 1:
        return Partner
    return groups[0][0].commercial_partner_id


class AuditlogLog(models.Model):
    _inherit = "auditlog.log"

    # The customer the record belongs to: the trail is searched by customer.
    archive_partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True, help="Records exported or printed by this event.")
    detail = fields.Char(readonly=True)
    # auditlog's method is a free Char: its label, translated, to show and group by.
    event = fields.Selection(
        list({**AUDITLOG_METHODS, **ARCHIVE_AUDIT_METHODS}.items()),
        compute="_compute_event",
        store=True,
        precompute=True,
    )

    # auditlog stores the model's name in the language of whoever caused the
    # row: shown in the reader's language instead.
    model_label = fields.Char("Document Type", compute="_compute_model_label")

    @api.depends_context("lang")
    def _compute_model_label(self):
        names = {
            model.model: model.name
            for model in self.env["ir.model"].sudo().search([("model", "in", self.mapped("model_model"))])
        }
        for log in self:
            log.model_label = names.get(log.model_model, log.model_name)

    @api.depends("method")
    def _compute_event(self):
        for log in self:
            log.event = log.method if log.method in AUDITLOG_METHODS or log.method in ARCHIVE_AUDIT_METHODS else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # auditlog's own export rows: one name for every export, with its rows.
            if vals.get("method") == "export_data":
                vals["method"] = "export"
                vals.setdefault("row_count", len(ast.literal_eval(vals.get("res_ids") or "[]")))
            if "archive_partner_id" not in vals and vals.get("model_id"):
                vals["archive_partner_id"] = self._archive_partner_id(vals)
        return super().create(vals_list)

    @api.model
    def _archive_partner_id(self, vals):
        """The customer of the logged record(s), when there is exactly one."""
        model = self.env["ir.model"].sudo().browse(vals["model_id"]).model
        res_ids = [vals["res_id"]] if vals.get("res_id") else ast.literal_eval(vals.get("res_ids") or "[]")
        if model not in self.env or not res_ids:
            return False
        partners = archive_partner_of(self.env[model].sudo().browse(res_ids).exists())
        return partners.id if len(partners) == 1 else False

    @api.model
    def _archive_autovacuum(self):
        """auditlog's clean-up with the retention of the settings."""
        days = self.env["ir.config_parameter"].sudo().get_param(AUDIT_RETENTION_PARAM)
        days = int(days) if days and days.isdigit() and int(days) > 0 else DEFAULT_AUDIT_RETENTION_DAYS
        return self.env["auditlog.autovacuum"].autovacuum(days)

    @api.model
    def _log_archive_event(self, records, method, detail=None, row_count=None):
        """One trail row for an event auditlog does not log by itself (export,
        print, full view of personal data, refused change, consent, erasure…),
        in the name of the user who caused it. Written as superuser: the user
        needs no right on the trail to leave a trace in it."""
        return (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(self._archive_event_values(records, method, detail, row_count))
        )

    @api.model
    def _log_archive_event_apart(self, records, method, detail=None, row_count=None):
        """The same row, committed at once in a transaction of its own: for
        events on the read path (read-only requests) and for refusals, whose
        request is rolled back. Records created by the current, uncommitted
        transaction are not named in it (the other transaction cannot see them)."""
        vals = self._archive_event_values(records, method, detail, row_count)
        test = modules.module.current_test
        if test and not getattr(test, "_registry_patched", False):
            # A TransactionCase outside registry test mode: its users and records
            # exist only in its own transaction, which is never committed.
            return self.sudo().with_context(tracking_disable=True).create(vals)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {}, su=True)
            if vals["archive_partner_id"] and not env["res.partner"].browse(vals["archive_partner_id"]).exists():
                vals["archive_partner_id"] = False
            env["auditlog.log"].with_context(tracking_disable=True).create(vals)

    @api.model
    def _archive_event_values(self, records, method, detail, row_count):
        records = records.sudo()
        partners = archive_partner_of(records)
        return {
            "name": (records.display_name or "")[:64] if len(records) == 1 else records._description,
            "model_id": self.env["ir.model"]._get_id(records._name),
            "res_id": records.id if len(records) == 1 else 0,
            "res_ids": str(records.ids),
            "user_id": self.env.uid,
            "method": method,
            "log_type": "fast",
            "archive_partner_id": partners.id if len(partners) == 1 else False,
            "row_count": len(records) if row_count is None else row_count,
            "detail": detail,
        }
