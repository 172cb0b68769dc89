from odoo import fields, models


class CustomerLicenseLog(models.Model):
    """One call to the licence server (or a renewal): who, when, what answer.
    Calls with an unknown key are logged without a licence (rate limits)."""

    _name = "customer.license.log"
    _description = "Licence Server Log"
    _inherit = ["customer.archive.input.mixin"]
    _order = "id desc"
    _log_access = False

    license_id = fields.Many2one("customer.license", index="btree_not_null", ondelete="cascade", readonly=True)
    company_id = fields.Many2one(related="license_id.company_id", store=True, index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True, readonly=True)
    action = fields.Selection(
        [("activate", "Activate"), ("verify", "Verify"), ("deactivate", "Deactivate"), ("renew", "Renew")],
        required=True,
        readonly=True,
    )
    result = fields.Char(required=True, readonly=True, help="ok or the error code answered.")
    ip_address = fields.Char(index=True, readonly=True)
    key_hint = fields.Char(index=True, readonly=True, help="The first characters of the key sent, for rate limits.")
    hostname = fields.Char(readonly=True)
    fingerprint_hint = fields.Char(readonly=True, help="The first characters of the fingerprint's hash.")
    user_id = fields.Many2one("res.users", readonly=True, help="For renewals: who renewed.")
