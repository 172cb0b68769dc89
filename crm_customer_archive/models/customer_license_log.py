from odoo import api, fields, models
from odoo.tools import SQL


class CustomerLicenseLog(models.Model):
    """One call to the licence server (or a renewal): who, when, what answer.
    Calls with an unknown key are logged without a licence. Successful
    heartbeats, the bulk of the calls, are counted in one row per machine
    and hour; every other call has a row of its own."""

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
    calls = fields.Integer(default=1, readonly=True, help="Successful heartbeats of the machine in that hour.")
    hour_start = fields.Datetime("Hour", readonly=True, help="For counted heartbeats: the hour they were made in.")

    # The row a successful heartbeat is counted in (old per-call rows have no hour).
    _heartbeat_hour_unique = models.UniqueIndex(
        "(license_id, fingerprint_hint, hour_start) WHERE hour_start IS NOT NULL"
    )

    @api.model
    def _count_heartbeat(self, values):
        """Count a successful heartbeat in the row of its machine and hour,
        created by the first one. Run it in a READ COMMITTED transaction
        (see customer.license.rate): concurrent heartbeats then add up."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(table)s (license_id, company_id, date, hour_start, action, result,
                                          ip_address, key_hint, hostname, fingerprint_hint, calls)
                   VALUES (%(license)s, %(company)s, now() at time zone 'UTC',
                           date_trunc('hour', now() at time zone 'UTC'), 'verify', 'ok',
                           %(ip)s, %(key_hint)s, %(hostname)s, %(fingerprint_hint)s, 1)
                   ON CONFLICT (license_id, fingerprint_hint, hour_start) WHERE hour_start IS NOT NULL
                   DO UPDATE SET calls = %(table)s.calls + 1""",
                table=SQL.identifier(self._table),
                license=values["license_id"],
                company=values["company_id"],
                ip=values["ip_address"],
                key_hint=values["key_hint"],
                hostname=values["hostname"],
                fingerprint_hint=values["fingerprint_hint"],
            )
        )
