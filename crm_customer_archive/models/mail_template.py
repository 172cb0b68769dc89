from odoo import models


class MailTemplate(models.Model):
    """A template's mail never goes to a contact who left (离职)."""

    _inherit = "mail.template"

    def _generate_template_recipients(
        self, res_ids, render_fields, allow_suggested=False, find_or_create_partners=False, render_results=None
    ):
        render_results = super()._generate_template_recipients(
            res_ids,
            render_fields,
            allow_suggested=allow_suggested,
            find_or_create_partners=find_or_create_partners,
            render_results=render_results,
        )
        Partner = self.env["res.partner"].sudo()
        for values in render_results.values():
            if values.get("partner_ids"):
                left = Partner._left_contact_ids(values["partner_ids"])
                values["partner_ids"] = [pid for pid in values["partner_ids"] if pid not in left]
        return render_results
