# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty


class ResCompany(models.Model):
    """The privacy notice (隐私政策) the company shows its customers' portal
    users: purpose and scope of what it collects (PIPL art. 17). A portal user
    acknowledges it once per version (its date)."""

    _inherit = "res.company"

    privacy_notice = fields.Html(translate=True, sanitize_overridable=False)
    privacy_notice_date = fields.Date(
        help="The version of the notice. A later date asks every portal user to acknowledge it again.",
    )

    @api.constrains("privacy_notice", "privacy_notice_date")
    def _check_privacy_notice_date(self):
        for company in self:
            if company.privacy_notice_date and company.privacy_notice_date > fields.Date.context_today(self):
                raise ValidationError(self.env._("The privacy notice cannot be dated in the future."))
            if company._privacy_notice_published() and not company.privacy_notice_date:
                raise ValidationError(
                    self.env._("Give the privacy notice its date: portal users acknowledge it per date.")
                )

    def write(self, vals):
        # A new text without a new date is a new version all the same.
        if "privacy_notice" in vals and "privacy_notice_date" not in vals:
            vals = dict(vals, privacy_notice_date=fields.Date.context_today(self))
        return super().write(vals)

    def _privacy_notice_published(self):
        self.ensure_one()
        return not is_html_empty(self.privacy_notice)
