"""The nightly customer value run at 10 000 customers and 100 000 orders and
invoices: ``customer.value._refresh_values()`` (every figure of every
customer in one statement) and the whole cron (refresh, automatic status,
churn warnings) against one plain SQL aggregate of the same invoice lines
grouped by customer (the baseline), in interleaved rounds.

On a copy of an installed database (``<db>_value``, dropped at the end unless
``--keep``; the addon is updated in the copy when it predates the customer
value) it creates in SQL: the customers (5 % dormant), confirmed sale orders
and posted invoices (one steel line each, sold by the tonne, with a standard
cost) over the last 24 months, more of them recent (age = 730 d * u^2, u
spread evenly), 1 % of the invoices overdue, and a done follow-up within 50
days for 95 % of the customers. The first night after that catches up
(statuses, warnings): timed once and kept, so that the interleaved rounds
time ordinary nights, whose warnings already exist.

Goals: the refresh in at most 3 queries (the same at any size) and at most
5 times the baseline; the cron's time and queries, and the first night's, are
reported; the refreshed revenue must equal the baseline's.

    python3 bench/customer_value.py -c <odoo.conf> -d <installed db> [--rounds 5]
"""

import subprocess
import sys
import time
from pathlib import Path

from benchlib import Report, interleave, parser

sys.path.insert(0, str(Path(__file__).parent))
from served_copy import Database, odoo_command

GOAL = 5.0  # the refresh reads the orders as well as the invoices (twice the baseline's documents)
MAX_QUERIES = 3

BASELINE_SQL = """
    SELECT move.commercial_partner_id,
           SUM(-line.balance) FILTER (WHERE line.invoice_date >= %(start)s),
           SUM(-line.balance) FILTER (WHERE line.invoice_date < %(start)s)
      FROM account_move_line line
      JOIN account_move move ON move.id = line.move_id
     WHERE line.parent_state = 'posted' AND line.display_type = 'product'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND line.invoice_date >= %(start_prev)s AND line.invoice_date <= %(today)s
     GROUP BY move.commercial_partner_id
"""


def copy_database(database, source, copy, config, log):
    database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)', f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    connection = database.connect(copy)
    with connection.cursor() as cr:
        cr.execute("SELECT to_regclass('customer_value') IS NOT NULL")
        current = cr.fetchone()[0]
    connection.close()
    if not current:
        print(f"updating crm_customer_archive in {copy} (the source predates customer.value)", flush=True)
        command = [*odoo_command(), "-c", config, "-d", copy, "-u", "crm_customer_archive", "--stop-after-init"]
        with open(log, "a") as output:
            subprocess.run([*command, "--log-level=warn"], check=True, stdout=output, stderr=output)


def generate(env, customers, documents):
    """The bench data, in SQL (a product and its cost from the ORM)."""
    cr = env.cr
    company = env.company
    product = env["product.product"].create(
        {"name": "冷轧卷 DC04（基准）", "type": "consu", "uom_id": env.ref("uom.product_uom_ton").id}
    )
    product.with_company(company).standard_price = 4200.0
    env.flush_all()
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "journal": journal.id,
        "account": journal.default_account_id.id,
        "user": env.ref("base.user_admin").id,
        "product": product.id,
        "uom": product.uom_id.id,
        "customers": customers,
        "documents": documents,
    }
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, company_id, archive_state, user_id,
                                 autopost_bills, create_date, write_date)
        SELECT 'Value bench ' || g, 'Value bench ' || g, true, true, 'contact', %(company)s,
               CASE WHEN g %% 20 = 0 THEN 'dormant' ELSE 'active' END, %(user)s, 'ask',
               now() - interval '3 years', now()
          FROM generate_series(1, %(customers)s) g
        RETURNING id
        """,
        params,
    )
    params["partners"] = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%(partners)s)", params)
    # Half orders, half invoices; document g goes to customer g mod n, dated up to 730 days back.
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id, currency_id,
                                date_order, state, picking_policy, user_id, create_date, write_date)
        SELECT 'VB' || lpad(g::text, 7, '0'), p, p, p, %(company)s, %(currency)s,
               now() - (age || ' days')::interval, 'sale', 'direct', %(user)s, now(), now()
          FROM generate_series(1, %(documents)s / 2) g,
               LATERAL (SELECT (%(partners)s::int[])[1 + (g * 37) %% array_length(%(partners)s::int[], 1)] AS p,
                               ((g * 7919) %% 730) ^ 2 / 730 AS age) facts
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, journal_id, company_id, currency_id, partner_id,
                                  commercial_partner_id, date, invoice_date, invoice_date_due,
                                  amount_untaxed_signed, amount_total_signed, amount_residual_signed,
                                  payment_state, auto_post, create_date, write_date)
        SELECT 'VBINV/' || lpad(g::text, 7, '0'), 'out_invoice', 'posted', %(journal)s, %(company)s,
               %(currency)s, p, p, day, day,
               CASE WHEN g %% 100 = 0 THEN day + 30 ELSE current_date + 30 END,
               qty * 5000, qty * 5000, CASE WHEN g %% 100 = 0 THEN qty * 5000 ELSE 0 END,
               CASE WHEN g %% 100 = 0 THEN 'not_paid' ELSE 'paid' END, 'no', now(), now()
          FROM generate_series(1, %(documents)s / 2) g,
               LATERAL (SELECT (%(partners)s::int[])[1 + (g * 31) %% array_length(%(partners)s::int[], 1)] AS p,
                               current_date - (((g::bigint * 104729) %% 730) ^ 2 / 730)::int AS day,
                               1 + (g * 13) %% 30 AS qty) facts
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, account_id, journal_id, company_id, currency_id, company_currency_id,
                                       partner_id, product_id, product_uom_id, display_type, parent_state,
                                       date, invoice_date, quantity, price_unit, balance, amount_currency,
                                       debit, credit, create_date, write_date)
        SELECT id, %(account)s, journal_id, company_id, currency_id, currency_id, partner_id, %(product)s, %(uom)s,
               'product', 'posted', date, invoice_date, amount_untaxed_signed / 5000, 5000,
               -amount_untaxed_signed, -amount_untaxed_signed, 0, amount_untaxed_signed, now(), now()
          FROM account_move WHERE name LIKE 'VBINV/%%'
        """,
        params,
    )
    if "customer.followup" in env:
        cr.execute(
            """
            INSERT INTO customer_followup (name, partner_id, user_id, company_id, method, state, date_start,
                                           create_date, write_date)
            SELECT 'Bench visit', p, %(user)s, %(company)s, 'visit', 'done',
                   now() - ((i %% 50) || ' days')::interval, now(), now()
              FROM unnest(%(partners)s::int[]) WITH ORDINALITY AS customer(p, i)
             WHERE i %% 20 <> 7
            """,
            params,
        )
    cr.execute("ANALYZE")
    env.invalidate_all()
    cr.commit()


