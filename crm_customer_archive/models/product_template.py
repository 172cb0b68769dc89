from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_software = fields.Boolean(
        "Software Product", help="Confirming a sale order for it creates a licence for the customer."
    )
    license_type = fields.Selection(
        [("trial", "Trial"), ("subscription", "Subscription"), ("perpetual", "Perpetual")],
        default="subscription",
        help="Type of the licence a sale creates.",
    )
    license_duration_months = fields.Integer(
        "Licence Duration (months)", default=12, help="Length of a subscription sold with this product."
    )
    license_feature_ids = fields.Many2many(
        "customer.license.feature",
        string="Licence Features",
        check_company=True,
        help="Features a licence sold with this product unlocks; their codes go into the signed licence file.",
    )

    @api.constrains("license_duration_months")
    def _check_license_duration(self):
        for template in self:
            if (
                template.is_software
                and template.license_type == "subscription"
                and template.license_duration_months <= 0
            ):
                raise ValidationError(self.env._("A subscription must last at least one month."))
