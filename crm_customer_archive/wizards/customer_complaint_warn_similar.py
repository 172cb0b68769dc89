from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import html2plaintext

from ..models.customer_defect_watch import SIMILARITY_REASONS


class CustomerComplaintWarnSimilar(models.TransientModel):
    """Lessons for similar customers (举一反三): once a complaint's root cause
    is known, the customers whose parts share its part's production grade, end
    use or forming difficulty get the defect on their watch list and their
    account managers a to-do."""

    _name = "customer.complaint.warn.similar"
    _description = "Warn Similar Customers"

    complaint_id = fields.Many2one("customer.complaint", required=True, readonly=True, ondelete="cascade")
    defect_type_id = fields.Many2one(related="complaint_id.defect_type_id")
    part_id = fields.Many2one(related="complaint_id.part_id")
    line_ids = fields.One2many(
        "customer.complaint.warn.similar.line",
        "wizard_id",
        string="Similar Customers",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("complaint_id")
    def _compute_line_ids(self):
        Watch = self.env["customer.defect.watch"]
        for wizard in self:
            found = Watch._similar_customers(wizard.complaint_id) if wizard.complaint_id else []
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "partner_id": line["partner"].id,
                        "part_id": line["part_id"],
                        "reason": line["reason"],
                        "reason_value_id": line["value"].id,
                    }
                )
                for line in found
            ]

    @api.model
    def _check_complaint(self, complaint):
        """What a lesson needs: a root cause, the part and the defect."""
        if not html2plaintext(complaint.root_cause or "").strip():
            raise UserError(
                self.env._(
                    "Complaint %s has no root cause yet: find it before warning similar customers.", complaint.name
                )
            )
        if not complaint.part_id:
            raise UserError(
                self.env._(
                    "Complaint %s names no customer part: similar customers are found by their parts.", complaint.name
                )
            )
        if not complaint.defect_type_id:
            raise UserError(
                self.env._("Complaint %s has no defect type: there is nothing to put on a watch list.", complaint.name)
            )

    def action_confirm(self):
        self.ensure_one()
        complaint = self.complaint_id
        self._check_complaint(complaint)
        if not self.line_ids:
            raise UserError(self.env._("No customer is left to warn: close the dialog instead."))
        watches = self.env["customer.defect.watch"].create(
            [
                {
                    "partner_id": line.partner_id.id,
                    "defect_type_id": complaint.defect_type_id.id,
                    "complaint_id": complaint.id,
                    "reason": line.reason,
                    "reason_value_id": line.reason_value_id.id,
                    "company_id": complaint.company_id.id,
                }
                for line in self.line_ids
            ]
        )
        for watch in watches:
            watch._schedule_account_manager_activity()
        complaint.message_post(body=self._chatter_body(watches), subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}

    def _chatter_body(self, watches):
        reasons = dict(self.env["customer.defect.watch"]._fields["reason"]._description_selection(self.env))
        items = Markup().join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(customer)s (%(reason)s: %(value)s) — %(manager)s",
                customer=watch.partner_id.display_name,
                reason=reasons[watch.reason],
                value=watch.reason_value_id.name,
                manager=watch.partner_id.user_id.name or self.env._("no account manager"),
            )
            for watch in watches
        )
        title = self.env._(
            "Similar customers warned of %(defect)s (举一反三):", defect=self.complaint_id.defect_type_id.name
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (title, items)


class CustomerComplaintWarnSimilarLine(models.TransientModel):
    _name = "customer.complaint.warn.similar.line"
    _description = "Similar Customer to Warn"

    wizard_id = fields.Many2one("customer.complaint.warn.similar", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Account Manager")
    part_id = fields.Many2one("customer.part", string="Their Part")
    reason = fields.Selection(SIMILARITY_REASONS, string="Shares", required=True)
    reason_value_id = fields.Many2one("customer.archive.option", string="Shared Value")
