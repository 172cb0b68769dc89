# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    return_visit_ids = fields.One2many(
        "customer.followup", "complaint_id", string="Return Visits", groups="base.group_user"
    )

    def _on_stage_change(self, old_stage):  # pylint: disable=missing-return
        super()._on_stage_change(old_stage)
        stage = self.stage_id
        # Complaints only: praise, suggestions and inquiries get no return visit.
        if self.request_type == "complaint" and stage.is_closed and not stage.is_rejected:
            self._schedule_return_visit()

    def _schedule_return_visit(self):
        """A planned return visit N days after closure (setting), with the
        reporter, for the customer's account manager, else the engineer."""
        self.ensure_one()
        Followup = self.env["customer.followup"]
        customer = self.partner_id.commercial_partner_id
        user = customer.user_id or self.user_id or self.env.user
        if Followup.sudo().search_count([("complaint_id", "=", self.id), ("state", "=", "planned")], limit=1):
            return  # closed again after a reopening: its visit is still planned
        # The closing user may write the complaint, not necessarily log visits
        # for the customer's account manager: created as the system.
        Followup.sudo().create(
            Followup._return_visit_values(
                customer,
                user,
                fields.Datetime.now() + Followup._return_visit_delay_days(),
                complaint_id=self.id,
                contact_id=self.reporter_id.id,
                company_id=self.company_id.id,
            )
        )
