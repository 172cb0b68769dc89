# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class CustomerComplaint(models.Model):
    """What the service KPIs need on a request: the work records and their
    hours, reopenings and the service team."""

    _inherit = "customer.complaint"

    team_id = fields.Many2one(
        "crm.team",
        string="Service Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Defaults to the sales team of the responsible engineer.",
    )
    work_ids = fields.One2many("customer.complaint.work", "complaint_id", string="Work Records")
    work_hours = fields.Float(
        "Hours Worked", compute="_compute_work_hours", store=True, aggregator="sum", help="Sum of the work records."
    )
    reopen_count = fields.Integer(
        "Times Reopened",
        copy=False,
        readonly=True,
        help="How many times the request was reopened after its resolution.",
    )
    date_reopened = fields.Datetime("Last Reopened On", copy=False, readonly=True)

    @api.depends("user_id")
    def _compute_team_id(self):
        for complaint in self:
            user = complaint.user_id
            # Keep a team the engineer belongs to; otherwise the engineer's own team.
            if user and complaint.team_id not in user.crm_team_ids:
                complaint.team_id = user.sale_team_id or complaint.team_id

    @api.depends("work_ids.duration")
    def _compute_work_hours(self):
        for complaint in self:
            complaint.work_hours = sum(complaint.work_ids.mapped("duration"))

    def _on_stage_change(self, old_stage):  # pylint: disable=missing-return
        super()._on_stage_change(old_stage)
        stage = self.stage_id
        was_resolved = old_stage.is_resolved or (old_stage.is_closed and not old_stage.is_rejected)
        if was_resolved and not (stage.is_resolved or stage.is_closed):
            # Reopened: the resolution (time, SLA outcome) is measured again at the next one.
            self.write(
                {
                    "reopen_count": self.reopen_count + 1,
                    "date_reopened": fields.Datetime.now(),
                    "date_resolved": False,
                    "date_closed": False,
                }
            )
