from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What grading decides for a coil (判定/改判). A release is for one customer;
# the other decisions change what the coil is for everyone.
DECISIONS = [
    ("release", "Released for a Customer"),
    ("stock", "Regraded to Stock Goods"),
    ("agreement", "Regraded to Agreement Product"),
    ("hold", "Held"),
    ("scrap", "Scrapped"),
]
REGRADES = ("stock", "agreement", "hold", "scrap")
PRICE_CLASSES = [("a", "Class A"), ("b", "Class B"), ("c", "Class C")]


class CustomerLotDisposition(models.Model):
    """One grading decision on a coil, with its reason, decider and date.
    Decisions are a record of what was done: never changed nor deleted."""

    _name = "customer.lot.disposition"
    _description = "Coil Disposition"
    _order = "date desc, id desc"

    lot_id = fields.Many2one("stock.lot", string="Coil", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    decision = fields.Selection(DECISIONS, required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        help="A release: the customer the coil is released for. A regrade: the customer it was kept from.",
    )
    price_class = fields.Selection(PRICE_CLASSES, help="The price class of stock goods and agreement products.")
    reason = fields.Text(required=True)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", required=True, readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_may_decide(vals_list)
        for vals in vals_list:
            vals["reason"] = (vals.get("reason") or "").strip()
            vals["decided_by_id"] = self.env.uid
            vals["date"] = fields.Datetime.now()
        dispositions = super().create(vals_list)
        dispositions._check_decision()
        for disposition in dispositions:
            disposition._apply()
        return dispositions

    def write(self, vals):
        self.check_access("write")  # who may not write at all is told so first
        if vals:
            raise UserError(self.env._("A grading decision is a record of what was decided: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A grading decision is a record of what was decided: it cannot be deleted."))

    def _check_may_decide(self, vals_list):
        if self.env.su:  # the server's own decisions (data, scripts)
            return
        user = self.env.user
        is_manager = user.has_group("crm_customer_archive.group_archive_manager")
        if not is_manager and not user.has_group("crm_customer_archive.group_archive_grading"):
            raise AccessError(self.env._("Only grading staff and Customer Archive Managers decide on coils."))
        if any(vals.get("decision") == "release" for vals in vals_list) and not is_manager:
            raise AccessError(self.env._("Only a Customer Archive Manager releases a coil for a customer."))

    def _check_decision(self):
        for disposition in self:
            lot = disposition.lot_id.sudo()  # a manager may decide without Inventory rights
            if not disposition.reason:
                raise UserError(self.env._("Give the reason for the decision on coil %s.", lot.name))
            if disposition.decision == "release" and not disposition.partner_id:
                raise UserError(self.env._("Say which customer coil %s is released for.", lot.name))
            if disposition.price_class and disposition.decision not in ("stock", "agreement"):
                raise UserError(self.env._("Only stock goods and agreement products have a price class."))
            if lot.product_qty <= 0:
                raise UserError(
                    self.env._(
                        "Coil %s is no longer in stock (delivered or consumed): there is nothing to decide.", lot.name
                    )
                )

    def _apply(self):
        """The decision takes effect: a regrade takes the coil out of every
        customer reservation; the lot's chatter keeps the decision. The
        decider's right was proven (access rights, _check_may_decide): the
        bookkeeping on coils and deliveries is the server's."""
        self.ensure_one()
        lot = self.lot_id.sudo()
        Interception = self.env["customer.quality.interception"]
        if self.decision == "release":
            findings = lot._grading_findings(
                self.partner_id, self.env["customer.part"], "release", include_released=True
            )
            Interception._record(self.partner_id, findings, "release")
        else:
            reserved = lot._customer_reserved_move_lines()
            Interception._record_regrade(self, reserved.picking_partner_id | self.partner_id)
            lot.grading_disposition = self.decision
            if reserved:
                moves = reserved.move_id
                reserved.unlink()  # frees the coil's reserved quantity
                moves._recompute_state()
        # Written in the decider's language, as the decider would have typed it.
        body = self.with_context(lang=self.env.user.lang or self.env.lang)._chatter_body()
        lot.message_post(body=body, author_id=self.env.user.partner_id.id)

    def _chatter_body(self):
        decision = dict(self._fields["decision"]._description_selection(self.env))[self.decision]
        if self.partner_id:
            decision = self.env._(
                "%(decision)s: %(customer)s", decision=decision, customer=self.partner_id.display_name
            )
        if self.price_class:
            price_class = dict(self._fields["price_class"]._description_selection(self.env))[self.price_class]
            decision = f"{decision} ({price_class})"
        return Markup("<p><strong>{}</strong></p><p>{}</p>").format(decision, self.env._("Reason: %s", self.reason))
