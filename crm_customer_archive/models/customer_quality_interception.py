from odoo import api, fields, models

# Why a coil was kept from a customer, and where.
REASONS = [
    ("sensitive", "Defect the Customer Is Sensitive To"),
    ("non_conforming", "Not Conforming"),
    ("untested", "Not Tested"),
    ("regraded", "Regraded"),
]
STEPS = [
    ("validation", "Delivery Validation"),
    ("certificate", "Quality Certificate"),
    ("regrade", "Regrade"),
    ("release", "Released by a Manager"),
]


class CustomerQualityInterception(models.Model):
    """A coil kept from a customer by the grading gate (拦截): what the
    archive prevented, with the weight and the cost the customer's earlier
    complaints of that defect suggest was avoided. A manager's release is
    counted too, without an avoided cost."""

    _name = "customer.quality.interception"
    _description = "Quality Interception"
    _order = "date desc, id desc"
    _rec_name = "lot_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Coil", required=True, index=True, readonly=True, ondelete="restrict")
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    defect_type_id = fields.Many2one("customer.defect.type", readonly=True, index="btree_not_null")
    reason = fields.Selection(REASONS, required=True, readonly=True)
    step = fields.Selection(STEPS, required=True, readonly=True)
    detail = fields.Char(readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True, index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Stopped by", required=True, readonly=True)
    weight = fields.Float("Weight (t)", digits=(10, 3), readonly=True)
    avoided_cost = fields.Monetary(
        readonly=True, help="The customer's average cost of non-quality for this defect (or for any defect)."
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)

    _unique_interception = models.UniqueIndex(
        "(partner_id, lot_id, reason, step, COALESCE(defect_type_id, 0))",
        "A coil is counted once per customer, reason and step.",
    )

    @api.model
    def _record(self, customer, findings, step, picking=None):
        """Count the coils of ``findings`` ({lot: [(reason, defect, text)]})
        kept from ``customer`` at ``step``; a coil already counted for the same
        reason and step is not counted again."""
        customer = customer.commercial_partner_id
        avoided = self._avoided_costs(customer)
        existing = {
            (interception.lot_id, interception.reason, interception.defect_type_id)
            for interception in self.sudo().search(
                [("partner_id", "=", customer.id), ("step", "=", step), ("lot_id", "in", [lot.id for lot in findings])]
            )
        }
        vals_list = []
        for lot, reasons in findings.items():
            for reason, defect, text in reasons:
                defect = defect or self.env["customer.defect.type"]
                if (lot, reason, defect) in existing:
                    continue
                existing.add((lot, reason, defect))
                vals_list.append(
                    {
                        "partner_id": customer.id,
                        "lot_id": lot.id,
                        "defect_type_id": defect.id,
                        "reason": reason,
                        "step": step,
                        "detail": text,
                        "picking_id": picking.id if picking else False,
                        "user_id": self.env.uid,
                        "weight": lot.coil_weight,
                        "avoided_cost": 0.0 if step == "release" else avoided.get(defect.id, avoided.get(None, 0.0)),
                        "company_id": lot.company_id.id or self.env.company.id,
                    }
                )
        # The gate's own record, whoever stopped the coil: written as superuser.
        return self.sudo().create(vals_list)

    @api.model
    def _avoided_costs(self, customer):
        """{defect type id: the customer's average complaint cost for it,
        None: its average over every complaint} in one grouped query."""
        Complaint = self.env["customer.complaint"].sudo()
        domain = [
            ("partner_id", "=", customer.id),
            ("stage_id.is_rejected", "=", False),
            ("company_id", "in", self.env.companies.ids),
        ]
        groups = Complaint._read_group(domain, ["defect_type_id"], ["cost_total:sum", "__count"])
        averages = {defect.id or None: total / count for defect, total, count in groups if count}
        total = sum(total for _defect, total, _count in groups)
        count = sum(count for _defect, _total, count in groups)
        averages[None] = total / count if count else 0.0
        return averages

    def _record_regrade(self, disposition, customers):
        """A regrade counts for each customer the coil was kept from (its
        reservations and the customer named on the decision), for the defects
        they are sensitive to."""
        lot = disposition.lot_id.sudo()
        for customer in customers.commercial_partner_id:
            sensitive = customer._sensitive_defect_types().get(customer.id, self.env["customer.defect.type"])
            defects = lot.grading_defect_ids.defect_type_id & sensitive
            reasons = [("sensitive", defect, defect.name) for defect in defects] or [
                ("regraded", False, disposition.reason)
            ]
            self._record(customer, {lot: reasons}, "regrade")
