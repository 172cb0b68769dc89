from odoo import api, fields, models
from odoo.tools import SQL

RETENTION_HOURS = 1  # counters only serve the per-minute limits


class CustomerLicenseRate(models.Model):
    """Calls to the licence server per address or key and per minute: one
    fixed-window counter row, incremented by an upsert. Counting a call costs
    one indexed row, however many calls the minute already had."""

    _name = "customer.license.rate"
    _description = "Licence Server Rate Counter"
    _order = "window_start desc, id desc"
    _log_access = False

    scope = fields.Selection([("ip", "By Address"), ("key", "By Key")], required=True, readonly=True)
    name = fields.Char(
        "Counted For", required=True, readonly=True, help="The address, or the first characters of the key."
    )
    window_start = fields.Datetime("Minute", required=True, readonly=True)
    calls = fields.Integer(required=True, default=1, readonly=True)

    _window_unique = models.UniqueIndex("(scope, name, window_start)")

    @api.model
    def _count_calls(self, names):
        """Count one call for each ``{scope: name}`` in the current minute;
        the calls of the minute so far, this one included, per scope.

        Run it in a READ COMMITTED transaction: concurrent upserts of a row
        then wait for each other and add up, where REPEATABLE READ (Odoo's
        request transactions) fails them with a serialization error."""
        names = {scope: name for scope, name in names.items() if name}
        if not names:
            return {}
        rows = SQL(", ").join(
            SQL("(%s, %s, date_trunc('minute', now() at time zone 'UTC'), 1)", scope, name)
            for scope, name in sorted(names.items())  # one order: concurrent upserts cannot deadlock
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(table)s (scope, name, window_start, calls) VALUES %(rows)s
                   ON CONFLICT (scope, name, window_start) DO UPDATE SET calls = %(table)s.calls + 1
                   RETURNING scope, calls""",
                table=SQL.identifier(self._table),
                rows=rows,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _purge(self):
        # Plain DELETE: counters have no relations nor side effects.
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE window_start < now() at time zone 'UTC' - make_interval(hours => %s)",
                SQL.identifier(self._table),
                RETENTION_HOURS,
            )
        )
