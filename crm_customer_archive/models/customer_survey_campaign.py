from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

RECURRENCES = [("once", "Once"), ("quarterly", "Quarterly"), ("yearly", "Yearly")]
RECURRENCE_MONTHS = {"quarterly": 3, "yearly": 12}


class CustomerSurveyCampaign(models.Model):
    """A satisfaction campaign: a survey sent to the contacts of the customers
    of a level and/or category, once or periodically (e.g. yearly for the key
    customers). Each invitation is an answer (survey.user_input) of the campaign."""

    _name = "customer.survey.campaign"
    _description = "Satisfaction Survey Campaign"
    _check_company_auto = True
    _order = "date_next, id desc"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="The customers of this company; empty: a campaign shared by every company.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.company.complaint_survey_id,
    )
    customer_level = fields.Selection(
        # The partner's levels, labelled in the user's language.
        selection=lambda self: self.env["res.partner"]._fields["customer_level"]._description_selection(self.env),
        string="Importance Level",
        help="Only the customers of this level; empty: every level.",
    )
    customer_category_ids = fields.Many2many(
        "customer.archive.option",
        string="Customer Categories",
        domain=[("category", "=", "customer_category")],
        help="Only the customers of these categories; empty: every category.",
    )
    recurrence = fields.Selection(RECURRENCES, required=True, default="once")
    date_next = fields.Date(
        "Next Sending",
        default=fields.Date.context_today,
        help="The scheduled action sends the campaign on this day; periodic campaigns then move it on.",
    )
    date_last_sent = fields.Datetime("Last Sent", readonly=True, copy=False)
    recipient_ids = fields.Many2many("res.partner", string="Recipients", compute="_compute_recipient_ids")
    recipient_count = fields.Integer("Number of Recipients", compute="_compute_recipient_ids")
    answer_count = fields.Integer("Invitations", compute="_compute_answer_counts")
    answer_done_count = fields.Integer("Answered", compute="_compute_answer_counts")

    def _recipient_domain(self):
        """The contacts with an e-mail, still at a customer that matches."""
        self.ensure_one()
        customers = Domain("commercial_partner_id.is_company", "=", True)
        if self.company_id:
            customers &= Domain("commercial_partner_id.company_id", "in", [False, self.company_id.id])
        if self.customer_level:
            customers &= Domain("commercial_partner_id.customer_level", "=", self.customer_level)
        if self.customer_category_ids:
            customers &= Domain("commercial_partner_id.customer_category_id", "in", self.customer_category_ids.ids)
        return (
            customers
            & Domain("is_company", "=", False)
            & Domain("email", "!=", False)
            & Domain("contact_state", "!=", "left")
        )

    @api.depends("customer_level", "customer_category_ids", "company_id")
    def _compute_recipient_ids(self):
        Partner = self.env["res.partner"]
        for campaign in self:
            campaign.recipient_ids = Partner.search(campaign._recipient_domain())
            campaign.recipient_count = len(campaign.recipient_ids)

    def _compute_answer_counts(self):
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group([("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"])
        )
        sent, done = {}, {}
        for campaign, state, count in groups:
            sent[campaign.id] = sent.get(campaign.id, 0) + count
            if state == "done":
                done[campaign.id] = count
        for campaign in self:
            campaign.answer_count = sent.get(campaign.id, 0)
            campaign.answer_done_count = done.get(campaign.id, 0)

    def action_send(self):
        """Invite every recipient now; a periodic campaign moves on to its next date."""
        self.ensure_one()
        self.check_access("write")
        recipients = self.recipient_ids
        if not recipients:
            raise UserError(
                self.env._(
                    "The campaign %(campaign)s has no recipients: no contact with an e-mail at a matching customer.",
                    campaign=self.name,
                )
            )
        if not self.survey_id.active:
            raise UserError(self.env._("The survey %(survey)s is archived.", survey=self.survey_id.display_name))
        # The campaign's managers may write it (checked above): the answers and
        # mails are the company's, made as superuser through survey's own creation.
        survey = self.survey_id.sudo()
        answers = self.env["survey.user_input"].sudo()
        for contact in recipients:
            answers |= survey._create_answer(partner=contact, check_attempts=False, campaign_id=self.id)
        answers._send_archive_invitation()
        months = RECURRENCE_MONTHS.get(self.recurrence)
        today = fields.Date.context_today(self)
        self.write(
            {
                "date_last_sent": fields.Datetime.now(),
                "date_next": max(self.date_next or today, today) + relativedelta(months=months) if months else False,
            }
        )
        return True

    @api.model
    def _cron_send_due_campaigns(self):
        today = fields.Date.context_today(self)
        for campaign in self.search([("date_next", "<=", today)]):
            if campaign.recipient_ids:
                campaign.action_send()
