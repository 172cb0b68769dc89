from odoo import fields, models


class CustomerComplaintStage(models.Model):
    """A step of the complaint process (8D): its flags drive the rules of the
    complaint form, the SLA clock and the reporter's e-mail."""

    _name = "customer.complaint.stage"
    _description = "Complaint Stage"
    _inherit = ["customer.archive.input.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean("Folded in Kanban")
    description = fields.Text(translate=True)
    requires_root_cause = fields.Boolean(
        help="Complaints can enter this stage only with a root cause and a corrective action."
    )
    is_resolved = fields.Boolean(
        "Resolved", help="The problem is solved: the resolution date is set and the reporter is told."
    )
    is_closed = fields.Boolean("Closed", help="The complaint is finished (closed or rejected).")
    is_rejected = fields.Boolean("Rejected", help="Unfounded complaint: a rejection reason is required.")
    pauses_sla = fields.Boolean(
        "Pauses the SLA Clock", help="Time spent in this stage does not count towards the SLA deadlines."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail to the Reporter",
        domain=[("model", "=", "customer.complaint")],
        help="Sent to the reporter when a complaint enters this stage.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: shared by every company.")
