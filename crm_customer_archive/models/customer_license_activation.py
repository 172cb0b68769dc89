from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

OFFICER_GROUP = "crm_customer_archive.group_archive_officer"


class CustomerLicenseActivation(models.Model):
    """One machine a licence runs on. The machine fingerprint is stored only
    as a hash salted with the licence key."""

    _name = "customer.license.activation"
    _description = "Licence Activation"
    _inherit = ["customer.archive.input.mixin"]
    _order = "state, last_seen desc, id desc"
    # The list's default order and the idle-release cron (state = active, last_seen < x).
    _state_last_seen_id_idx = models.Index("(state, last_seen DESC, id DESC)")
    _rec_name = "hostname"

    license_id = fields.Many2one("customer.license", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="license_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="license_id.company_id", store=True, index=True)  # company rule, cron
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
        """The licence desk frees a seat. Machines are written by the licence
        server only (nobody has write access), so this runs as superuser once
        the caller is known to be licence desk staff."""
        if not self.env.su and not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(self.env._("Only the licence desk (archive officers) may release a machine."))
        self.check_access("read")
        self.filtered(lambda activation: activation.state == "active").sudo().write(
            {"state": "released", "released_reason": "desk"}
        )
        return True

    def _heartbeat(self, ip_address):
        """The licence server saw this machine: refresh last seen and its
        address at most once a minute, by one conditional UPDATE. Heartbeats
        within the minute write nothing. Run in a READ COMMITTED transaction
        (customer.license.api._own_transaction), a heartbeat that waited for
        another one's update sees the fresh last seen and updates no row."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """UPDATE customer_license_activation
                      SET last_seen = now() at time zone 'UTC', ip_address = %s, write_date = now() at time zone 'UTC'
                    WHERE id = %s
                      AND (last_seen IS NULL OR last_seen < now() at time zone 'UTC' - interval '1 minute')""",
                ip_address,
                self.id,
            )
        )
        self.invalidate_recordset(["last_seen", "ip_address", "write_date"])
