from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date, plaintext2html

from .customer_return_visit_rule import DEFAULT_RETURN_VISIT_DELAY_DAYS, RETURN_VISIT_DELAY_PARAM

# Internal notes of a follow-up: never shown to the customer's portal users,
# who read their own return visits (date, method, status, satisfaction).
INTERNAL = "base.group_user"
SATISFACTION = [
    ("1", "1 - Very Dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very Satisfied"),
]


class CustomerFollowup(models.Model):
    """A return visit (回访) is a follow-up of the service: after a complaint
    closed, or periodically per customer level. Same model, so that the visit
    report, the calendar and the account manager's plan show every contact
    with the customer."""

    _inherit = "customer.followup"

    followup_type = fields.Selection(
        [("sales", "Sales Follow-up"), ("return_visit", "Return Visit")],
        string="Type",
        required=True,
        default="sales",
        index=True,
        tracking=True,
    )
    complaint_id = fields.Many2one(
        "customer.complaint",
        "Origin Complaint",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        groups=INTERNAL,
        help="The closed complaint this return visit follows.",
    )
    satisfaction = fields.Selection(SATISFACTION, tracking=True, help="How satisfied the customer said they are.")
    visit_answers = fields.Html("Questions Answered", groups=INTERNAL)
    issues_raised = fields.Text(
        groups=INTERNAL, help="Problems the customer raised: “Raise Complaint” turns them into a complaint."
    )
    raised_complaint_id = fields.Many2one(
        "customer.complaint",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups=INTERNAL,
    )
    is_overdue = fields.Boolean(
        "Overdue", compute="_compute_is_overdue", search="_search_is_overdue", help="Planned and its time has passed."
    )
    # The internal notes of every follow-up stay internal (portal users read return visits).
    result = fields.Text(groups=INTERNAL)
    next_step = fields.Text(groups=INTERNAL)
    cancel_reason = fields.Text(groups=INTERNAL)

    _return_visit_partner_date_idx = models.Index(
        "(partner_id, date_start DESC) WHERE followup_type = 'return_visit' AND state != 'cancelled'"
    )

    @api.depends_context("uid")
    @api.depends("state", "date_start")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for followup in self:
            followup.is_overdue = followup.state == "planned" and followup.date_start < now

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented  # the ORM turns "=" / "!=" / "not in" into "in"
        overdue = Domain("state", "=", "planned") & Domain("date_start", "<", fields.Datetime.now())
        return overdue if True in value else ~overdue

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        if not self.env.su:
            today = fields.Date.context_today(self)
            for visit in followups.filtered(lambda followup: followup.followup_type == "return_visit"):
                if fields.Date.context_today(self, visit.date_start) < today:
                    raise UserError(
                        self.env._(
                            "Return visit “%(topic)s” is planned on %(date)s, in the past: plan it for today or later.",
                            topic=visit.name,
                            date=format_date(self.env, visit.date_start),
                        )
                    )
        return followups

    def action_raise_complaint(self):
        """The issues the customer raised become a complaint, linked to the visit."""
        self.ensure_one()
        if self.followup_type != "return_visit":
            raise UserError(self.env._("Only a return visit raises a complaint."))
        if self.raised_complaint_id:
            raise UserError(
                self.env._(
                    "Return visit “%(topic)s” already raised complaint %(complaint)s.",
                    topic=self.name,
                    complaint=self.raised_complaint_id.display_name,
                )
            )
        issues = (self.issues_raised or "").strip()
        if not issues:
            raise UserError(
                self.env._(
                    "Write the issues raised in return visit “%(topic)s” before raising a complaint.", topic=self.name
                )
            )
        complaint = self.env["customer.complaint"].create(
            {
                "title": issues.splitlines()[0][:200],
                "description": plaintext2html(issues),
                "partner_id": self.partner_id.id,
                "reporter_id": self.contact_id.id,
                "channel": "visit",
                "company_id": self.company_id.id,
            }
        )
        self.raised_complaint_id = complaint
        return complaint.get_formview_action()

    @api.model
    def _return_visit_values(self, customer, user, date_start, **values):
        """A planned return visit, its topic in the account manager's language."""
        lang_env = self.with_context(lang=user.lang).env
        return {
            "name": lang_env._("Return visit: %(customer)s", customer=customer.name),
            "followup_type": "return_visit",
            "partner_id": customer.id,
            "user_id": user.id,
            "method": "call",
            "stage": "after_sales",
            "date_start": date_start,
            **values,
        }

    @api.model
    def _return_visit_delay_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RETURN_VISIT_DELAY_PARAM)
        try:
            days = int(value) if value else DEFAULT_RETURN_VISIT_DELAY_DAYS
        except ValueError:
            days = DEFAULT_RETURN_VISIT_DELAY_DAYS
        return timedelta(days=max(days, 1))
