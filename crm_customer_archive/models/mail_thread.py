from odoo import models


class MailThread(models.AbstractModel):
    """Contacts who left (离职, res.partner.contact_state) receive no more
    mails and follow no more documents: from the moment they are marked."""

    _inherit = "mail.thread"

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if partner_ids:
            left = self.env["res.partner"].sudo()._left_contact_ids(partner_ids)
            partner_ids = [pid for pid in partner_ids if pid not in left]
        return super()._message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        left = self.env["res.partner"].sudo()._left_contact_ids([data["id"] for data in recipients if data.get("id")])
        return [data for data in recipients if data.get("id") not in left]
