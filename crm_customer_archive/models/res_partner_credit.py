# res.partner is extended in one file per capability (pool, credit, value,
# completeness); res_partner.py keeps the archive itself.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .res_partner import CREDIT_LEVELS, MANAGER_GROUP

# Written by the nightly credit evaluation only.
CREDIT_SCORE_FIELDS = {"credit_score", "credit_level_proposed"}

CREDIT_LEVEL_RANK = {level: rank for rank, (level, _label) in enumerate(CREDIT_LEVELS)}
# The lowest score of each proposed level: 90 and above AAA, ..., below 20 C.
CREDIT_LEVEL_MIN_SCORES = [
    (90, "aaa"),
    (80, "aa"),
    (70, "a"),
    (60, "bbb"),
    (50, "bb"),
    (40, "b"),
    (30, "ccc"),
    (20, "cc"),
]
# Who confirms orders above the credit terms and applies proposed levels.
CREDIT_MANAGER_GROUPS = ("sales_team.group_sale_manager", MANAGER_GROUP)
CREDIT_FIELD_GROUPS = (
    "crm_customer_archive.group_archive_user,sales_team.group_sale_salesman,"
    "account.group_account_invoice,account.group_account_readonly"
)


def is_credit_manager(env):
    return any(env.user.has_group(group) for group in CREDIT_MANAGER_GROUPS)


def credit_level_below(level, minimum):
    """Whether a rated customer's level is worse than the minimum (unrated: not checked)."""
    return bool(level and minimum) and CREDIT_LEVEL_RANK[level] > CREDIT_LEVEL_RANK[minimum]


