from contextlib import contextmanager

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api, fields, models
from odoo.http import request
from odoo.sql_db import Cursor
from odoo.tools import SQL

from .customer_archive_access_threshold import WINDOWS

# The customer-archive data whose reads count (lines are read with their document).
COUNTED_MODELS = frozenset(
    {
        "res.partner",
        "customer.contract",
        "customer.complaint",
        "customer.part",
        "customer.process.spec",
        "customer.quality.certificate",
        "customer.license",
        "customer.followup",
        "customer.competitor",
    }
)
# "off" switches counting off (the benchmark measures its overhead that way).
COUNTING_PARAM = "crm_customer_archive.access_counting"
RETENTION_DAYS = 2  # the day window needs today's rows only


@contextmanager
def own_transaction(env):
    """An environment on a short transaction of its own, committed at once,
    READ COMMITTED: reads may run in a read-only REPEATABLE READ transaction,
    where concurrent upserts of a row would fail with a serialization error;
    here they wait for each other and add up. A read-only request
    transaction is ended first, as Odoo does for its device log (it wrote
    nothing; the rest of the request reads in a new one)."""
    if env.cr.readonly:
        env.cr.rollback()
    with env.registry.cursor() as cr:
        if isinstance(cr, Cursor):  # a real connection (in tests, a savepoint of the test's)
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
        yield env(cr=cr)


class CustomerArchiveAccessCounter(models.Model):
    """Records of the customer archive read per user, in fixed windows of
    10 minutes and of a day (UTC): one row per user and window, incremented
    by one upsert per read call however many records it read."""

    _name = "customer.archive.access.counter"
    _description = "Access Frequency Counter"
    _order = "window_start desc, id desc"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    period = fields.Selection(
        [("ten_minutes", "10 Minutes"), ("day", "Day")], string="Window", required=True, readonly=True
    )
    window_start = fields.Datetime(required=True, readonly=True)
    count = fields.Integer("Records Read", required=True, readonly=True)

    _window_unique = models.UniqueIndex("(user_id, period, window_start)")

    @api.model
    def _add(self, user_id, count):
        """Add ``count`` records read to both windows of ``user_id``; the
        totals of the windows so far, this read included: {window: total}."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(table)s (user_id, period, window_start, count) VALUES
                       (%(user)s, 'day', date_trunc('day', now() at time zone 'UTC'), %(count)s),
                       (%(user)s, 'ten_minutes',
                        date_bin('10 minutes', now() at time zone 'UTC', timestamp '2000-01-01'), %(count)s)
                   ON CONFLICT (user_id, period, window_start)
                   DO UPDATE SET count = %(table)s.count + EXCLUDED.count
                   RETURNING period, count""",
                table=SQL.identifier(self._table),
                user=user_id,
                count=count,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _count_read(self, records_read):
        """Count a read of ``records_read`` archive records by the current
        user: internal users in an HTTP request only, never the superuser nor
        sudo() code nor crons. Crossing a threshold warns or freezes."""
        env = self.env
        if not records_read or env.su or not request or env.user._is_superuser() or not env.user._is_internal():
            return
        if env["ir.config_parameter"].sudo().get_param(COUNTING_PARAM) == "off":
            return
        user = env.user
        # _get_group_ids() is cached per user: reading all_group_ids costs ms a request.
        limits = env["customer.archive.access.threshold"]._limits(tuple(sorted(user._get_group_ids())))
        with own_transaction(env) as own_env:
            totals = own_env[self._name].sudo()._add(user.id, records_read)
        for window in WINDOWS:
            if not limits:
                break
            total, before = totals[window], totals[window] - records_read
            freeze, warn = limits[f"freeze_{window}"], limits[f"warn_{window}"]
            if before < freeze <= total:
                kind, threshold = "frozen", freeze
            elif before < warn <= total:
                kind, threshold = "warning", warn
            else:
                continue
            # As the superuser, not the user: the alert comes from the system, and
            # what mail does as the author after the commit (notifying a failed
            # e-mail reads partners) does not count as the user's reads.
            with own_transaction(env) as own_env:
                own_env(user=SUPERUSER_ID)["customer.archive.access.event"]._raise_alarm(
                    user.id, kind, window, total, threshold
                )
            if kind == "frozen":
                break

    @api.model
    def _purge(self):
        # Plain DELETE: counters have no relations nor side effects.
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE window_start < now() at time zone 'UTC' - make_interval(days => %s)",
                SQL.identifier(self._table),
                RETENTION_DAYS,
            )
        )
