from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Follow-ups (跟进记录) of the opportunity
    followup_ids = fields.One2many("customer.followup", "lead_id", "Follow-ups")
    followup_count = fields.Integer("Follow-up Count", compute="_compute_followup_count")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_followup_count(self):
        """Follow-ups of each opportunity the user may read (cancelled ones
        left out): one grouped query for the whole page."""
        Followup = self.env["customer.followup"]
        counts = {}
        if self.ids and Followup.has_access("read"):
            groups = Followup._read_group(
                [("lead_id", "in", self.ids), ("state", "!=", "cancelled")], ["lead_id"], ["__count"]
            )
            counts = {lead.id: count for lead, count in groups}
        for lead in self:
            lead.followup_count = counts.get(lead._origin.id, 0)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id") and self.env["crm.stage"].browse(vals["stage_id"]).is_won:
            self._activate_won_prospects()
        return result

    def _followup_context(self):
        """New follow-ups of this opportunity: its customer, contact and topic."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if not customer:
            raise UserError(
                self.env._("Set the customer of opportunity “%(lead)s” before logging a follow-up.", lead=self.name)
            )
        return {
            "default_partner_id": customer.id,
            "default_contact_id": self.partner_id.id if self.partner_id != customer else False,
            "default_lead_id": self.id,
            "default_name": self.name,
        }

    def action_log_followup(self):
        self.ensure_one()
        return self.env["customer.followup"]._new_followup_action(self._followup_context())

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_followup_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = self._followup_context() if self.partner_id else {"default_lead_id": self.id}
        return action

    # Prospects on CRM (engineer B)

    def _activate_won_prospects(self):
        """Winning an opportunity makes its prospect a customer (合作中)."""
        prospects = self.partner_id.commercial_partner_id.filtered(lambda partner: partner.archive_state == "prospect")
        if not prospects:
            return
        # Whoever may win the opportunity moves its customer on; the partner's
        # record rules are for editing the archive by hand.
        prospects.sudo().write({"archive_state": "active"})
        for partner in prospects:
            won = self.filtered(lambda lead, partner=partner: lead.partner_id.commercial_partner_id == partner)
            partner.sudo().message_post(
                body=self.env._(
                    "Opportunity %(opportunity)s won: the prospect is now an active customer.",
                    opportunity=", ".join(won.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _create_customer(self, with_parent=None):
        """A customer created from a lead enters the archive as a prospect
        (an existing company it joins keeps its status)."""
        existing = (with_parent or self.partner_id).commercial_partner_id
        partner = super()._create_customer(with_parent=with_parent)
        commercial = partner.commercial_partner_id
        if commercial != existing and not commercial.archive_state:
            commercial.archive_state = "prospect"
        return partner
