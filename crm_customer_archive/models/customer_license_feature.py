import re

from odoo import api, fields, models
from odoo.exceptions import UserError

# A code is one machine word of the signed licence file: no blanks, and none of
# the separators the old comma-separated text used (ASCII and Chinese commas, ";").
INVALID_CODE = re.compile(r"[\s,，;；]")
SEPARATORS = re.compile(r"[\s,，;；]+")


def split_feature_codes(text):
    """The feature codes of an old comma-separated text, in order, once each:
    "mes, spc,,mes" → ["mes", "spc"]. Blanks separate codes too."""
    return list(dict.fromkeys(code for code in SEPARATORS.split(text or "") if code))


class CustomerLicenseFeature(models.Model):
    """A feature of a software product (功能模块) a licence unlocks: its code
    is what the signed licence file lists and the customer's software checks."""

    _name = "customer.license.feature"
    _description = "Licence Feature"
    _inherit = ["customer.archive.input.mixin"]
    _order = "sequence, code, id"
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True, help="Machine code written into the signed licence file, e.g. mes.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the feature between all companies."
    )

    _code_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))",
        "A licence feature with this code already exists.",
    )

    @api.model
    def _for_codes(self, codes, company=None):
        """The features of these codes for a record of ``company``: the
        company's own feature before a shared one; a code nobody defined yet
        becomes a new shared feature named by its code (the migration of the
        old comma-separated texts)."""
        Feature = self.with_context(active_test=False)
        features = self.browse()
        for code in codes:
            feature = Feature.search(
                [("code", "=", code), ("company_id", "in", [company.id if company else False, False])],
                order="company_id",  # NULLs (shared) last
                limit=1,
            )
            features |= feature or Feature.create({"code": code, "name": code})
        return features

    @api.model
    def _input_problem(self, field, value):
        if field.name == "code" and (not isinstance(value, str) or not value or INVALID_CODE.search(value)):
            return self.env._(
                "The feature code “%(code)s” is not valid: it must not be empty nor contain "
                "spaces, commas or semicolons (e.g. mes, spc, report).",
                code=value or "",
            )
        return super()._input_problem(field, value)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """Deleting a feature would silently take it out of licences and of
        the files issued next: only archiving is allowed once it is used."""
        for model_name, field_name in (
            ("customer.license", "feature_ids"),
            ("product.template", "license_feature_ids"),
        ):
            Model = self.env[model_name].sudo().with_context(active_test=False)
            if used := Model.search([(field_name, "in", self.ids)], limit=1):
                feature = used[field_name] & self
                raise UserError(
                    self.env._(
                        "The licence feature “%(feature)s” is used by “%(record)s” and cannot be deleted. "
                        "Archive it instead.",
                        feature=feature[:1].display_name,
                        record=used.display_name,
                    )
                )
