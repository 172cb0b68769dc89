from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The public certificate check: calls per minute from one address (system parameter).
VERIFY_IP_LIMIT_PARAM = "crm_customer_archive.certificate_verify_ip_limit"
DEFAULT_VERIFY_IP_LIMIT = 30

RETENTION_DAYS = 1  # counters only serve the per-minute limits


class CustomerPublicRequest(models.Model):
    """One call to a rate-limited public route (the certificate check): which
    route, from which address, when. Insert-only counters for the per-minute
    limit of an address; nothing about what was asked is kept."""

    _name = "customer.public.request"
    _description = "Public Request"
    _order = "id desc"
    _log_access = False

    route = fields.Char(required=True, readonly=True)
    ip_address = fields.Char(readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)

    _route_ip_date_idx = models.Index("(route, ip_address, date)")

    @api.model
    def _allow(self, route, ip_address, limit):
        """Count a call of ``route`` from ``ip_address`` and return True, or
        return False, writing nothing, when that address already made
        ``limit`` calls in the last minute (so refused calls cannot grow the table)."""
        since = fields.Datetime.now() - timedelta(minutes=1)
        domain = [("route", "=", route), ("ip_address", "=", ip_address), ("date", ">=", since)]
        if self.search_count(domain, limit=limit) >= limit:
            return False
        self.create({"route": route, "ip_address": ip_address})
        return True

    @api.model
    def _cron_purge(self):
        # Plain DELETE: counters have no relations nor side effects, and there
        # may be many of them after an attack.
        since = fields.Datetime.now() - timedelta(days=RETENTION_DAYS)
        self.env.cr.execute(SQL("DELETE FROM %s WHERE date < %s", SQL.identifier(self._table), since))
