from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# What makes another customer "similar" (举一反三): a part of the same
# production grade, end use or forming difficulty as the complained part.
# In this order: the first one shared is the reason given.
SIMILARITY_FIELDS = ("production_grade_id", "end_use_id", "forming_difficulty_id")
SIMILARITY_REASONS = [
    ("production_grade_id", "Production Grade"),
    ("end_use_id", "End Use"),
    ("forming_difficulty_id", "Forming Difficulty"),
]


class CustomerDefectWatch(models.Model):
    """A defect another customer complained about, put on the watch list of a
    similar customer (举一反三): shown in its sensitivity profile as "learned
    from …", not a complaint of its own. Archived, never deleted."""

    _name = "customer.defect.watch"
    _description = "Defect Watched for a Similar Customer"
    _check_company_auto = True
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        check_company=True,
        help="The similar customer that is warned.",
    )
    defect_type_id = fields.Many2one("customer.defect.type", required=True, index=True, ondelete="restrict")
    complaint_id = fields.Many2one(
        "customer.complaint",
        string="Learned From",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The complaint of another customer the lesson comes from.",
    )
    source_partner_id = fields.Many2one(related="complaint_id.partner_id", string="Complained By")
    reason = fields.Selection(
        SIMILARITY_REASONS, string="Shares", required=True, help="What this customer's part shares."
    )
    reason_value_id = fields.Many2one(
        "customer.archive.option", string="Shared Value", required=True, ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    _partner_defect_complaint_unique = models.UniqueIndex(
        "(partner_id, defect_type_id, complaint_id)",
        "This customer was already warned of this defect from this complaint.",
    )

    def write(self, vals):
        # A lesson is a record of who was warned of what: it is archived, not rewritten.
        if set(vals) - {"active"}:
            raise UserError(self.env._("A watched defect cannot be changed, only archived."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _schedule_account_manager_activity(self):
        """A to-do for the customer's account manager, on the customer, in the
        manager's language (not the language of whoever warns)."""
        self.ensure_one()
        user = self.partner_id.user_id
        if not user:
            return
        watch = self.with_context(lang=user.lang)
        reasons = dict(self._fields["reason"]._description_selection(watch.env))
        summary = watch.env._(
            "Watch for %(defect)s (learned from %(customer)s)",
            defect=watch.defect_type_id.name,
            customer=watch.source_partner_id.name,
        )
        note = watch.env._(
            "%(customer)s complained about %(defect)s (%(complaint)s). %(partner)s shares its part's "
            "%(reason)s: %(value)s. Check their parts, orders and coils for this defect.",
            customer=watch.source_partner_id.name,
            defect=watch.defect_type_id.name,
            complaint=watch.complaint_id.name,
            partner=watch.partner_id.name,
            reason=reasons[watch.reason],
            value=watch.reason_value_id.name,
        )
        self.partner_id.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=note, user_id=user.id)

    @api.model
    def _similar_customers(self, complaint):
        """[{partner, part, reason, value}] of the other customers of the
        complaint's company whose active parts share the complaint part's
        production grade, end use or forming difficulty, one per customer
        (its first shared attribute), without those already warned of the
        defect or who complained about it themselves. Three queries,
        whatever the number of customers."""
        part, defect = complaint.part_id, complaint.defect_type_id
        shared = [(fname, part[fname]) for fname in SIMILARITY_FIELDS if part[fname]]
        if not shared or not defect:
            return []
        own = complaint.partner_id.commercial_partner_id
        groups = self.env["customer.part"]._read_group(
            Domain.OR(Domain(fname, "=", value.id) for fname, value in shared)
            & Domain("partner_id", "!=", own.id)
            & Domain("partner_id.active", "=", True)
            & Domain("company_id", "=", complaint.company_id.id),
            ["partner_id", *(fname for fname, _value in shared)],
            ["id:min"],
        )
        excluded = self._already_aware(defect, complaint, {partner.id for partner, *_rest in groups})
        best = {}  # partner id: (rank of the first shared attribute, part id, partner)
        for partner, *values, part_id in groups:
            if partner.id in excluded:
                continue
            rank = next(
                rank
                for rank, ((_fname, value), theirs) in enumerate(zip(shared, values, strict=True))
                if theirs == value
            )
            if partner.id not in best or (rank, part_id) < best[partner.id][:2]:
                best[partner.id] = (rank, part_id, partner)
        return [
            {"partner": partner, "part_id": part_id, "reason": shared[rank][0], "value": shared[rank][1]}
            for rank, part_id, partner in sorted(best.values(), key=lambda found: (found[0], found[2].id))
        ]

    @api.model
    def _already_aware(self, defect, complaint, partner_ids):
        """Ids of the partners that already watch the defect (or were warned
        from this complaint, even if archived since) or complained about it."""
        if not partner_ids:
            return set()
        watches = self.with_context(active_test=False)._read_group(
            Domain("partner_id", "in", list(partner_ids))
            & Domain("defect_type_id", "=", defect.id)
            & (Domain("active", "=", True) | Domain("complaint_id", "=", complaint.id)),
            ["partner_id"],
        )
        complained = (
            self.env["customer.complaint"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", list(partner_ids)),
                    ("defect_type_id", "=", defect.id),
                    ("stage_id.is_rejected", "=", False),
                ],
                ["partner_id"],
            )
        )
        return {partner.id for (partner,) in watches + complained}
