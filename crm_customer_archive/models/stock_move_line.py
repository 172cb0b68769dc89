from odoo import api, models
from odoo.exceptions import UserError

from .customer_archive_capability import _capability_enabled


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_grading_gate("reservation")
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "lot_id" in vals:
            self._check_grading_gate("reservation")
        return result

    def _grading_gate_groups(self):
        """{(customer, part): lines} of the coils on customer deliveries."""
        groups = {}
        if not _capability_enabled(self.env, "engineering"):
            return groups
        for line in self:
            if line.lot_id and line.picking_code == "outgoing" and line.picking_partner_id and line.state != "done":
                key = (line.picking_partner_id.commercial_partner_id, line.move_id.sale_line_id.customer_part_id)
                groups.setdefault(key, self.browse())
                groups[key] |= line
        return groups

    def _grading_gate_findings(self, step):
        """{customer: {lot: [(reason, defect, text)]}} of the coils of these
        lines the customer must not get."""
        findings = {}
        for (customer, part), lines in self._grading_gate_groups().items():
            found = lines.lot_id._grading_findings(customer, part, step)
            if found:
                findings.setdefault(customer, {}).update(found)
        return findings

    def _check_grading_gate(self, step):
        findings = self._grading_gate_findings(step)
        if findings:
            raise UserError(self.env["stock.picking"]._grading_gate_message(findings))
