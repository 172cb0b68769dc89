# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Consents of a contact (PIPL) and what follows from them: the ID number
    and birth date only with a consent in force for them; a contact who left
    (离职) loses portal access and mails."""

    _inherit = "res.partner"

    consent_ids = fields.One2many("customer.consent", "partner_id", "Consents")
    consent_count = fields.Integer(compute="_compute_consent_count")

    def _compute_consent_count(self):
        groups = self.env["customer.consent"]._read_group(
            [("partner_id", "in", self.ids), ("in_force", "=", True)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.consent_count = counts.get(partner.id, 0)

    @api.constrains("private_id_number", "private_birthdate")
    def _check_identity_consent(self):
        partners = self.sudo().filtered(lambda partner: partner.private_id_number or partner.private_birthdate)
        consented = partners._with_identity_consent()
        if missing := partners - consented:
            raise ValidationError(
                self.env._(
                    "%(partner)s has no consent in force for the storage of an ID number and a birth date: "
                    "record the person's consent (scope Personal Identity) first.",
                    partner=missing[0].display_name,
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("contact_state") == "left":
            self._cut_off_left_contacts()
        return result

    def _with_identity_consent(self):
        """The partners of self with a consent in force of scope personal identity."""
        groups = (
            self.env["customer.consent"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("scope", "=", "personal_identity"), ("in_force", "=", True)],
                ["partner_id"],
            )
        )
        return self.browse([partner.id for (partner,) in groups])

    def _clear_unconsented_identity(self):
        """After a withdrawal: whoever has no identity consent left loses the
        ID number and birth date. Called once the caller's right to withdraw
        is proven (the consent write), hence sudo."""
        partners = self.sudo()
        stale = (
            partners.filtered(lambda p: p.private_id_number or p.private_birthdate) - partners._with_identity_consent()
        )
        if stale:
            stale.write({"private_id_number": False, "private_birthdate": False})
            for partner in stale:
                self.env["auditlog.log"]._log_archive_event(
                    partner, "consent", detail="identity consent withdrawn: ID number and birth date cleared"
                )
        return stale

    def _cut_off_left_contacts(self):
        """A contact who left (离职) no longer speaks for the customer: no
        portal login, no following of documents; mail.thread and mail.template
        leave them out of mails from then on (mail_thread.py)."""
        left = self.sudo().filtered(lambda partner: partner.contact_state == "left")
        left.with_context(active_test=False).user_ids.filtered("share").write({"active": False})
        self.env["mail.followers"].sudo().search([("partner_id", "in", left.ids)]).unlink()

    def _privacy_notice_pending(self, company):
        """Whether this partner still has to acknowledge the company's current notice."""
        self.ensure_one()
        if not company._privacy_notice_published():
            return False
        return (
            not self.env["customer.consent"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.id),
                    ("company_id", "=", company.id),
                    ("scope", "=", "privacy_notice"),
                    ("in_force", "=", True),
                    ("notice_date", ">=", company.privacy_notice_date),
                ],
                limit=1,
            )
        )

    def _acknowledge_privacy_notice(self, company):
        """The partner (the portal user themself: the controller passes
        request.env.user.partner_id) acknowledges the current notice: a
        consent of scope privacy notice, channel portal, once per version."""
        self.ensure_one()
        if not self._privacy_notice_pending(company):
            return self.env["customer.consent"]
        return (
            self.env["customer.consent"]
            .sudo()
            .create(
                {
                    "partner_id": self.id,
                    "company_id": company.id,
                    "purpose": self.env._("Privacy notice of %(date)s acknowledged", date=company.privacy_notice_date),
                    "scope": "privacy_notice",
                    "channel": "portal",
                    "notice_date": company.privacy_notice_date,
                }
            )
        )

    def _left_contact_ids(self, partner_ids):
        """The ids among partner_ids of contacts who left (one query)."""
        if not partner_ids:
            return set()
        return set(
            self.with_context(active_test=False)
            .search([("id", "in", list(partner_ids)), ("contact_state", "=", "left")])
            .ids
        )

    def action_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_consent_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
