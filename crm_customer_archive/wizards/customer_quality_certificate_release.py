from odoo import api, fields, models


class CustomerQualityCertificateRelease(models.TransientModel):
    """A manager's explicit release of the quality certificate of a delivery
    whose coils were not all tested and passed: the reason is required."""

    _name = "customer.quality.certificate.release"
    _description = "Release a Quality Certificate with an Exception"
    _inherit = ["customer.archive.input.mixin"]

    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True, readonly=True, ondelete="cascade")
    findings = fields.Text("Coils Not Conforming", compute="_compute_findings")
    reason = fields.Text(
        "Release Reason", required=True, help="Why the certificate is issued anyway; printed on the certificate."
    )

    @api.depends("picking_id")
    def _compute_findings(self):
        for wizard in self:
            wizard.findings = (
                "\n".join(wizard.picking_id._quality_certificate_findings()) if wizard.picking_id else False
            )

    def action_release(self):
        self.ensure_one()
        certificate = self.picking_id._release_quality_certificate(self.reason)
        action = self.env.ref("crm_customer_archive.action_report_quality_certificate").report_action(certificate)
        action["close_on_report_download"] = True
        return action