def night_summary(env):
    """What the last cron run left: statuses of the bench customers, open activities by reason."""
    env.cr.execute(
        "SELECT archive_reason, COUNT(*) FROM mail_activity WHERE archive_reason IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    activities = ", ".join(f"{reason} {count}" for reason, count in env.cr.fetchall())
    env.cr.execute("SELECT archive_state, COUNT(*) FROM res_partner WHERE name LIKE 'Value bench %%' GROUP BY 1")
    states = ", ".join(f"{state} {count}" for state, count in sorted(env.cr.fetchall()))
    return f"statuses {states}; activities {activities}"


def main():
    arguments = parser(__doc__)
    arguments.add_argument("--customers", type=int, default=10_000)
    arguments.add_argument("--documents", type=int, default=100_000, help="orders + invoices (half each)")
    arguments.add_argument("--keep", action="store_true", help="keep the copy")
    args = arguments.parse_args()
    if args.short:
        args.customers, args.documents = args.customers // 10, args.documents // 10
    rounds = 1 if args.short else args.rounds

    database = Database(args.config)
    copy = f"{args.database}_value"
    try:
        started = time.perf_counter()
        copy_database(database, args.database, copy, args.config, args.server_log)
        import odoo
        from odoo.modules.registry import Registry

        odoo.tools.config.parse_config(["-c", args.config, "-d", copy, "--log-level=warn"])
        registry = Registry(copy)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
            generate(env, args.customers, args.documents)
            print(
                f"{args.customers} customers, {args.documents} orders and invoices in {copy}:"
                f" {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            run(env, args, rounds)
    finally:
        if not args.keep:
            database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def run(env, args, rounds):
    from dateutil.relativedelta import relativedelta

    from odoo import fields

    Value = env["customer.value"]
    today = fields.Date.context_today(Value)
    start = today - relativedelta(months=12)
    dates = {"today": today, "start": start, "start_prev": start - relativedelta(months=12)}

    def baseline():
        env.cr.execute(BASELINE_SQL, dates)
        return env.cr.fetchall()

    variants = {
        "_refresh_values": Value._refresh_values,
        "nightly cron": Value._cron_refresh_customer_values,
        "baseline SQL": baseline,
    }
    # The first night after the data arrived catches up (statuses, warnings for
    # everything): measured once, then kept, so the rounds are ordinary nights.
    env.invalidate_all()
    before, started = env.cr.sql_log_count, time.perf_counter()
    Value._cron_refresh_customer_values()
    first = (time.perf_counter() - started, env.cr.sql_log_count - before)
    changes = night_summary(env)
    env.cr.commit()
    stats = interleave(env, variants, rounds)
    report = Report(f"Customer value of {args.customers} customers, {args.documents} orders and invoices", args)
    report.timing(stats, "_refresh_values", "baseline SQL", GOAL)
    report.timing(stats, "nightly cron", "baseline SQL", float("inf"))
    queries = max(stats["_refresh_values"]["queries"])
    report.check(f"_refresh_values: at most {MAX_QUERIES} queries", queries <= MAX_QUERIES, f"{queries}")
    print(f"  first night (catching up): {first[0] * 1000:.0f} ms, {first[1]} queries; {changes}", flush=True)

    # The figures against the baseline's (then rolled back).
    Value._refresh_values()
    env.cr.execute("SELECT COUNT(*), SUM(revenue_12m), SUM(revenue_prev_12m) FROM customer_value")
    rows, revenue, previous = env.cr.fetchone()
    expected = baseline()
    same = round(float(revenue), 2) == round(float(sum(row[1] or 0 for row in expected)), 2) and round(
        float(previous), 2
    ) == round(float(sum(row[2] or 0 for row in expected)), 2)
    report.check("revenue (12 months and before) equals the baseline's", same, f"{rows} value rows")
    env.cr.rollback()
    report.exit()


if __name__ == "__main__":
    main()
