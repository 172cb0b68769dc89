from odoo import fields, models
from odoo.exceptions import UserError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _followup_customer(self):
        """The customer met and the contact met: the opportunity's customer,
        else the first attendee who is not an employee; the contact is an
        attendee of that customer."""
        self.ensure_one()
        guests = self.partner_ids.filtered(lambda partner: not partner.user_ids.filtered(lambda user: not user.share))
        customer = self.opportunity_id.partner_id.commercial_partner_id or guests[:1].commercial_partner_id
        contact = guests.filtered(lambda partner: partner != customer and partner.commercial_partner_id == customer)
        return customer, contact[:1]

    def action_log_followup(self):
        """The follow-up of this meeting: the one logged before, or a new one
        with its customer, contact, opportunity, topic and times."""
        self.ensure_one()
        logged = self.env["customer.followup"].search([("event_id", "=", self.id)], limit=1)
        if logged:
            return logged.get_formview_action()
        customer, contact = self._followup_customer()
        if not customer:
            raise UserError(
                self.env._(
                    "Meeting “%(event)s” has no customer among its attendees: invite the customer's contact first.",
                    event=self.name,
                )
            )
        return self.env["customer.followup"]._new_followup_action(
            {
                "default_partner_id": customer.id,
                "default_contact_id": contact.id,
                "default_lead_id": self.opportunity_id.id,
                "default_event_id": self.id,
                "default_name": self.name,
                "default_date_start": fields.Datetime.to_string(self.start),
                "default_date_end": fields.Datetime.to_string(self.stop),
            }
        )