class ResPartner(models.Model):
    """Credit with an effect: the open balance and the credit
    limit on the form and the portal, and a weighted credit score that
    proposes the credit level (the sales gate is in sale_order.py)."""

    _inherit = "res.partner"

    credit_score = fields.Integer(
        readonly=True,
        copy=False,
        help="0-100, recomputed every night from the last 12 months: payment delays, overdue days, "
        "invoiced volume and complaints.",
        groups="base.group_user",
    )
    credit_level_proposed = fields.Selection(
        CREDIT_LEVELS,
        string="Proposed Credit Level",
        readonly=True,
        copy=False,
        help="The credit level the credit score proposes; a manager applies it.",
        groups="base.group_user",
    )
    is_credit_manager = fields.Boolean(compute="_compute_is_credit_manager")
    archive_open_balance = fields.Monetary(
        string="Open Balance",
        compute="_compute_archive_credit",
        groups=CREDIT_FIELD_GROUPS,
        help="What the customer owes this company now (posted, unpaid receivables).",
    )
    archive_credit_limit = fields.Monetary(
        string="Credit Limit (Sales)",
        compute="_compute_archive_credit",
        groups=CREDIT_FIELD_GROUPS,
        help="Odoo's credit limit of the customer when the company uses credit limits (Invoicing settings); "
        "confirming an order above it needs a manager.",
    )

    @api.depends_context("uid")
    def _compute_is_credit_manager(self):
        self.is_credit_manager = is_credit_manager(self.env)

    @api.depends_context("company")
    def _compute_archive_credit(self):
        # Odoo keeps credit and credit_limit for accountants: sales see them here, read only.
        use_limit = self.env.company.account_use_credit_limit
        for partner, partner_sudo in zip(self, self.sudo(), strict=True):
            commercial = partner_sudo.commercial_partner_id
            partner.archive_open_balance = commercial.credit
            partner.archive_credit_limit = commercial.credit_limit if use_limit else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not is_credit_manager(self.env):
            for vals in vals_list:
                if vals.get("credit_level") or vals.get("archive_state") == "blocked":
                    raise AccessError(self._credit_manager_only_message())
                if CREDIT_SCORE_FIELDS & set(vals):
                    raise AccessError(self._credit_score_message())
        return super().create(vals_list)

    def write(self, vals):
        # The credit level and the blocked status decide which orders may be
        # confirmed: only managers change them; the score is the nightly run's.
        if not self.env.su:
            if CREDIT_SCORE_FIELDS & set(vals):
                raise AccessError(self._credit_score_message())
            if not is_credit_manager(self.env) and (
                ("credit_level" in vals and any(p.credit_level != (vals["credit_level"] or False) for p in self))
                or ("archive_state" in vals and self._blocks_or_unblocks(vals["archive_state"]))
            ):
                raise AccessError(self._credit_manager_only_message())
        return super().write(vals)

    def _blocks_or_unblocks(self, new_state):
        return any(new_state != p.archive_state and "blocked" in (new_state, p.archive_state) for p in self)

    def _credit_manager_only_message(self):
        return self.env._(
            "Only a sales manager or a customer archive manager may change credit levels or block and unblock "
            "customers."
        )

    def _credit_score_message(self):
        return self.env._("The credit score and the proposed credit level are computed every night, not typed.")

    def action_apply_credit_level_proposed(self):
        if not is_credit_manager(self.env):
            raise AccessError(
                self.env._("Only a sales manager or a customer archive manager may change credit levels.")
            )
        if missing := self.filtered(lambda partner: not partner.credit_level_proposed):
            raise UserError(
                self.env._(
                    "%(customer)s has no proposed credit level yet: it is computed every night.",
                    customer=missing[0].display_name,
                )
            )
        levels = dict(CREDIT_LEVELS)
        for partner in self.filtered(lambda partner: partner.credit_level != partner.credit_level_proposed):
            previous = partner.credit_level
            partner.credit_level = partner.credit_level_proposed
            partner.message_post(
                body=self.env._(
                    "%(user)s applied the proposed credit level %(level)s (credit score %(score)s; was %(previous)s).",
                    user=self.env.user.name,
                    level=levels[partner.credit_level],
                    score=partner.credit_score,
                    previous=levels.get(previous, "-"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _cron_update_credit_scores(self):
        """Score every customer of the archive in one statement; only the rows
        whose score or proposal changes are written."""
        self.env.flush_all()
        rows = self.env.execute_query(self._credit_score_update_sql(fields.Date.today()))
        self.invalidate_model(["credit_score", "credit_level_proposed"])
        return len(rows)

    @api.model
    def _credit_score_update_sql(self, today):
        """Weights (sum 100), each part scored 0-100 over the last 12 months:
        40 payment behaviour: 100 paid on time, 0 at 60 days late on average (50 without payments);
        30 overdue now: 100 nothing overdue, 0 when the oldest open receivable is 90 days overdue;
        15 volume invoiced (untaxed, company currency): 0 up to 100, 25 per tenfold, 100 from 1,000,000;
        15 complaints not rejected: 100 without, 25 less per complaint."""
        year_ago = fields.Date.subtract(today, years=1)
        level = SQL(
            "CASE %s ELSE 'c' END",
            SQL(" ").join(SQL("WHEN s.score >= %s THEN %s", score, code) for score, code in CREDIT_LEVEL_MIN_SCORES),
        )
        return SQL(
            """
            WITH customers AS (
                SELECT p.id
                  FROM res_partner p
                 WHERE p.archive_state IS NOT NULL
                   AND (p.is_company OR p.parent_id IS NULL)
                   AND p.id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
            ), receivable AS (
                SELECT cp.commercial_partner_id AS partner_id, aml.id, aml.reconciled, aml.amount_residual,
                       COALESCE(aml.date_maturity, aml.date) AS date_due
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id AND acc.account_type = 'asset_receivable'
                  JOIN account_move m ON m.id = aml.move_id AND m.state = 'posted' AND m.move_type = 'out_invoice'
                  JOIN res_partner cp ON cp.id = aml.partner_id
            ), paid AS (
                SELECT r.partner_id, r.date_due, MAX(apr.max_date) AS paid_on
                  FROM receivable r
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = r.id
                 WHERE r.reconciled
                 GROUP BY r.partner_id, r.id, r.date_due
                HAVING MAX(apr.max_date) > %(year_ago)s
            ), payment AS (
                SELECT partner_id, AVG(GREATEST(paid_on - date_due, 0)) AS days_late
                  FROM paid
                 GROUP BY partner_id
            ), overdue AS (
                SELECT partner_id, MAX(%(today)s - date_due) AS days
                  FROM receivable
                 WHERE NOT reconciled AND amount_residual > 0 AND date_due < %(today)s
                 GROUP BY partner_id
            ), volume AS (
                SELECT commercial_partner_id AS partner_id, SUM(amount_untaxed_signed) AS amount
                  FROM account_move
                 WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                   AND invoice_date > %(year_ago)s AND invoice_date <= %(today)s
                 GROUP BY commercial_partner_id
            ), complaint AS (
                SELECT c.partner_id, COUNT(*) AS count
                  FROM customer_complaint c
                  JOIN customer_complaint_stage st ON st.id = c.stage_id
                 WHERE st.is_rejected IS NOT TRUE
                   AND c.date_received >= %(year_ago)s AND c.date_received < %(today)s::date + 1
                 GROUP BY c.partner_id
            ), s AS (
                SELECT c.id, ROUND(
                       -- GREATEST and LEAST skip NULLs: a customer without payments needs the CASE
                       0.40 * CASE WHEN pay.days_late IS NULL THEN 50
                                   ELSE GREATEST(0, 100 - pay.days_late * 100 / 60.0) END
                     + 0.30 * GREATEST(0, 100 - COALESCE(od.days, 0) * 100 / 90.0)
                     + 0.15 * LEAST(100, GREATEST(0, 25 * (LOG(GREATEST(vol.amount, 1)) - 2)))
                     + 0.15 * GREATEST(0, 100 - 25 * COALESCE(cmp.count, 0))
                       )::int AS score
                  FROM customers c
             LEFT JOIN payment pay ON pay.partner_id = c.id
             LEFT JOIN overdue od ON od.partner_id = c.id
             LEFT JOIN volume vol ON vol.partner_id = c.id
             LEFT JOIN complaint cmp ON cmp.partner_id = c.id
            ), proposal AS (
                SELECT s.id, s.score, %(level)s AS level FROM s
            )
            UPDATE res_partner p
               SET credit_score = proposal.score, credit_level_proposed = proposal.level
              FROM proposal
             WHERE p.id = proposal.id
               AND (p.credit_score IS DISTINCT FROM proposal.score
                    OR p.credit_level_proposed IS DISTINCT FROM proposal.level)
         RETURNING p.id
            """,
            today=today,
            year_ago=year_ago,
            level=level,
        )
