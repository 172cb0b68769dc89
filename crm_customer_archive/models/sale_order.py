from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang, plaintext2html

from .res_partner import MANAGER_GROUP
from .res_partner_credit import CREDIT_LEVELS, CREDIT_MANAGER_GROUPS, credit_level_below, is_credit_manager


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_sensitivity_warning = fields.Text(
        "Customer Defect Sensitivity",
        compute="_compute_customer_sensitivity_warning",
        help="Defects this customer complained about before (from its complaints).",
    )

    contract_id = fields.Many2one(
        "customer.contract",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('state', '=', 'active'), ('company_id', '=', company_id)]",
        check_company=True,
    )
    contract_overrun_warning = fields.Text(compute="_compute_contract_overrun_warning")
    # The credit gate: see _check_credit_gate().
    customer_blocked = fields.Boolean(compute="_compute_credit_approval_reason")
    credit_approval_reason = fields.Text(
        compute="_compute_credit_approval_reason",
        help="Why confirming this order needs a sales or customer archive manager.",
    )

    @api.depends("contract_id", "state", "order_line.product_uom_qty", "order_line.contract_line_id")
    def _compute_contract_overrun_warning(self):
        for order in self:
            overruns = order._contract_overruns() if order.state in ("draft", "sent") else []
            order.contract_overrun_warning = self._format_overruns(overruns) if overruns else False

    @api.constrains("contract_id", "partner_id", "currency_id")
    def _check_contract(self):
        for order in self.filtered("contract_id"):
            contract = order.contract_id
            if contract.partner_id.commercial_partner_id != order.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is for %(customer)s but contract %(contract)s is with %(contract_customer)s.",
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        contract=contract.name,
                        contract_customer=contract.partner_id.display_name,
                    )
                )
            if order.currency_id and order.currency_id != contract.currency_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is in %(currency)s but contract %(contract)s is in %(contract_currency)s: "
                        "choose a pricelist in the contract currency.",
                        order=order.name,
                        currency=order.currency_id.name,
                        contract=contract.name,
                        contract_currency=contract.currency_id.name,
                    )
                )

    def _contract_overruns(self):
        """[(contract line, already ordered, on these orders)] where these
        orders would take a contract line above its contracted quantity."""
        on_orders = defaultdict(float)
        for line in self.order_line.filtered(lambda line: line.contract_line_id and line.state in ("draft", "sent")):
            contract_line = line.contract_line_id
            on_orders[contract_line] += line.product_uom_id._compute_quantity(
                line.product_uom_qty, contract_line.product_uom_id
            )
        return [
            (contract_line, contract_line.qty_ordered, quantity)
            for contract_line, quantity in on_orders.items()
            if float_compare(
                contract_line.qty_ordered + quantity,
                contract_line.quantity,
                precision_rounding=contract_line.product_uom_id.rounding or 0.001,
            )
            > 0
        ]

    def _format_overruns(self, overruns):
        return "\n".join(
            self.env._(
                "%(contract)s / %(product)s: contracted %(contracted)s %(unit)s, already ordered %(ordered)s, "
                "this order %(quantity)s.",
                contract=contract_line.contract_id.name,
                product=contract_line.product_id.display_name,
                contracted=contract_line.quantity,
                unit=contract_line.product_uom_id.name,
                ordered=ordered,
                quantity=quantity,
            )
            for contract_line, ordered, quantity in overruns
        )

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if not message and self.contract_id and self.contract_id.state != "active":
            return self.env._(
                "Contract %s is not in force: sign it first, or remove it from the order.", self.contract_id.name
            )
        return message

    def action_confirm(self):
        self._check_credit_gate()
        overruns = self._contract_overruns()
        if overruns:
            details = self._format_overruns(overruns)
            if not self.env.user.has_group(MANAGER_GROUP):
                raise UserError(
                    self.env._(
                        "These orders exceed what the contract leaves to order; "
                        "only a customer archive manager may confirm them:\n%s",
                        details,
                    )
                )
            for order in self:
                order.message_post(
                    body=self.env._(
                        "Confirmed above the contract quantity by %(user)s: %(details)s",
                        user=self.env.user.name,
                        details=details,
                    )
                )
        return super().action_confirm()

    # ------------------------------------------------------------------
    # Credit gate: blocked customers, credit limit, credit level
    # ------------------------------------------------------------------

    @api.depends("partner_id", "company_id", "amount_total", "currency_rate", "state")
    def _compute_credit_approval_reason(self):
        for order in self:
            order.customer_blocked = order.partner_id.commercial_partner_id.archive_state == "blocked"
            terms = order._credit_terms()
            order.credit_approval_reason = "\n".join(terms["reasons"]) if terms else False

    def _credit_terms(self):
        """The customer's credit against this order, or None for an order no
        longer to confirm. The balance is counted as the sale module's credit
        warning counts it (account.move._build_credit_warning_message): unpaid
        receivables + confirmed orders still to invoice + this order, in the
        company's currency; the limit is Odoo's, when the company uses limits."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self.partner_id:
            return None
        company = self.company_id
        # credit and credit_limit are accountants' fields: read them as Odoo's warning does.
        customer = self.partner_id.commercial_partner_id.with_company(company).sudo()
        # Not cached by the ORM's dependencies: read them afresh (orders confirmed since).
        customer.invalidate_recordset(["credit", "credit_to_invoice"])
        balance = customer.credit + customer.credit_to_invoice + self.amount_total / (self.currency_rate or 1.0)
        limit = customer.credit_limit if company.account_use_credit_limit else 0.0
        level, minimum = customer.credit_level, company.archive_credit_min_level
        levels = dict(CREDIT_LEVELS)
        terms = {
            "balance": formatLang(self.env, balance, currency_obj=company.currency_id),
            "limit": formatLang(self.env, limit, currency_obj=company.currency_id) if limit else "-",
            "level": levels.get(level, "-"),
            "minimum": levels.get(minimum, "-"),
            "reasons": [],
        }
        if limit and company.currency_id.compare_amounts(balance, limit) > 0:
            terms["reasons"].append(
                self.env._(
                    "Open balance %(balance)s (unpaid invoices, orders to invoice and this order) "
                    "is above the credit limit %(limit)s.",
                    balance=terms["balance"],
                    limit=terms["limit"],
                )
            )
        if credit_level_below(level, minimum):
            terms["reasons"].append(
                self.env._(
                    "Credit level %(level)s is below the minimum %(minimum)s.",
                    level=terms["level"],
                    minimum=terms["minimum"],
                )
            )
        return terms

    def write(self, vals):
        # Confirming is writing state "sale": the gate holds for a direct write too
        # (an API client), not only for the Confirm button.
        if vals.get("state") == "sale":
            self.filtered(lambda order: order.state in ("draft", "sent"))._check_credit_gate(log=False)
        return super().write(vals)

    def _check_credit_gate(self, log=True):
        """No order for a blocked customer, whoever confirms it; an order above
        the credit limit or below the minimum credit level is confirmed by a
        manager only, and the approval is logged on the order and the customer."""
        for order in self:
            if order.customer_blocked:
                raise UserError(order._blocked_customer_message())
        to_approve = self.filtered("credit_approval_reason")
        if not to_approve:
            return
        if not is_credit_manager(self.env):
            order = to_approve[0]
            raise UserError(
                self.env._(
                    "Order %(order)s for %(customer)s needs a manager's approval:\n%(reasons)s\n"
                    "A sales manager or a customer archive manager must confirm it: "
                    "use “Request Credit Approval”.",
                    order=order.name,
                    customer=order.partner_id.commercial_partner_id.display_name,
                    reasons=order.credit_approval_reason,
                )
            )
        if not log:
            return
        for order in to_approve:
            terms = order._credit_terms()
            body = self.env._(
                "%(user)s confirmed order %(order)s above the credit terms: open balance %(balance)s, "
                "credit limit %(limit)s, credit level %(level)s (minimum %(minimum)s).",
                user=self.env.user.name,
                order=order.name,
                balance=terms["balance"],
                limit=terms["limit"],
                level=terms["level"],
                minimum=terms["minimum"],
            )
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            # Logged as the system: the manager may not be allowed to change the customer.
            order.partner_id.commercial_partner_id.sudo().message_post(
                body=body, author_id=self.env.user.partner_id.id, subtype_xmlid="mail.mt_note"
            )

    def _blocked_customer_message(self):
        return self.env._(
            "%(customer)s is blocked: order %(order)s cannot be confirmed, not even by a manager. "
            "Change the customer's status in its archive first.",
            customer=self.partner_id.commercial_partner_id.display_name,
            order=self.name,
        )

    def action_request_credit_approval(self):
        """A to-do for every sales and customer archive manager of the order's company."""
        self.ensure_one()
        if self.customer_blocked:
            raise UserError(self._blocked_customer_message())
        if not self.credit_approval_reason:
            raise UserError(
                self.env._("Order %(order)s does not need a manager's approval: confirm it.", order=self.name)
            )
        groups = [self.env.ref(xmlid).id for xmlid in CREDIT_MANAGER_GROUPS]
        managers = self.env["res.users"].search(
            [("all_group_ids", "in", groups), ("share", "=", False), ("company_ids", "in", self.company_id.ids)]
        )
        if not managers:
            raise UserError(
                self.env._(
                    "Nobody of %(company)s may approve this order: there is no sales or customer archive manager.",
                    company=self.company_id.name,
                )
            )
        summary = self.env._("Credit approval")
        todo = self.env.ref("mail.mail_activity_data_todo")
        asked = self.activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo and activity.summary == summary
        ).user_id
        note = plaintext2html(
            self.env._("%(user)s asks to confirm this order:", user=self.env.user.name)
            + "\n"
            + self.credit_approval_reason
        )
        for manager in managers - asked:
            self.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=note, user_id=manager.id)
        return True

    @api.depends("partner_id")
    @api.depends_context("allowed_company_ids")
    def _compute_customer_sensitivity_warning(self):
        warnings = self.partner_id._defect_sensitivity_warnings()
        for order in self:
            order.customer_sensitivity_warning = warnings.get(order.partner_id.commercial_partner_id.id, False)

    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_software_licenses()
        self.partner_id._reactivate_from_orders()  # dormant and lost customers ordering again
        return result

    def _create_software_licenses(self):
        """One licence per confirmed line of a software product, seats = quantity."""
        License = self.env["customer.license"].sudo()
        lines = self.order_line.filtered(
            lambda line: line.product_id.product_tmpl_id.is_software and not line.display_type
        )
        existing = License.search([("sale_line_id", "in", lines.ids)]).sale_line_id
        today = fields.Date.context_today(self)
        values = []
        for line in lines - existing:
            template = line.product_id.product_tmpl_id
            seats = int(line.product_uom_qty)
            if seats <= 0:
                continue
            vals = {
                "partner_id": line.order_id.partner_id.commercial_partner_id.id,
                "product_tmpl_id": template.id,
                "license_type": template.license_type or "subscription",
                "seats": seats,
                "date_start": today,
                "feature_ids": [Command.set(template.license_feature_ids.ids)],
                "sale_line_id": line.id,
                "contract_id": line.order_id.contract_id.id,
                "company_id": line.order_id.company_id.id,
                "user_id": (line.order_id.user_id or self.env.user).id,
                "state": "active",
            }
            if vals["license_type"] == "subscription":
                vals["date_end"] = today + relativedelta(months=template.license_duration_months or 12)
            values.append(vals)
        licenses = License.create(values)
        for license_ in licenses:
            license_.message_post(
                body=self.env._("Created by the confirmation of %s.", license_.sale_line_id.order_id._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        return licenses
