"""The service XLSX report at scale against raw xlsxwriter on the same rows.

On a copy of an installed database (``<db>_xlsx``, dropped at the end unless
``--keep``), it inserts ``--rows`` complaints with one SQL statement
(generate_series), then, each in its own process so that the peak memory is
that run's own:

- ``addon``: the service report through report_xlsx (``_render_xlsx``), as
  the administrator (record rules apply);
- ``raw``: the same complaint rows fetched by one SQL query and written by
  xlsxwriter (constant_memory) without any label or conversion.

It prints both times, their ratio (goal: time_raw / time_addon >= 0.4) and
each run's peak resident memory (goal: the addon <= 400 MiB).

    python3 bench/xlsx_export.py -c <odoo.conf> -d <installed db> [--rows 100000]
"""

import argparse
import io
import resource
import subprocess
import sys
import time

RAW_QUERY = """
    SELECT c.name, c.title, c.kind, p.name, r.name, s.name, c.city, c.channel, c.date_received,
           d.name->>'en_US', NULL, c.severity, st.name->>'en_US', u.login, c.cause_category,
           c.root_cause, c.corrective_action, c.preventive_action, c.sla_deadline, c.date_resolved,
           c.resolution_hours, c.sla_reached, c.is_recurrence, c.cost_total, c.rating
      FROM customer_complaint c
      JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN res_partner r ON r.id = c.reporter_id
      LEFT JOIN res_partner s ON s.id = c.store_id
      LEFT JOIN customer_defect_type d ON d.id = c.defect_type_id
      JOIN customer_complaint_stage st ON st.id = c.stage_id
      LEFT JOIN res_users u ON u.id = c.user_id
     ORDER BY c.id
"""


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args):
    """One measured run, in this process; prints 'seconds peak_mib'."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = Registry(args.copy)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = env(user=admin.id, su=False, context={"lang": "en_US", "tz": "Asia/Shanghai"})
        cr.execute("SELECT id FROM customer_complaint ORDER BY id")
        ids = [row[0] for row in cr.fetchall()]
        base = peak_mib()
        started = time.perf_counter()
        if args.child == "addon":
            content, _format = env["ir.actions.report"]._render_xlsx(
                "crm_customer_archive.report_complaint_service_xlsx", ids, {}
            )
        else:
            import xlsxwriter

            output = io.BytesIO()
            workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
            sheet = workbook.add_worksheet("Complaints")
            date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
            with cr._cnx.cursor("raw_xlsx") as raw:  # a server-side cursor: rows stream in
                raw.itersize = 5000
                raw.execute(RAW_QUERY)
                for row_index, row in enumerate(raw, start=1):
                    for col, value in enumerate(row):
                        if value is None:
                            continue
                        if hasattr(value, "year"):
                            sheet.write_datetime(row_index, col, value, date_format)
                        else:
                            sheet.write(row_index, col, value)
            workbook.close()
            content = output.getvalue()
        elapsed = time.perf_counter() - started
    print(f"{elapsed:.3f} {peak_mib():.0f} {base:.0f} {len(content)}")


def generate(database, copy, source, rows):

    database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)', f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    connection = database.connect(copy)
    with connection.cursor() as cr:
        cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
        company = cr.fetchone()[0]
        cr.execute("SELECT id FROM customer_complaint_stage ORDER BY sequence, id")
        stages = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM customer_defect_type ORDER BY id")
        defects = [row[0] for row in cr.fetchall()]
        cr.execute(
            "INSERT INTO res_partner (name, complete_name, is_company, active, type, company_id, autopost_bills,"
            " create_date) SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 'contact', %s, 'ask',"
            " now()"
            " FROM generate_series(1, 500) g RETURNING id",
            [company],
        )
        partners = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO customer_complaint
                (name, title, kind, channel, severity, company_id, partner_id, stage_id, defect_type_id,
                 date_received, date_resolved, sla_deadline, sla_at_risk_date, resolution_hours, sla_reached,
                 is_recurrence, cost_total, root_cause, corrective_action, city, create_date, write_date)
            SELECT 'BENCH' || lpad(g::text, 8, '0'), 'Bench complaint ' || g, 'complaint', 'phone', 'major', %s,
                   (%s::int[])[1 + g %% array_length(%s::int[], 1)],
                   (%s::int[])[1 + g %% array_length(%s::int[], 1)],
                   (%s::int[])[1 + g %% array_length(%s::int[], 1)],
                   now() - (g || ' minutes')::interval,
                   CASE WHEN g %% 3 = 0 THEN NULL ELSE now() - (g || ' minutes')::interval + interval '20 hours' END,
                   now() - (g || ' minutes')::interval + interval '48 hours',
                   now() - (g || ' minutes')::interval + interval '40 hours',
                   CASE WHEN g %% 3 = 0 THEN 0 ELSE 20 END, g %% 3 <> 0, g %% 10 = 0,
                   (g %% 7) * 100.0, '<p>Root cause of ' || g || '</p>', '<p>Action ' || g || '</p>',
                   'Beijing', now(), now()
              FROM generate_series(1, %s) g
            """,
            [company, partners, partners, stages, stages, defects, defects, rows],
        )
    connection.close()


def measure(args, kind, copy):
    command = [sys.executable, __file__, "-c", args.config, "-d", args.database, "--child", kind, "--copy", copy]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the {kind} run failed:\n{result.stderr[-3000:]}")
    output = result.stdout.split()
    seconds, peak, base, size = float(output[0]), int(output[1]), int(output[2]), int(output[3])
    print(f"{kind:>5}: {seconds:7.1f} s, peak {peak} MiB (after loading Odoo: {base} MiB), {size / 2**20:.1f} MiB file")
    return seconds, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (database connection)")
    parser.add_argument("-d", "--database", required=True, help="a database with crm_customer_archive installed")
    parser.add_argument("--rows", type=int, default=100_000, help="complaints to export (default 100000)")
    parser.add_argument("--short", action="store_true", help="10000 complaints: a quick check")
    parser.add_argument("--keep", action="store_true", help="keep the copy with its complaints")
    parser.add_argument("--child", choices=("addon", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--copy", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from served_copy import Database

    rows = 10_000 if args.short else args.rows
    database = Database(args.config)
    copy = f"{args.database}_xlsx"
    try:
        started = time.perf_counter()
        generate(database, copy, args.database, rows)
        print(f"{rows} complaints inserted into {copy} in {time.perf_counter() - started:.1f} s")
        raw, _raw_peak = measure(args, "raw", copy)
        addon, addon_peak = measure(args, "addon", copy)
    finally:
        if not args.keep:
            database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    ratio = raw / addon
    print(f"speed ratio raw/addon: {ratio:.2f} (goal >= 0.4); addon peak {addon_peak} MiB (goal <= 400)")
    sys.exit(0 if ratio >= 0.4 and addon_peak <= 400 else 1)


if __name__ == "__main__":
    main()
