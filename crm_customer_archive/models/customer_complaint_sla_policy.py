from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_defect_type import COMPLAINT_KINDS

SEVERITIES = [("minor", "Minor"), ("major", "Major"), ("critical", "Critical")]
SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}


class CustomerComplaintSlaPolicy(models.Model):
    """Response and resolution targets, in working hours of the company's
    calendar, for complaints of a kind, severity and customer level."""

    _name = "customer.complaint.sla.policy"
    _description = "Complaint SLA Policy"
    _inherit = ["customer.archive.input.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(COMPLAINT_KINDS, help="Leave empty for every kind.")
    severity = fields.Selection(SEVERITIES, help="Leave empty for every severity.")
    customer_level = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["customer_level"].selection,
        help="Leave empty for every customer level.",
    )
    response_hours = fields.Float("Response Time (working hours)", required=True, default=8.0)
    resolution_hours = fields.Float("Resolution Time (working hours)", required=True, default=40.0)
    at_risk_percent = fields.Float(
        "At Risk After (%)", default=80.0, help="Share of the resolution time after which the complaint is at risk."
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, help="Empty: shared by every company."
    )
    active = fields.Boolean(default=True)

    @api.constrains("response_hours", "resolution_hours", "at_risk_percent")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(self.env._("SLA times must be greater than zero."))
            if policy.response_hours > policy.resolution_hours:
                raise ValidationError(self.env._("The response time cannot be longer than the resolution time."))
            if not 0 < policy.at_risk_percent < 100:
                raise ValidationError(self.env._("The at-risk threshold must lie between 0 and 100 %."))

    def _match(self, complaint):
        """The most specific active policy for the complaint: a policy of its
        request type first, then kind, severity and customer level each
        count; or an empty recordset."""
        candidates = self.search(
            [
                ("company_id", "in", [complaint.company_id.id, False]),
                ("request_type", "in", [complaint.request_type, False]),
                ("kind", "in", [complaint.kind, False]),
                ("severity", "in", [complaint.severity, False]),
                ("customer_level", "in", [complaint.partner_id.customer_level or False, False]),
            ]
        )
        return candidates.sorted(
            lambda policy: (
                not policy.request_type,
                -(bool(policy.kind) + bool(policy.severity) + bool(policy.customer_level)),
                policy.sequence,
            )
        )[:1]
