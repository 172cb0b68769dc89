import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Semantic Versioning 2.0.0 (https://semver.org), without a leading "v".
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


class CustomerSoftwareBuild(models.Model):
    """A customer's own build of a base software product (定制版本): its
    version, what was customised and where its sources and manual are."""

    _name = "customer.software.build"
    _description = "Customer Software Build"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "mail.thread"]
    _input_max_lengths = {"repository_path": 2048, "manual_url": 2048}
    _order = "partner_id, product_tmpl_id, release_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Base Product",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_software", "=", True)],
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        check_company=True,
    )
    customer_code = fields.Char(related="partner_id.ref", string="Customer Code")
    version = fields.Char(required=True, tracking=True, help="Semantic version, e.g. 2.3.1 or 2.4.0-rc.1")
    base_version = fields.Char(help="Version of the base product this build derives from.")
    customization_notes = fields.Html("Customisation Notes", help="特殊定制注释")
    repository_path = fields.Char(
        "Backup / Repository Path", help="备份路径, e.g. git@git.example.cn:cust/hbqc-mes.git"
    )
    manual_url = fields.Char("User Manual URL", help="使用说明文档路径")
    manual_attachment_id = fields.Many2one("ir.attachment", string="User Manual", ondelete="set null")
    release_date = fields.Date(default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("development", "In Development"), ("released", "Published"), ("retired", "Retired")],
        default="development",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    license_ids = fields.One2many("customer.license", "build_id", string="Licences")

    _version_unique = models.UniqueIndex(
        "(partner_id, product_tmpl_id, version)",
        "This customer already has a build of this product with this version.",
    )

    @api.depends("product_tmpl_id.name", "version", "partner_id.name")
    def _compute_name(self):
        for build in self:
            build.name = f"{build.product_tmpl_id.name or ''} {build.version or ''}".strip()

    @api.constrains("version", "base_version")
    def _check_versions(self):
        for build in self:
            for label, version in (
                (self.env._("version"), build.version),
                (self.env._("base version"), build.base_version),
            ):
                if version and not SEMVER.match(version):
                    raise ValidationError(
                        self.env._(
                            'The %(what)s "%(version)s" is not a semantic version such as 2.3.1 or 2.4.0-rc.1.',
                            what=label,
                            version=version,
                        )
                    )
