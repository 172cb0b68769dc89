from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Why the archive scheduled this activity: the nightly run adds one per
    # customer and reason, never a second while the first is open.
    archive_reason = fields.Selection(
        [
            ("status", "Status Proposal"),
            ("revenue_drop", "Revenue Falling"),
            ("complaint", "Complaints Without Closure"),
            ("overdue", "Overdue Payments"),
            ("no_followup", "No Follow-up"),
        ],
        readonly=True,
        index="btree_not_null",
    )
