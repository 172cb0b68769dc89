from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerCompetitor(models.Model):
    """Who else supplies the customer (竞争对手), and how we compare."""

    _name = "customer.competitor"
    _description = "Competitor at a Customer"
    _inherit = ["customer.archive.input.mixin"]
    _order = "share desc, id"
    _rec_name = "competitor_name"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    competitor_name = fields.Char("Competitor", required=True)
    products = fields.Char("Products Supplied", help="What the competitor supplies to this customer now.")
    share = fields.Float("Share (%)", digits=(5, 1), help="The competitor's share of the customer's purchases.")
    price_level = fields.Selection(
        [("lower", "Lower than Ours"), ("similar", "Similar to Ours"), ("higher", "Higher than Ours")]
    )
    strengths = fields.Text()
    weaknesses = fields.Text()
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    def write(self, vals):
        result = super().write(vals)
        if "partner_id" in vals:
            # Record rules are checked before a write, on the old customer:
            # check them on the new one, so that an account manager does not
            # move a row to another account manager's customer.
            self.check_access("write")
        return result

    @api.constrains("share")
    def _check_share(self):
        for competitor in self:
            if not 0 <= competitor.share <= 100:
                raise ValidationError(
                    self.env._(
                        "The share of %(competitor)s must be between 0 and 100 %%, not %(share)s.",
                        competitor=competitor.competitor_name,
                        share=competitor.share,
                    )
                )
