from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..models.customer_archive_capability import _capability_enabled

LAST_FOLLOWUPS = 5


class ReportCustomerCard(models.AbstractModel):
    """客户管理卡 / 潜在客户管理卡: one card per customer of the archive. Every
    section is read here, for all the printed customers at once (one search
    per section), as the printing user may read it; the template only shows it."""

    _name = "report.crm_customer_archive.report_customer_card"
    _description = "Customer Card Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The report's group only hides it from the Print menu: /report/pdf/ is
        # open to anyone who may read the partner (grading staff, its portal users).
        if not (self.env.su or self.env.user.has_group("crm_customer_archive.group_archive_user")):
            raise AccessError(self.env._("The customer card is printed by the customer archive's users only."))
        customers = self.env["res.partner"].browse(docids).commercial_partner_id
        outside = customers.filtered(lambda partner: not partner.is_archive_customer)
        if outside:
            raise UserError(
                self.env._(
                    "%(partners)s not in the customer archive: only customers and prospects have a customer card.",
                    partners=", ".join(outside.mapped("display_name")),
                )
            )
        return {
            "doc_ids": customers.ids,
            "doc_model": "res.partner",
            "docs": customers,
            "data": data,
            "contacts": self._group_by_partner(
                self.env["res.partner"].search(
                    [("parent_id", "in", customers.ids), ("type", "=", "contact"), ("is_company", "=", False)],
                    order="contact_state, name, id",
                ),
                "parent_id",
            ),
            "contracts": self._contracts(customers),
            "customer_values": self._customer_values(customers),
            "sensitivity": (
                customers._defect_sensitivity(with_parts=True) if _capability_enabled(self.env, "complaints") else None
            ),
            "severities": dict(self.env["customer.complaint"]._fields["severity"]._description_selection(self.env)),
            "followups": self._followups(customers),
            "competitors": self._competitors(customers),
        }

    @api.model
    def _group_by_partner(self, records, partner_field="partner_id"):
        """{commercial partner id: its records}, empty for the others."""
        grouped = defaultdict(lambda: records.browse())
        for record in records:
            grouped[record[partner_field].commercial_partner_id.id] |= record
        return grouped

    def _readable(self, model):
        """The printing user may read it: else its section is left out."""
        return self.env[model].has_access("read")

    @api.model
    def _contracts(self, customers):
        if not (_capability_enabled(self.env, "contracts") and self._readable("customer.contract")):
            return None
        contracts = self.env["customer.contract"].search(
            [("partner_id", "child_of", customers.ids)], order="date_start desc, id desc"
        )
        return self._group_by_partner(contracts)

    @api.model
    def _customer_values(self, customers):
        """customer.value (value and churn figures, refreshed nightly): the
        row of the current company, if the model is there."""
        if not self._readable("customer.value"):
            return None
        domain = [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id)]
        rows = self.env["customer.value"].search(domain)
        values = {row.partner_id.id: row for row in rows}
        # A customer whose figures exist but are outside the printer's scope
        # (another account manager's) has no section, rather than "not computed".
        hidden = set(self.env["customer.value"].sudo().search(domain).partner_id.ids) - set(values)
        return {
            customer.id: values.get(customer.id, rows.browse()) for customer in customers if customer.id not in hidden
        }

    @api.model
    def _followups(self, customers):
        """The last follow-ups done (customer.followup), newest first."""
        if not self._readable("customer.followup"):
            return None
        followups = self.env["customer.followup"].search(
            [("partner_id", "in", customers.ids), ("state", "=", "done")], order="date_start desc, id desc"
        )
        grouped = self._group_by_partner(followups)
        for partner_id, records in grouped.items():
            grouped[partner_id] = records[:LAST_FOLLOWUPS]
        return grouped

    @api.model
    def _competitors(self, customers):
        if not self._readable("customer.competitor"):
            return None
        return self._group_by_partner(self.env["customer.competitor"].search([("partner_id", "in", customers.ids)]))
