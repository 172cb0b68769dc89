"""The customer's value figures (customer.value) on its form, and the
automatic status's proposals: the value side of res.partner (README,
Customer value and churn)."""

# res.partner is extended in one file per capability (pool, credit, value,
# completeness); res_partner.py keeps the archive itself.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_value import LEVELS, RFM_SEGMENTS

# The figures of customer.value the customer form shows (as value_<name>).
PARTNER_VALUE_FIELDS = (
    "revenue_12m",
    "revenue_prev_12m",
    "revenue_trend",
    "revenue_share",
    "tonnage_12m",
    "margin_12m",
    "order_count_12m",
    "last_order_date",
    "last_followup_date",
    "rfm_segment",
    "suggested_level",
    "overdue_amount",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    archive_state_proposed = fields.Selection(
        [("dormant", "Dormant"), ("lost", "Lost")],
        string="Proposed Status",
        copy=False,
        readonly=True,
        help="The status the nightly run proposes (no confirmed order for the months of the settings): "
        "the account manager confirms it or keeps the customer as it is.",
    )
    # Kept by the account manager on this day: the months without order count from it.
    archive_state_kept_date = fields.Date("Status Kept On", copy=False, readonly=True)

    # The figures of the current company, as far as the user may read them (customer.value).
    has_customer_value = fields.Boolean(compute="_compute_customer_value")
    value_currency_id = fields.Many2one("res.currency", compute="_compute_customer_value")
    value_revenue_12m = fields.Monetary(
        "Revenue (12 months)", compute="_compute_customer_value", currency_field="value_currency_id"
    )
    value_revenue_prev_12m = fields.Monetary(
        "Revenue (previous 12 months)", compute="_compute_customer_value", currency_field="value_currency_id"
    )
    value_revenue_trend = fields.Float("Revenue Trend (%)", digits=(16, 1), compute="_compute_customer_value")
    value_revenue_share = fields.Float("Share of Revenue (%)", digits=(16, 2), compute="_compute_customer_value")
    value_tonnage_12m = fields.Float("Tonnage (12 months, t)", digits=(16, 3), compute="_compute_customer_value")
    value_margin_12m = fields.Monetary(
        "Gross Margin (12 months)", compute="_compute_customer_value", currency_field="value_currency_id"
    )
    value_order_count_12m = fields.Integer("Orders (12 months)", compute="_compute_customer_value")
    value_last_order_date = fields.Date("Last Order", compute="_compute_customer_value")
    value_last_followup_date = fields.Date("Last Follow-up", compute="_compute_customer_value")
    value_rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", compute="_compute_customer_value")
    value_suggested_level = fields.Selection(LEVELS, string="Suggested Level", compute="_compute_customer_value")
    value_overdue_amount = fields.Monetary(
        "Overdue Receivables", compute="_compute_customer_value", currency_field="value_currency_id"
    )

    @api.depends_context("uid", "company")
    def _compute_customer_value(self):
        """One search for the whole page; record rules apply (an account
        manager sees the figures of their own customers)."""
        Value = self.env["customer.value"]
        values = Value.browse()
        if Value.has_access("read"):  # salesmen and other employees have no figures
            values = Value.search(
                [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)]
            )
        by_partner = {value.partner_id.id: value for value in values}
        for partner in self:
            value = by_partner.get(partner.commercial_partner_id.id, Value)
            partner.has_customer_value = bool(value)
            partner.value_currency_id = value.currency_id or self.env.company.currency_id
            for name in PARTNER_VALUE_FIELDS:
                partner[f"value_{name}"] = value[name]

    def action_confirm_archive_state(self):
        """Apply the proposed status (dormant or lost)."""
        self.ensure_one()
        self._ensure_status_proposal()
        states = dict(self._fields["archive_state"]._description_selection(self.env))
        old, new = self.archive_state, self.archive_state_proposed
        self.with_context(mail_notrack=True).write({"archive_state": new, "archive_state_proposed": False})
        self.message_post(
            body=self.env._(
                "%(user)s confirmed the proposed status: %(old)s → %(new)s.",
                user=self.env.user.name,
                old=states[old],
                new=states[new],
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.env["customer.value"]._replace_activities(self, "status")

    def action_keep_archive_state(self):
        """Keep the status: the months without order count again from today."""
        self.ensure_one()
        self._ensure_status_proposal()
        states = dict(self._fields["archive_state"]._description_selection(self.env))
        proposed = self.archive_state_proposed
        self.write({"archive_state_proposed": False, "archive_state_kept_date": fields.Date.context_today(self)})
        self.message_post(
            body=self.env._(
                "%(user)s kept the status %(state)s instead of the proposed %(proposed)s.",
                user=self.env.user.name,
                state=states[self.archive_state],
                proposed=states[proposed],
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.env["customer.value"]._replace_activities(self, "status")

    def _ensure_status_proposal(self):
        if not self.archive_state_proposed:
            raise UserError(self.env._("%(customer)s has no proposed status to decide.", customer=self.display_name))

    def _reactivate_from_orders(self):
        """Dormant and lost customers ordering again are active again (a note
        says why); any proposal is dropped. Prospects and blocked ones are not
        this hook's business."""
        partners = self.commercial_partner_id.sudo()
        customers = partners.filtered(lambda p: p.archive_state in ("dormant", "lost"))
        proposed = partners.filtered(lambda p: p.archive_state_proposed and p.archive_state in ("active", "dormant"))
        if not (customers or proposed):
            return
        states = dict(self._fields["archive_state"]._description_selection(self.env))
        bodies = {
            customer.id: self.env._(
                "Active again: a new order was confirmed (was %(state)s).", state=states[customer.archive_state]
            )
            for customer in customers
        }
        (customers | proposed).with_context(mail_notrack=True).write(
            {"archive_state": "active", "archive_state_proposed": False}
        )
        customers._message_log_batch(bodies)
        self.env["customer.value"]._replace_activities(customers | proposed, "status")
