from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_date

CONTRACT_SEQUENCE = "crm_customer_archive.customer_contract"


class CustomerContract(models.Model):
    _name = "customer.contract"
    _description = "Customer Contract"
    _inherit = ["customer.archive.input.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _date_start_id_idx = models.Index("(date_start DESC, id DESC)")  # the list's default order
    _check_company_auto = True

    name = fields.Char(
        "Contract Number",
        required=True,
        copy=False,
        index="trigram",
        tracking=True,
        default=lambda self: self.env._("New"),
        help="Left as “New”, the number comes from the contract sequence; type the paper contract's number to keep it.",
    )
    title = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    contract_type = fields.Selection(
        [("sale", "Sales Contract"), ("purchase", "Purchase Contract")],
        required=True,
        default="sale",
        help="In a sales contract the customer is party A (甲方) and our company party B (乙方); "
        "a purchase contract swaps them.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    party_a_id = fields.Many2one(
        "res.partner",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        help="甲方",
    )
    party_b_id = fields.Many2one(
        "res.partner",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        help="乙方",
    )
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_signed = fields.Date("Signing Date", tracking=True, copy=False)
    date_start = fields.Date("Start Date", required=True, tracking=True, default=fields.Date.context_today)
    date_end = fields.Date(
        "End Date",
        required=True,
        tracking=True,
        index=True,  # the expiry and reminder cron, the "Ending within 30 Days" filter
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1),
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    state = fields.Selection(
        string="Status",
        selection=[
            ("draft", "Draft"),
            ("active", "In Force"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    termination_reason = fields.Text(copy=False, tracking=True)
    date_terminated = fields.Date("Termination Date", copy=False)
    note = fields.Html("Terms and Conditions")
    signed_attachment_ids = fields.Many2many(
        "ir.attachment",
        "customer_contract_signed_attachment_rel",
        "contract_id",
        "attachment_id",
        string="Signed Scans",
        copy=False,
        help="Scans of the signed paper contract.",
    )
    line_ids = fields.One2many("customer.contract.line", "contract_id", "Contract Lines", copy=True)
    payment_line_ids = fields.One2many("customer.contract.payment.line", "contract_id", "Payment Schedule", copy=True)
    sale_order_ids = fields.One2many("sale.order", "contract_id", "Sale Orders")
    sale_order_count = fields.Integer(compute="_compute_sale_order_count")
    previous_contract_id = fields.Many2one(
        "customer.contract", "Renewal Of", copy=False, index="btree_not_null", readonly=True
    )
    renewal_ids = fields.One2many("customer.contract", "previous_contract_id", "Renewals")
    end_reminder_done = fields.Boolean(copy=False, help="The responsible user was reminded of the end date.")

    # Execution, rolled up from the lines (amounts at contract prices)
    amount_total = fields.Monetary("Contract Amount", compute="_compute_amounts", store=True, tracking=True)
    amount_ordered = fields.Monetary("Ordered Amount", compute="_compute_amounts", store=True)
    amount_delivered = fields.Monetary("Delivered Amount", compute="_compute_amounts", store=True)
    amount_invoiced = fields.Monetary("Invoiced Amount", compute="_compute_amounts", store=True)
    amount_paid = fields.Monetary("Paid Amount", compute="_compute_amounts", store=True)
    amount_unpaid = fields.Monetary("Unpaid Amount", compute="_compute_amounts", store=True)
    progress = fields.Float(
        "Progress (%)",
        compute="_compute_amounts",
        store=True,
        aggregator="avg",
        help="Delivered value at contract prices divided by the contract amount.",
    )
    paid_percent = fields.Float("Paid (%)", compute="_compute_amounts", store=True, aggregator="avg")
    payment_overdue = fields.Boolean(
        compute="_compute_payment_overdue", store=True, help="A scheduled payment is overdue."
    )
    payment_overdue_reason = fields.Char(
        "Overdue Reason",
        compute="_compute_payment_overdue_reason",
        help="The oldest overdue instalment of the payment schedule: why the contract shows in red.",
    )

    _name_company_unique = models.Constraint(
        "UNIQUE(company_id, name)",
        "A contract with this number already exists in this company.",
    )

    @api.depends("partner_id", "contract_type", "company_id")
    def _compute_parties(self):
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            our_company = contract.company_id.partner_id
            if contract.contract_type == "purchase":
                contract.party_a_id, contract.party_b_id = our_company, customer
            else:
                contract.party_a_id, contract.party_b_id = customer, our_company

    @api.depends(
        "line_ids.amount",
        "line_ids.amount_ordered",
        "line_ids.amount_delivered",
        "line_ids.amount_invoiced",
        "line_ids.amount_paid",
    )
    def _compute_amounts(self):
        for contract in self:
            lines = contract.line_ids
            total = sum(lines.mapped("amount"))
            contract.amount_total = total
            contract.amount_ordered = sum(lines.mapped("amount_ordered"))
            contract.amount_delivered = sum(lines.mapped("amount_delivered"))
            contract.amount_invoiced = sum(lines.mapped("amount_invoiced"))
            contract.amount_paid = sum(lines.mapped("amount_paid"))
            contract.amount_unpaid = total - contract.amount_paid
            contract.progress = 100.0 * contract.amount_delivered / total if total else 0.0
            contract.paid_percent = 100.0 * contract.amount_paid / total if total else 0.0

    @api.depends("payment_line_ids.payment_state")
    def _compute_payment_overdue(self):
        for contract in self:
            contract.payment_overdue = "overdue" in contract.payment_line_ids.mapped("payment_state")

    @api.depends("payment_line_ids.payment_state", "payment_line_ids.due_date", "payment_line_ids.name")
    def _compute_payment_overdue_reason(self):
        for contract in self:
            overdue = contract.payment_line_ids.filtered(lambda line: line.payment_state == "overdue").sorted(
                lambda line: (line.due_date, line.sequence)
            )
            if not overdue:
                contract.payment_overdue_reason = False
                continue
            oldest = overdue[0]
            values = {"instalment": oldest.name, "date": format_date(self.env, oldest.due_date)}
            if len(overdue) == 1:
                reason = self.env._("Payment overdue: %(instalment)s (due %(date)s)", **values)
            else:
                reason = self.env._(
                    "Payment overdue: %(instalment)s (due %(date)s) and %(count)s more",
                    count=len(overdue) - 1,
                    **values,
                )
            contract.payment_overdue_reason = reason

    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"])
        )
        for contract in self:
            contract.sale_order_count = counts.get(contract, 0)

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"{self.name} {self.title}"

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_start and contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s ends (%(end)s) before it starts (%(start)s).",
                        contract=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        new_numbers = []
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(CONTRACT_SEQUENCE) or self.env._("New")
            company_id = vals.get("company_id") or self.env.context.get("default_company_id") or self.env.company.id
            new_numbers.append((company_id, vals["name"]))
        self._check_numbers_free(new_numbers)
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals or "company_id" in vals:
            numbers = [
                (vals.get("company_id", contract.company_id.id), vals.get("name", contract.name)) for contract in self
            ]
            self._check_numbers_free(numbers, exclude_ids=self.ids)
        return super().write(vals)

    def _check_numbers_free(self, numbers, exclude_ids=()):
        """Refuses (company id, number) pairs used twice or already taken, with
        the number in the message (the database constraint would only say
        which constraint failed)."""
        taken = set()
        for company_id, number in numbers:
            if (company_id, number) in taken:
                self._raise_number_used(number, company_id)
            taken.add((company_id, number))
        used = (
            self.env["customer.contract"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("name", "in", [number for __, number in numbers]),
                    ("company_id", "in", [company_id for company_id, __ in numbers]),
                    ("id", "not in", list(exclude_ids)),
                ],
                ["company_id", "name"],
            )
        )
        for company, number in used:
            if (company.id, number) in taken:
                self._raise_number_used(number, company.id)

    def _raise_number_used(self, number, company_id):
        raise ValidationError(
            self.env._(
                "Contract number %(number)s is already used in %(company)s.",
                number=number,
                company=self.env["res.company"].browse(company_id).sudo().name,
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s and cannot be deleted; archive it instead.",
                        contract=contract.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[contract.state],
                    )
                )
            # Read as superuser: an officer without sales rights may still delete a draft.
            if contract.sudo().sale_order_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has sale orders and cannot be deleted; archive it instead.",
                        contract=contract.name,
                    )
                )

    def _check_lines_editable(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %s is signed: its products, quantities and prices can no longer change. "
                        "Renew it or make a new contract.",
                        contract.name,
                    )
                )

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------

    def action_activate(self):
        """Signed: the contract comes into force."""
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Only draft contracts can be signed (%s).", contract.name))
            if not contract.line_ids:
                raise UserError(
                    self.env._("Contract %s has no lines: add what is sold before signing it.", contract.name)
                )
            contract._check_payment_schedule_matches()
        for contract in self:
            contract.write({"state": "active", "date_signed": contract.date_signed or fields.Date.context_today(self)})
        return True

    def _check_payment_schedule_matches(self):
        self.ensure_one()
        if not self.payment_line_ids:
            return
        scheduled = sum(self.payment_line_ids.mapped("amount"))
        if self.currency_id.compare_amounts(scheduled, self.amount_total) != 0:
            raise UserError(
                self.env._(
                    "The payment schedule of contract %(contract)s adds up to %(scheduled)s "
                    "but the contract amount is %(total)s.",
                    contract=self.name,
                    scheduled=self.currency_id.format(scheduled),
                    total=self.currency_id.format(self.amount_total),
                )
            )

    def action_terminate(self):
        """Asks for the reason (wizard)."""
        self.ensure_one()
        return self.env["customer.contract.terminate"]._get_records_action(
            name=self.env._("Terminate Contract"), target="new", context={"default_contract_id": self.id}
        )

    def _terminate(self, reason, date=None):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why the contract is terminated."))
        for contract in self:
            if contract.state not in ("active", "expired"):
                raise UserError(self.env._("Only contracts in force can be terminated (%s).", contract.name))
        self.write(
            {
                "state": "terminated",
                "termination_reason": reason,
                "date_terminated": date or fields.Date.context_today(self),
            }
        )

    def action_close(self):
        for contract in self:
            if contract.state not in ("active", "expired"):
                raise UserError(self.env._("Only contracts in force or expired can be closed (%s).", contract.name))
        self.write({"state": "closed"})
        return True

    def action_renew(self):
        """Creates the next contract (draft) for the same period length, linked to this one."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(self.env._("Sign contract %s before renewing it.", self.name))
        if self.renewal_ids.filtered(lambda renewal: renewal.state != "terminated"):
            raise UserError(
                self.env._(
                    "Contract %(contract)s is already renewed by %(renewal)s.",
                    contract=self.name,
                    renewal=self.renewal_ids[0].name,
                )
            )
        shift = (self.date_end - self.date_start).days + 1
        renewal = self.copy(
            {
                "previous_contract_id": self.id,
                "date_start": self.date_end + relativedelta(days=1),
                "date_end": self.date_end + relativedelta(days=shift),
                "payment_line_ids": [Command.create(line._renewal_values(shift)) for line in self.payment_line_ids],
            }
        )
        self.message_post(body=self.env._("Renewed by contract %s.", renewal._get_html_link()))
        return renewal.get_formview_action()

    # ------------------------------------------------------------------
    # Sales
    # ------------------------------------------------------------------

    def action_create_sale_order(self):
        """A quotation for what is left to order, at the contract prices."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(self.env._("Only contracts in force can be ordered from (%s).", self.name))
        lines = self.line_ids.filtered(
            lambda line: float_compare(line.qty_remaining, 0.0, precision_rounding=line.product_uom_id.rounding) > 0
        )
        if not lines:
            raise UserError(self.env._("Everything in contract %s has already been ordered.", self.name))
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "contract_id": self.id,
                "pricelist_id": self._pricelist_for_orders().id,
                "origin": self.name,
                "order_line": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "product_uom_qty": line.qty_remaining,
                            "product_uom_id": line.product_uom_id.id,
                            "contract_line_id": line.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        return order.get_formview_action()

    def _pricelist_for_orders(self):
        """Orders must be in the contract currency: the customer's pricelist if
        it is, otherwise any pricelist in that currency (none: company currency)."""
        self.ensure_one()
        pricelist = self.partner_id.property_product_pricelist
        if pricelist.currency_id == self.currency_id:
            return pricelist
        pricelist = self.env["product.pricelist"].search(
            [("currency_id", "=", self.currency_id.id), ("company_id", "in", [self.company_id.id, False])], limit=1
        )
        if not pricelist and self.currency_id != self.company_id.currency_id:
            raise UserError(
                self.env._(
                    "Create a pricelist in %(currency)s to order from contract %(contract)s.",
                    currency=self.currency_id.name,
                    contract=self.name,
                )
            )
        return pricelist

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            {
                "domain": [("contract_id", "=", self.id)],
                "context": {"default_contract_id": self.id, "default_partner_id": self.partner_id.id},
            }
        )
        return action

    def action_view_renewals(self):
        self.ensure_one()
        if len(self.renewal_ids) == 1:
            return self.renewal_ids.get_formview_action()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_contract_action")
        action.update({"domain": [("previous_contract_id", "=", self.id)], "context": {}})
        return action

    def action_view_execution(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_contract_line_action")
        action.update({"domain": [("contract_id", "=", self.id)], "context": {}})
        return action

    # ------------------------------------------------------------------
    # Reminders (scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _cron_contract_reminders(self):
        today = fields.Date.context_today(self)
        self._expire_ended(today)
        self._remind_ends(today)
        self.env["customer.contract.payment.line"]._remind_and_mark_overdue(today)

    @api.model
    def _expire_ended(self, today):
        ended = self.search([("state", "=", "active"), ("date_end", "<", today)])
        ended.state = "expired"
        for contract in ended:
            # Scheduled actions run as OdooBot: write in the responsible user's language.
            lang_env = contract.with_context(lang=(contract.user_id or self.env.user).lang).env
            contract.message_post(body=lang_env._("The contract ended on %s and is now expired.", contract.date_end))
        return ended

    @api.model
    def _remind_ends(self, today):
        max_days = max(self.env["res.company"].search([]).mapped("contract_end_reminder_days") or [0])
        candidates = self.search(
            [
                ("state", "=", "active"),
                ("end_reminder_done", "=", False),
                ("date_end", "<=", today + relativedelta(days=max_days)),
            ]
        )
        for contract in candidates:
            if contract.date_end > today + relativedelta(days=contract.company_id.contract_end_reminder_days):
                continue
            user = contract.user_id or self.env.user
            contract.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=contract.date_end,
                summary=contract.with_context(lang=user.lang).env._(
                    "Contract ends on %s: renew or close it", contract.date_end
                ),
                user_id=user.id,
            )
            contract.end_reminder_done = True
