from odoo import fields, models

POOL_MOVE_ACTIONS = [
    ("claim", "Claimed"),
    ("release", "Released"),
    ("returned", "Returned to Pool"),
    ("assign", "Assigned"),
    ("handover", "Handed Over"),
]


class CustomerPoolMove(models.Model):
    """A movement of a customer between the customer pool (客户公海) and the
    account managers: who took it, who gave it back, who handed it over.
    Written by the code only (claim, release, automatic return, assignment,
    hand-over), read for the analysis of the pool."""

    _name = "customer.pool.move"
    _description = "Customer Pool Movement"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    action = fields.Selection(POOL_MOVE_ACTIONS, required=True, index=True)
    from_user_id = fields.Many2one("res.users", string="From", ondelete="set null")
    to_user_id = fields.Many2one("res.users", string="To", ondelete="set null")
    note = fields.Text()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
