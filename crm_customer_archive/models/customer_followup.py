from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime, plaintext2html

OFFICER_GROUP = "crm_customer_archive.group_archive_officer"
# The context key with which the actions (and only they) change ``state``. Its
# value is an object no RPC client can send (JSON has none), so a client that
# puts the key in its context is still refused.
STATE_CHANGE_KEY = "customer_followup_state_change"
STATE_CHANGE = object()


class CustomerFollowup(models.Model):
    """A follow-up of a customer (跟进记录): a visit, call, meeting, e-mail or
    exhibition contact, planned and then done (with its result) or cancelled.

    A model and not a mail.activity type: a done activity is deleted and leaves
    only a chatter message, so its topic, method, stage, start and end, contact
    and result could no longer be searched, grouped, cancelled (撤销, kept with
    its reason) nor counted in the visit report per account manager and week.
    Activities still do what they are good at: the next step of a done
    follow-up is scheduled as an activity on the customer.
    """

    _name = "customer.followup"
    _description = "Customer Follow-up"
    _inherit = ["customer.archive.input.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char("Topic", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        "Contact Met",
        index="btree_not_null",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'contact')]",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Account Manager",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    method = fields.Selection(
        [
            ("visit", "Visit"),
            ("call", "Phone Call"),
            ("meeting", "Meeting"),
            ("email", "E-mail"),
            ("exhibition", "Exhibition"),
        ],
        required=True,
        default="visit",
        tracking=True,
    )
    # Where the relationship stands at this follow-up, from first contact to after-sales.
    stage = fields.Selection(
        [
            ("initial", "Initial Contact"),
            ("needs", "Needs Analysis"),
            ("proposal", "Proposal / Quotation"),
            ("negotiation", "Negotiation"),
            ("after_sales", "After-sales Service"),
        ],
        tracking=True,
    )
    date_start = fields.Datetime("Start Time", required=True, default=fields.Datetime.now, tracking=True)
    date_end = fields.Datetime("End Time", tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        required=True,
        default="planned",
        copy=False,
        tracking=True,
    )
    result = fields.Text(
        "Follow-up Result", copy=False, tracking=True, help="What came out of it: required to mark it done."
    )
    next_step = fields.Text(copy=False)
    next_date = fields.Date(
        copy=False,
        help="When the follow-up is done, the next step is scheduled as an activity on the customer on this date.",
    )
    cancel_reason = fields.Text("Cancellation Reason", copy=False, readonly=True, tracking=True)
    lead_id = fields.Many2one("crm.lead", "Opportunity", index="btree_not_null", check_company=True)
    event_id = fields.Many2one("calendar.event", "Calendar Event", index="btree_not_null", ondelete="set null")

    # The list's default order and the filters of the visit report (state, method)
    # and of the customer's page, newest first.
    _date_start_id_idx = models.Index("(date_start DESC, id DESC)")
    _partner_state_date_idx = models.Index("(partner_id, state, date_start DESC)")
    _user_state_method_date_idx = models.Index("(user_id, state, method, date_start)")

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for followup in self:
            if followup.date_end and followup.date_end < followup.date_start:
                raise ValidationError(
                    self.env._(
                        "Follow-up “%(topic)s” ends before it starts.",
                        topic=followup.name,
                    )
                )

    @api.constrains("partner_id", "contact_id", "lead_id")
    def _check_partners(self):
        for followup in self:
            customer = followup.partner_id
            if customer.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "A follow-up is of a customer, not of its contact %(contact)s: choose %(customer)s.",
                        contact=customer.display_name,
                        customer=customer.commercial_partner_id.display_name,
                    )
                )
            contact = followup.contact_id
            if contact and (contact == customer or contact.commercial_partner_id != customer):
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of %(customer)s.",
                        contact=contact.display_name,
                        customer=customer.display_name,
                    )
                )
            lead_customer = followup.lead_id.partner_id.commercial_partner_id
            if lead_customer and lead_customer != customer:
                raise ValidationError(
                    self.env._(
                        "The opportunity %(lead)s is of %(lead_customer)s, not of %(customer)s.",
                        lead=followup.lead_id.display_name,
                        lead_customer=lead_customer.display_name,
                        customer=customer.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: no forged follow-ups
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        if not self.env.su:
            # Checked on the records, so that ``default_*`` context keys are too.
            if not_planned := followups.filtered(lambda followup: followup.state != "planned"):
                raise UserError(
                    self.env._(
                        "Follow-up “%(topic)s” must be logged as planned: mark it done or cancel it with its buttons.",
                        topic=not_planned[0].name,
                    )
                )
            followups._check_own_name()
        return followups

    def write(self, vals):
        if "state" in vals and not self.env.su and self.env.context.get(STATE_CHANGE_KEY) is not STATE_CHANGE:
            raise UserError(
                self.env._(
                    "The status of a follow-up changes only with its buttons “Mark Done”, “Cancel Follow-up” "
                    "and “Set to Planned”."
                )
            )
        result = super().write(vals)
        if not self.env.su and "user_id" in vals:
            self._check_own_name()
        if not self.env.su and ("partner_id" in vals or "user_id" in vals):
            # Record rules are checked before a write, on the old values: check
            # them again, so that a follow-up is not moved to a customer (or an
            # account manager) the user may not log follow-ups for.
            self.check_access("write")
        return result

    def _check_own_name(self):
        """Account managers log follow-ups in their own name only (the visit
        report counts them per account manager); officers for anybody."""
        if self.env.user.has_group(OFFICER_GROUP):
            return
        if others := self.filtered(lambda followup: followup.user_id != self.env.user):
            raise AccessError(
                self.env._(
                    "You log follow-ups in your own name only, not in the name of %(user)s (follow-up “%(topic)s”).",
                    user=others[0].user_id.name,
                    topic=others[0].name,
                )
            )

    def _write_state(self, vals):
        return self.with_context(**{STATE_CHANGE_KEY: STATE_CHANGE}).write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        """Done: with its result; a note in the customer's (and opportunity's)
        chatter and the next step scheduled on the customer."""
        for followup in self:
            if followup.state != "planned":
                raise UserError(
                    self.env._("Follow-up “%(topic)s” is not planned: it cannot be done.", topic=followup.name)
                )
            if followup.date_start > fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "Follow-up “%(topic)s” starts on %(start)s: it cannot be done before it has started.",
                        topic=followup.name,
                        start=format_datetime(self.env, followup.date_start),
                    )
                )
            if not (followup.result or "").strip():
                raise UserError(
                    self.env._("Write the result of follow-up “%(topic)s” before marking it done.", topic=followup.name)
                )
        self._write_state({"state": "done"})
        for followup in self:
            followup._post_done_notes()
            followup._schedule_next_step()
        return True

    def action_cancel(self):
        """The cancel dialog: asks for the reason."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Follow-up"),
            "res_model": "customer.followup.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_followup_ids": self.ids},
        }

    def _cancel(self, reason):
        """撤销: kept (searchable, reported as cancelled), never deleted."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the follow-up."))
        cancelled = self.filtered(lambda followup: followup.state == "cancelled")
        if cancelled:
            raise UserError(self.env._("Follow-up “%(topic)s” is already cancelled.", topic=cancelled[0].name))
        self._write_state({"state": "cancelled", "cancel_reason": reason.strip()})

    def action_reset_planned(self):
        self.filtered(lambda followup: followup.state == "cancelled")._write_state(
            {"state": "planned", "cancel_reason": False}
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _new_followup_action(self, context):
        """The form of a new follow-up, prefilled from where it is logged
        (``default_*`` keys: the opportunity, the meeting)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Follow-up"),
            "res_model": "customer.followup",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _post_done_notes(self):
        """Names the follow-up and its account manager, without its result or
        next step: every employee reads the customer's chatter, only those
        allowed to read the follow-up (its link) see what came out of it."""
        self.ensure_one()
        body = self.env._(
            "%(method)s done by %(user)s: %(followup)s",
            method=dict(self._fields["method"]._description_selection(self.env))[self.method],
            user=self.user_id.name,
            followup=self._get_html_link(),
        )
        self.partner_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        if self.lead_id:
            # The author may log a follow-up of an opportunity without being
            # allowed to post on it (an officer, not its salesperson).
            self.lead_id.sudo().message_post(
                body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id
            )

    def _schedule_next_step(self):
        self.ensure_one()
        if not self.next_date:
            return
        self.partner_id.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.next_date,
            # In the language of the account manager who will do it.
            summary=self.with_context(lang=self.user_id.lang).env._("Next step of “%(topic)s”", topic=self.name),
            note=plaintext2html(self.next_step or ""),
            user_id=self.user_id.id,
        )
