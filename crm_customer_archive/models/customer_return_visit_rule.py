from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Settings: a closed complaint gets a return visit this many days later.
RETURN_VISIT_DELAY_PARAM = "crm_customer_archive.return_visit_delay_days"
DEFAULT_RETURN_VISIT_DELAY_DAYS = 7


def _customer_levels(model):
    # The customer's importance levels, labels in the user's language.
    return model.env["res.partner"]._fields["customer_level"]._description_selection(model.env)


class CustomerReturnVisitRule(models.Model):
    """How often the customers of a level get a return visit (回访): the
    daily cron plans the next one when the latest is older than the interval."""

    _name = "customer.return.visit.rule"
    _description = "Periodic Return Visit Rule"
    _order = "customer_level, id"
    _check_company_auto = True

    customer_level = fields.Selection(_customer_levels, string="Importance Level", required=True)
    interval_days = fields.Integer("Every (days)", required=True, default=90)
    # Empty: the rule of every company. Two rules of a level: the shorter interval wins.
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.constrains("interval_days")
    def _check_interval_days(self):
        for rule in self:
            if rule.interval_days <= 0:
                raise ValidationError(
                    self.env._(
                        "A return visit is planned every 1 day or more, not every %(days)s.", days=rule.interval_days
                    )
                )

    @api.model
    def _cron_plan_return_visits(self):
        """For each rule: the customers of its level whose latest return visit
        (planned ones included) is older than the interval, or who never had
        one, get a visit planned for tomorrow. One grouped query per rule."""
        Followup = self.env["customer.followup"].sudo()
        now = fields.Datetime.now()
        for rule in self.search([]):
            customers = (
                self.env["res.partner"]
                .sudo()
                .search(
                    [
                        ("is_archive_customer", "in", [True]),
                        ("customer_level", "=", rule.customer_level),
                        *([("company_id", "in", [rule.company_id.id, False])] if rule.company_id else []),
                        ("user_id", "!=", False),  # nobody visits a customer of the pool
                    ]
                )
            )
            if not customers:
                continue
            latest = dict(
                Followup._read_group(
                    [
                        ("followup_type", "=", "return_visit"),
                        ("state", "!=", "cancelled"),
                        ("partner_id", "in", customers.ids),
                    ],
                    ["partner_id"],
                    ["date_start:max"],
                )
            )
            cutoff = now - timedelta(days=rule.interval_days)
            due = customers.filtered(
                lambda customer, latest=latest, cutoff=cutoff: latest.get(customer, cutoff) <= cutoff
            )
            Followup.create(
                [
                    Followup._return_visit_values(
                        customer,
                        customer.user_id,
                        now + timedelta(days=1),
                        company_id=(rule.company_id or customer.company_id or self.env.company).id,
                    )
                    for customer in due
                ]
            )
