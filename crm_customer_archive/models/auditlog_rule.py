from odoo import api, models

# Personal data never goes into the trail, whatever a rule's exclusions say:
# the ID number and birth date, their stored (private_*) columns and hashes.
PERSONAL_FIELDS = {"id_number", "birthdate", "birthdate_masked"}


def is_personal_field(name):
    return name in PERSONAL_FIELDS or name.startswith("private_") or name.endswith("_hash")


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    @api.model
    def create_logs(
        self, uid, res_model, res_ids, method, old_values=None, new_values=None, additional_log_values=None
    ):
        def scrub(values):
            if not values:
                return values
            return {
                res_id: {name: value for name, value in fields_values.items() if not is_personal_field(name)}
                for res_id, fields_values in values.items()
            }

        return super().create_logs(
            uid, res_model, res_ids, method, scrub(old_values), scrub(new_values), additional_log_values
        )
