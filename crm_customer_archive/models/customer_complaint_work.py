from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A work entry covers at most one day.
MAX_WORK_HOURS = 24.0


class CustomerComplaintWork(models.Model):
    """Time spent on a request (工作记录): who worked on it, when, how long
    and what was done. Summed on the request and in the service scorecard."""

    _name = "customer.complaint.work"
    _description = "Complaint Work Record"
    _inherit = ["customer.archive.input.mixin"]
    _check_company_auto = True
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "customer.complaint", string="Service Request", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    duration = fields.Float("Duration (h)", required=True, aggregator="sum")
    note = fields.Char("Work Done")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)

    @api.constrains("duration")
    def _check_duration(self):
        for work in self:
            if not 0 < work.duration <= MAX_WORK_HOURS:
                raise ValidationError(
                    self.env._(
                        "The time spent must be more than 0 and at most %(max)s hours, not %(hours)s.",
                        max=MAX_WORK_HOURS,
                        hours=work.duration,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        for work in self:
            if work.date > fields.Date.context_today(work):
                raise ValidationError(
                    self.env._("Work cannot be recorded for a future day (%(date)s).", date=work.date)
                )

    @api.constrains("user_id")
    def _check_user(self):
        for work in self:
            if work.user_id.share:
                raise ValidationError(
                    self.env._("%(user)s is not an employee: only employees record work.", user=work.user_id.name)
                )
