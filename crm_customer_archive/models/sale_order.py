from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .res_partner import MANAGER_GROUP


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

    @api.depends("partner_id")
    @api.depends_context("allowed_company_ids")
    def _compute_customer_sensitivity_warning(self):
        warnings = self.partner_id._defect_sensitivity_warnings()
        for order in self:
            order.customer_sensitivity_warning = warnings.get(order.partner_id.commercial_partner_id.id, False)

    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_software_licenses()
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
