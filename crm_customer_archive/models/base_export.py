# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.exceptions import AccessError
from odoo.orm.models import fix_import_export_id_paths

from .auditlog_rule import is_personal_field

PERSONAL_DATA_GROUP = "crm_customer_archive.group_archive_personal_data"


class Base(models.AbstractModel):
    _inherit = "base"

    def export_data(self, fields_to_export):
        """Exporting a contact's ID number or birth date, from any model
        (``partner_id/id_number`` too), needs the Personal Data group."""
        if not self.env.su and not self.env.user.has_group(PERSONAL_DATA_GROUP):
            personal = [path for path in fields_to_export if self._exports_personal_data(path)]
            if personal:
                raise AccessError(
                    self.env._(
                        "Exporting personal data (%(fields)s) is reserved to the group “Personal Data”.",
                        fields=", ".join(personal),
                    )
                )
        return super().export_data(fields_to_export)

    def _exports_personal_data(self, path):
        model = self
        for name in fix_import_export_id_paths(path):
            field = model._fields.get(name)
            if field is None:
                return False
            if model._name == "res.partner" and is_personal_field(name):
                return True
            if not field.relational:
                return False
            model = self.env[field.comodel_name]
        return False
