from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    customer_sensitivity_warning = fields.Text(
        "Customer Defect Sensitivity",
        compute="_compute_customer_sensitivity_warning",
        help="Defects this customer complained about before: grade and ship with care.",
    )
    quality_certificate_ids = fields.One2many(
        "customer.quality.certificate", "picking_id", string="Quality Certificates"
    )

    @api.depends("partner_id", "picking_type_code")
    @api.depends_context("allowed_company_ids")
    def _compute_customer_sensitivity_warning(self):
        deliveries = self.filtered(lambda picking: picking.picking_type_code == "outgoing")
        warnings = deliveries.partner_id._defect_sensitivity_warnings()
        for picking in self:
            picking.customer_sensitivity_warning = (
                warnings.get(picking.partner_id.commercial_partner_id.id, False) if picking in deliveries else False
            )

    def _check_quality_certificate_allowed(self):
        for picking in self:
            if picking.picking_type_code != "outgoing" or picking.state != "done":
                raise UserError(
                    self.env._(
                        "A quality certificate is issued for a validated customer delivery; %s is not one.",
                        picking.display_name,
                    )
                )
            if not picking.partner_id:
                raise UserError(self.env._("Delivery %s has no customer.", picking.display_name))

    def action_print_quality_certificate(self):
        """Issue the delivery's certificate the first time, then print it."""
        self._check_quality_certificate_allowed()
        missing = self.filtered(lambda picking: not picking.quality_certificate_ids)
        self.env["customer.quality.certificate"].create([{"picking_id": picking.id} for picking in missing])
        return self.env.ref("crm_customer_archive.action_report_quality_certificate").report_action(
            self.quality_certificate_ids
        )
