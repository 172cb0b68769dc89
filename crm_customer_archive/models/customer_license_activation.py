from odoo import fields, models


class CustomerLicenseActivation(models.Model):
    """One machine a licence runs on. The machine fingerprint is stored only
    as a hash salted with the licence key."""

    _name = "customer.license.activation"
    _description = "Licence Activation"
    _order = "state, last_seen desc, id desc"
    _rec_name = "hostname"

    license_id = fields.Many2one("customer.license", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="license_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="license_id.company_id", store=True)
    fingerprint_hash = fields.Char(required=True, index=True, readonly=True)
    hostname = fields.Char(readonly=True)
    os_name = fields.Char("Operating System", readonly=True)
    ip_address = fields.Char("Last IP Address", readonly=True)
    first_seen = fields.Datetime(default=fields.Datetime.now, readonly=True)
    last_seen = fields.Datetime(default=fields.Datetime.now, readonly=True)
    state = fields.Selection([("active", "Active"), ("released", "Released")], default="active", required=True)
    released_reason = fields.Selection(
        [("customer", "Released by the Customer"), ("idle", "Idle"), ("desk", "Released by the Licence Desk")],
        readonly=True,
    )

    _machine_unique = models.UniqueIndex(
        "(license_id, fingerprint_hash) WHERE state = 'active'",
        "This machine is already activated for this licence.",
    )

    def action_release(self):
        self.filtered(lambda activation: activation.state == "active").write(
            {"state": "released", "released_reason": "desk"}
        )
        return True
