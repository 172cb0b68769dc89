from odoo import api, fields, models

# What the archive adds to OCA auditlog's trail beside create/write/unlink/read:
# the events auditlog cannot see by itself.
ARCHIVE_AUDIT_METHODS = {
    "export": "Export",
    "print": "Print",
    "view_full": "Personal Data Viewed in Full",
    "refused_write": "Refused Personal-Data Change",
    "consent": "Consent",
    "data_request": "Data-Subject Request",
    "erase": "Erasure (Anonymised)",
    "freeze": "Account Frozen",
    "release": "Account Released",
}


class AuditlogLog(models.Model):
    _inherit = "auditlog.log"

    # The customer the record belongs to: the trail is searched by customer.
    archive_partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True, help="Records exported or printed by this event.")
    detail = fields.Char(readonly=True)

    @api.model
    def _log_archive_event(self, records, method, detail=None, row_count=None):
        """One trail row for an event auditlog does not log by itself (export,
        print, full view of personal data, refused change, consent, erasure…),
        in the name of the user who caused it. Written as superuser: the user
        needs no right on the trail to leave a trace in it."""
        model = self.env["ir.model"]._get(records._name)
        partners = records._archive_audit_partner() if hasattr(records, "_archive_audit_partner") else None
        return (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(
                {
                    "name": (records[:1].display_name or "")[:64] if len(records) == 1 else records._description,
                    "model_id": model.id,
                    "res_id": records[:1].id if len(records) == 1 else 0,
                    "res_ids": str(records.ids),
                    "user_id": self.env.uid,
                    "method": method,
                    "log_type": "fast",
                    "archive_partner_id": partners[:1].id if partners and len(partners) == 1 else False,
                    "row_count": len(records) if row_count is None else row_count,
                    "detail": detail,
                }
            )
        )
