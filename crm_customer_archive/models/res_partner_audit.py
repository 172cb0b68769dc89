# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.http import request

from .auditlog_rule import is_personal_field

# Reading one of these in full (Personal Data group) leaves a "view_full" row.
FULL_VIEW_FIELDS = {"id_number", "birthdate", "private_id_number", "private_birthdate"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if FULL_VIEW_FIELDS.intersection(fnames) and not self.env.su and self._has_personal_data_access():
            self._log_full_view()
        return result

    def _log_full_view(self):
        """Once per request and contact holding personal data, in a
        transaction of its own: reads may run in a read-only transaction."""
        seen = getattr(request, "archive_full_views", set()) if request else set()
        partners = self.sudo().filtered(lambda p: p.id not in seen and (p.private_id_number or p.private_birthdate))
        Log = self.env["auditlog.log"]
        for partner in partners:
            Log._log_archive_event_apart(partner.with_env(self.env), "view_full")
        if request:
            request.archive_full_views = seen | set(partners.ids)

    def _log_refused_personal_data(self, field_names):
        """The refusal rolls the request back: the trail row is committed in a
        transaction of its own (never the value sent, only the field names)."""
        self.env["auditlog.log"]._log_archive_event_apart(
            self, "refused_write", detail=", ".join(name for name in field_names if is_personal_field(name))
        )
