import hmac
import secrets
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError

from .server_fields import refuse_server_fields

# Verification codes avoid characters that are easily misread on paper.
VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VERIFICATION_LENGTH = 12
# What the printed certificate and its QR code state: set when it is issued, never by a client.
ISSUED_FIELDS = (
    "name",
    "verification_code",
    "date_issued",
    "issued_by_id",
    "partner_id",
    "released_by_id",
    "release_reason",
)


def generate_verification_code():
    """12 characters of a 32-letter alphabet: 60 random bits."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _index in range(VERIFICATION_LENGTH))


class CustomerQualityCertificate(models.Model):
    """The quality certificate (质保书, EN 10204 3.1 style) of a validated
    delivery. Its number and verification code printed with a QR code let
    anybody check on a public page that a paper certificate is genuine."""

    _name = "customer.quality.certificate"
    _description = "Quality Certificate"
    _inherit = ["customer.archive.input.mixin", "portal.mixin", "mail.thread"]
    _order = "date_issued desc, id desc"
    _date_issued_id_idx = models.Index("(date_issued DESC, id DESC)")  # the list's default order

    name = fields.Char("Certificate Number", required=True, readonly=True, copy=False, index=True)
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", required=True, readonly=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True, index=True)
    sale_order_id = fields.Many2one(related="picking_id.sale_id", string="Sale Order")
    # Related fields read as superuser: the portal shows them without access to deliveries.
    delivery_reference = fields.Char(related="picking_id.name", string="Delivery Reference")
    customer_order_reference = fields.Char(related="picking_id.sale_id.client_order_ref", string="Your Order Ref.")
    date_issued = fields.Datetime("Issued On", default=fields.Datetime.now, required=True, readonly=True)
    issued_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    verification_code = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: generate_verification_code()
    )
    verification_url = fields.Char(compute="_compute_verification_url")
    # A certificate of coils that were not all tested and passed exists only on a manager's release.
    released_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    release_reason = fields.Text(
        readonly=True, copy=False, help="Why a manager released the certificate although not every coil conforms."
    )
    active = fields.Boolean(default=True, tracking=True, help="Withdrawn certificates no longer verify.")

    _name_unique = models.UniqueIndex("(name)", "This certificate number already exists.")
    _picking_unique = models.UniqueIndex(
        "(picking_id) WHERE active", "This delivery already has a quality certificate."
    )

    @api.depends("picking_id.partner_id")
    def _compute_partner_id(self):
        for certificate in self:
            certificate.partner_id = certificate.picking_id.partner_id.commercial_partner_id

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for certificate in self:
            certificate.access_url = f"/my/certificates/{certificate.id}"

    def _get_report_base_filename(self):
        return self.name

    def _compute_verification_url(self):
        base_url = self.get_base_url()
        for certificate in self:
            query = urlencode({"number": certificate.name, "code": certificate.verification_code})
            certificate.verification_url = f"{base_url}/quality-certificate/verify?{query}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_server_fields(self, vals, ISSUED_FIELDS)
        pickings = self.env["stock.picking"].browse([vals.get("picking_id") for vals in vals_list])
        pickings._check_quality_certificate_allowed()
        # Every delivered coil counts, whatever the user may read; only the
        # release (server code, see stock.picking) sets a reason.
        unreleased = [vals.get("picking_id") for vals in vals_list if not vals.get("release_reason")]
        pickings.browse(unreleased).sudo()._check_quality_certificate_conformity()
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code("crm_customer_archive.customer_quality_certificate")
        return super().create(vals_list)

    def write(self, vals):
        refuse_server_fields(self, vals, (*ISSUED_FIELDS, "picking_id"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Quality certificates were handed to customers and are kept: archive one to withdraw it.")
        )

    @api.model
    def _verify(self, number, code):
        """The active certificate with this number and code, or an empty
        recordset; compares in constant time so codes cannot be guessed
        character by character."""
        if not isinstance(number, str) or not isinstance(code, str) or len(number) > 64 or len(code) > 64:
            return self.browse()
        certificate = self.sudo().search([("name", "=", number.strip())], limit=1)
        candidate = code.strip().upper().encode()
        if certificate and hmac.compare_digest(certificate.verification_code.encode(), candidate):
            return certificate
        return self.browse()

    def _certificate_lots(self):
        """Per delivered coil, what the certificate prints (see stock.picking)."""
        self.ensure_one()
        return self.picking_id._certificate_coils()

    def _certificate_findings(self):
        """The coils that keep the certificate from stating conformity."""
        self.ensure_one()
        return self.picking_id._quality_certificate_findings()
