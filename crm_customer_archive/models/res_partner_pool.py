"""The customer's place in the customer pool (客户公海), its opportunities on
Odoo CRM, its competitors and strategy: the account manager's side of
res.partner (README, Customer pool)."""

# res.partner is extended in one file per capability (pool, credit, value,
# completeness); res_partner.py keeps the archive itself.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

OFFICER_GROUP = "crm_customer_archive.group_archive_officer"
# Context key: the caller records the pool movement itself (claim, return, hand-over).
POOL_WRITE = "customer_pool_write"
RETURN_ACTIVITY_TYPE = "crm_customer_archive.mail_activity_type_pool_return"


class ResPartner(models.Model):
    _inherit = "res.partner"

    pool_date = fields.Date(
        "Claimed On",
        copy=False,
        help="When the account manager claimed or was given this customer; empty while it is in the customer pool.",
        groups="base.group_user",
    )
    # The last return notice sent: one per period without follow-up, not one a day.
    pool_notice_date = fields.Date(copy=False)
    in_pool = fields.Boolean(
        "In Customer Pool",
        compute="_compute_in_pool",
        search="_search_in_pool",
        help="A prospect without an account manager: any account manager may claim it.",
    )
    pool_move_ids = fields.One2many("customer.pool.move", "partner_id", string="Pool Movements")
    competitor_ids = fields.One2many("customer.competitor", "partner_id", string="Competitors")
    customer_strategy = fields.Html(
        help="How we win and keep this customer: goals, people to win over, next moves.", groups="base.group_user"
    )
    open_opportunity_revenue = fields.Monetary(
        "Open Expected Revenue",
        compute="_compute_open_opportunity_revenue",
        currency_field="currency_id",
        help="Expected revenue of the customer's open opportunities (neither won nor lost).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("archive_state", "user_id", "parent_id", "is_company")
    def _compute_in_pool(self):
        in_pool = self.filtered_domain(self._in_pool_domain())
        for partner in self:
            partner.in_pool = partner in in_pool

    def _search_in_pool(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._in_pool_domain()

    @api.model
    def _in_pool_domain(self):
        """The customer pool: prospects of the archive without an account manager."""
        return self._prospect_domain() & Domain("user_id", "=", False)

    @api.model
    def _prospect_domain(self):
        return self._archive_customer_domain() & Domain("archive_state", "=", "prospect")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_open_opportunity_revenue(self):
        Lead = self.env["crm.lead"]
        totals = {}
        commercial_ids = self.commercial_partner_id.ids
        if commercial_ids and Lead.has_access("read"):
            groups = Lead._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                ],
                ["partner_id.commercial_partner_id"],
                ["expected_revenue:sum"],
            )
            totals = {partner.id: revenue for partner, revenue in groups}
        for partner in self:
            partner.open_opportunity_revenue = totals.get(partner.commercial_partner_id.id, 0.0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        may_assign = self._pool_may_assign()
        claims = 0
        for vals in vals_list:
            if not may_assign:
                vals.pop("pool_notice_date", None)  # the pool's own bookkeeping
                vals.pop("pool_date", None)
            user_id = vals.get("user_id", self.env.context.get("default_user_id"))
            if user_id and not vals.get("parent_id") and "pool_date" not in vals:
                vals["pool_date"] = today
            # A prospect an account manager creates for himself is one more he
            # holds; for someone else it is an assignment.
            if user_id and not may_assign and not vals.get("parent_id") and vals.get("archive_state") == "prospect":
                if user_id != self.env.uid:
                    raise UserError(self._pool_assign_message(vals.get("name") or ""))
                claims += 1
        if claims:
            self._pool_check_claim_limit(claims)
        return super().create(vals_list)

    def write(self, vals):
        """A prospect changing hands is a pool movement: a claim (limit
        checked), a release or an assignment (officers only), whether it comes
        from a button, the form, an import, or a status change that makes a
        customer a prospect."""
        if self.env.context.get(POOL_WRITE):
            return super().write(vals)
        if {"pool_date", "pool_notice_date"} & set(vals) and not self._pool_may_assign():
            raise AccessError(self.env._("The claim date and the return notice are kept by the customer pool itself."))
        if not {"user_id", "archive_state"} & set(vals):
            return super().write(vals)
        moving = self._pool_moving(vals)
        if not moving:
            return super().write(vals)
        moves = []
        for new_user, partners in moving.items():
            moves += partners._pool_check_assignment(new_user)
        result = super().write(vals)
        for new_user, partners in moving.items():
            partners.with_context(**{POOL_WRITE: True}).write(
                {"pool_date": new_user and fields.Date.context_today(self), "pool_notice_date": False}
            )
        self.env["customer.pool.move"].sudo().create(moves)
        return result

    def _pool_moving(self, vals):
        """The partners this write makes prospects of a new holder (or of the
        pool), by their new account manager."""
        moving = defaultdict(lambda: self.browse())
        for partner in self.filtered_domain(self._archive_customer_domain()):
            new_state = vals.get("archive_state", partner.archive_state)
            new_user = self.env["res.users"].browse(vals["user_id"] or ()) if "user_id" in vals else partner.user_id
            if new_state == "prospect" and (partner.archive_state != "prospect" or new_user != partner.user_id):
                moving[new_user] |= partner
        return moving

    def _pool_may_assign(self):
        return self.env.su or self.env.user.has_group(OFFICER_GROUP)

    def _pool_assign_message(self, customer):
        return self.env._(
            "Only archive officers assign a prospect to another account manager (%(customer)s): "
            "claim prospects from the customer pool, or ask an officer for a hand-over.",
            customer=customer,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_claim(self):
        """领取: the account manager takes these prospects from the pool."""
        taken = self.filtered(lambda partner: not partner.in_pool)
        if taken:
            raise UserError(
                self.env._(
                    "%(customers)s is no longer in the customer pool: it is a customer or another account "
                    "manager claimed it. Reload the pool and choose another prospect.",
                    customers=", ".join(taken.mapped("display_name")),
                )
            )
        self.write({"user_id": self.env.uid})
        return True

    def action_release(self):
        """退回公海: the account manager gives own prospects back to the pool."""
        foreign = self.filtered(lambda partner: partner.archive_state != "prospect" or partner.user_id != self.env.user)
        if foreign:
            raise UserError(
                self.env._(
                    "Only your own prospects can be returned to the pool: %(customers)s.",
                    customers=", ".join(foreign.mapped("display_name")),
                )
            )
        self.write({"user_id": False})
        return True

    def action_new_opportunity(self):
        """A new opportunity of this customer, from its form: the account
        manager's next step after a visit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_type": "opportunity",
                "default_partner_id": self.commercial_partner_id.id,
                "default_user_id": (self.commercial_partner_id.user_id or self.env.user).id,
            },
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _pool_check_assignment(self, new_user):
        """The movement values of these prospects going to ``new_user`` (or to
        the pool), after checking the user may move them so."""
        user = self.env.user
        is_officer = self._pool_may_assign()
        moves = []
        for partner in self:
            # Taking one (from the pool, or by making one's customer a prospect again)
            # is a claim; giving one's own back, or leaving it ownerless, a release.
            if new_user == user and (not partner.user_id or partner.archive_state != "prospect"):
                action = "claim"
            elif not new_user and partner.user_id in (user, self.env["res.users"]):
                action = "release"
            elif is_officer:
                action = "release" if not new_user else "assign"
            else:
                raise UserError(self._pool_assign_message(partner.display_name))
            moves.append(partner._pool_move_values(action, partner.user_id, new_user))
        claims = sum(1 for move in moves if move["action"] == "claim")
        if claims and not self.env.su:
            self._pool_check_claim_limit(claims)
        return moves

    @api.model
    def _pool_check_claim_limit(self, count):
        limit = self.env.company.pool_claim_limit
        held = self.search_count(self._prospect_domain() & Domain("user_id", "=", self.env.uid))
        if held + count > limit:
            raise UserError(
                self.env._(
                    "You may hold at most %(limit)s prospects: you hold %(held)s and want to claim %(count)s. "
                    "Follow up or return some of yours first.",
                    limit=limit,
                    held=held,
                    count=count,
                )
            )

    def _pool_move_values(self, action, from_user, to_user, note=False):
        self.ensure_one()
        return {
            "partner_id": self.id,
            "action": action,
            "from_user_id": from_user.id,
            "to_user_id": to_user.id,
            "note": note,
            "company_id": (self.company_id or self.env.company).id,
        }

    def _pool_handover(self, new_user, note):
        """移交: these customers, their open activities and open opportunities
        go from their account manager to ``new_user``; the note goes to the
        chatter. The caller checked the rights (officers)."""
        Lead = self.env["crm.lead"].sudo()
        Activity = self.env["mail.activity"].sudo()
        moves = {}
        for old_user, partners in self.grouped("user_id").items():
            leads = Lead.search(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                    ("user_id", "in", [old_user.id, False]),
                ]
            )
            activities = Activity.search(
                [
                    ("user_id", "=", old_user.id),
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                ]
            )
            activities.write({"user_id": new_user.id})
            leads.write({"user_id": new_user.id})
            for partner in partners:
                moves[partner] = partner._pool_move_values("handover", old_user, new_user, note)
                partner.message_post(
                    body=self.env._(
                        "Handed over from %(old)s to %(new)s: %(note)s",
                        old=old_user.name or self.env._("the customer pool"),
                        new=new_user.name,
                        note=note,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        self.with_context(**{POOL_WRITE: True}).write(
            {"user_id": new_user.id, "pool_date": fields.Date.context_today(self), "pool_notice_date": False}
        )
        self.env["customer.pool.move"].sudo().create(list(moves.values()))

    # ------------------------------------------------------------------
    # Automatic return to the pool (daily)
    # ------------------------------------------------------------------

    @api.model
    def _cron_customer_pool(self):
        Partner = self.sudo()  # the scheduler's job: no user's rights to check
        today = fields.Date.context_today(Partner)
        rows = Partner._pool_held_prospects()
        to_return = [row for row in rows if row["last"] <= today - timedelta(days=row["return_days"])]
        to_notice = [
            row
            for row in rows
            if row not in to_return
            and row["last"] <= today - timedelta(days=row["return_days"] - row["notice_days"])
            and not (row["notice_date"] and row["notice_date"] > row["last"])
        ]
        Partner._pool_send_return_notices(to_notice)
        Partner._pool_return(to_return)

    @api.model
    def _pool_held_prospects(self):
        """Held prospects with the date their clock runs from (the last done
        follow-up, or the claim if later) and their company's settings: one query."""
        self.env.flush_all()
        followups = SQL(
            "SELECT partner_id, MAX(date_start)::date AS day FROM customer_followup "
            "WHERE state = 'done' GROUP BY partner_id"
        )
        prospect_query = self._search(self._prospect_domain() & Domain("user_id", "!=", False))
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT p.id, p.user_id, p.pool_notice_date AS notice_date,
                       COALESCE(GREATEST(p.pool_date, f.day), p.create_date::date) AS last,
                       c.pool_return_days AS return_days, c.pool_notice_days AS notice_days
                  FROM res_partner p
                  JOIN res_company c ON c.id = COALESCE(p.company_id, %(company)s)
             LEFT JOIN (%(followups)s) f ON f.partner_id = p.id
                 WHERE p.id IN (%(prospects)s)
                """,
                company=self.env.company.id,
                followups=followups,
                prospects=prospect_query.subselect(),
            )
        )
        return rows

    @api.model
    def _pool_send_return_notices(self, rows):
        if not rows:
            return
        activity_type = self.env.ref(RETURN_ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id("res.partner")
        users = self.env["res.users"].browse({row["user_id"] for row in rows})
        partners = self.browse([row["id"] for row in rows])
        values = []
        for row in rows:
            user = users.browse(row["user_id"])
            env = self.with_context(lang=user.lang).env
            return_date = row["last"] + timedelta(days=row["return_days"])
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": row["id"],
                    "user_id": user.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": return_date,
                    "summary": env._("Follow up or it returns to the customer pool"),
                    "note": env._(
                        "%(customer)s has had no follow-up since %(last)s: it returns to the customer pool "
                        "on %(date)s unless you follow it up.",
                        customer=partners.browse(row["id"]).display_name,
                        last=row["last"],
                        date=return_date,
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(values)
        partners.with_context(**{POOL_WRITE: True}).sudo().write({"pool_notice_date": fields.Date.context_today(self)})

    @api.model
    def _pool_return(self, rows):
        if not rows:
            return
        partners = self.browse([row["id"] for row in rows]).sudo()
        users = self.env["res.users"].browse({row["user_id"] for row in rows})
        moves, bodies = [], {}
        for row, partner in zip(rows, partners, strict=True):
            user = users.browse(row["user_id"])
            moves.append(partner._pool_move_values("returned", user, users.browse()))
            bodies[partner.id] = self.env._(
                "Returned to the customer pool: no follow-up by %(user)s since %(last)s (%(days)s days).",
                user=user.name,
                last=row["last"],
                days=row["return_days"],
            )
        # The return notices are obsolete once the prospect is back in the pool.
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.env.ref(RETURN_ACTIVITY_TYPE).id),
            ]
        ).unlink()
        partners.with_context(**{POOL_WRITE: True}).write(
            {"user_id": False, "pool_date": False, "pool_notice_date": False}
        )
        self.env["customer.pool.move"].sudo().create(moves)
        partners._message_log_batch(bodies=bodies)
