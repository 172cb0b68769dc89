"""Grow a database with crm_customer_archive installed to a benchmark size.

Plain SQL (INSERT … SELECT generate_series), not the ORM: a million
complaints take minutes, not hours. The few records the benches need one of
(the archive user who runs them, a product, a sale order) come from the ORM.
Every stored field the lists, the KPIs and the reports read is filled, with
the values the ORM would compute (names, company, stage and is_closed, dates,
SLA policy and deadlines, resolution hours, SLA met, cost, defect types,
parts). Simplification: SLA deadlines count calendar hours, not the
company's working hours.

Run again with bigger sizes to extend the database (records are numbered:
BENCH/0000001, customer codes BC00001, contracts BCT/00001, parts BP…).

Shape: customer BC00001 has ``--big-customer`` complaints (its first part
BP00001-1 ``--big-part`` of them, its second part BP00001-2 five), the other
complaints spread over the other customers; ``--contracts`` contracts of
``--lines`` lines each; ``--parts`` parts per customer.

    python3 bench/generate.py -c <odoo.conf> -d <db> --complaints 1000000
"""

import argparse
import time

from benchlib import BENCH_LOGIN, open_env

from odoo.fields import Command


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database with crm_customer_archive installed")
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--parts", type=int, default=3, help="parts per customer (at least 3)")
    parser.add_argument("--contracts", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=5, help="lines per contract")
    parser.add_argument("--big-customer", type=int, default=100_000, help="complaints of customer BC00001")
    parser.add_argument("--big-part", type=int, default=8_900, help="complaints of part BP00001-1")
    args = parser.parse_args()
    if args.parts < 3 or args.customers < 2:
        parser.error("at least 2 customers and 3 parts per customer")
    args.big_customer = min(args.big_customer, args.complaints)
    args.big_part = min(args.big_part, max(args.big_customer - 5, 0))
    return args


STARTED = time.monotonic()


def step(message):
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", flush=True)


def ensure_orm_records(env):
    """The archive user the benches run as; the product of the contracts and the sale order."""
    ref = env.ref
    user = env["res.users"].with_context(active_test=False).search([("login", "=", BENCH_LOGIN)])
    # An officer who prints (technical sheets: Export and Print).
    groups = [
        ref("crm_customer_archive.group_archive_officer"),
        ref("crm_customer_archive.group_archive_export"),
        ref("sales_team.group_sale_salesman_all_leads"),
        ref("stock.group_stock_user"),
    ]
    if user:
        user.write({"group_ids": [Command.link(group.id) for group in groups]})
    else:
        env["res.users"].create(
            {
                "name": "Bench Archive User",
                "login": BENCH_LOGIN,
                "group_ids": [Command.link(group.id) for group in groups],
                "company_id": env.company.id,
                "company_ids": [Command.set(env.company.ids)],
            }
        )
    product = env["product.product"].search([("default_code", "=", "BENCH-DC04")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Cold-rolled steel DC04 1.0 mm", "default_code": "BENCH-DC04", "list_price": 5200.0}
        )
    return product


def ensure_sale_order(env, product):
    customer = env["res.partner"].search([("ref", "=", "BC00001"), ("parent_id", "=", False)], limit=1)
    if customer and not env["sale.order"].search([("client_order_ref", "=", "BENCH-SO")], limit=1):
        env["sale.order"].create(
            {
                "partner_id": customer.id,
                "client_order_ref": "BENCH-SO",
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 10 + index, "price_unit": 5200.0})
                    for index in range(5)
                ],
            }
        )


def count(cr, sql):
    cr.execute(sql)
    return cr.fetchone()[0]


def insert_customers(cr, target):
    start = count(cr, "SELECT COUNT(*) FROM res_partner WHERE ref LIKE 'BC_____' AND parent_id IS NULL")
    if start >= target:
        return
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company, active, type, lang, customer_rank,
                                 supplier_rank, partner_share, autopost_bills, archive_state, customer_level,
                                 credit_level, contact_state, city, email, email_normalized, create_uid,
                                 write_uid, create_date, write_date)
        SELECT 'Bench Customer ' || to_char(n, 'FM00000'), 'Bench Customer ' || to_char(n, 'FM00000'),
               'BC' || to_char(n, 'FM00000'), TRUE, TRUE, 'contact', 'en_US', 1, 0, TRUE, 'ask',
               (ARRAY['active', 'active', 'active', 'dormant', 'prospect'])[1 + n %% 5],
               CASE WHEN n = 1 THEN 'a' ELSE (ARRAY['a', 'b', 'c', 'd'])[1 + n %% 4] END,
               (ARRAY['aaa', 'aa', 'a', 'bbb'])[1 + n %% 4], 'employed',
               (ARRAY['Shanghai', 'Wuhan', 'Changchun', 'Guangzhou', 'Chongqing'])[1 + n %% 5],
               'quality' || n || '@bench.example.com', 'quality' || n || '@bench.example.com',
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(%s, %s) n
        """,
        (start + 1, target),
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE 'BC_____' AND commercial_partner_id IS NULL"
    )
    step(f"customers: {start} -> {target}")


def insert_parts(cr, company_id, parts_per_customer):
    cr.execute(
        """
        INSERT INTO customer_part (partner_id, company_id, name, part_number, active, blank_thickness,
                                   blank_width, blank_length, blank_gross_weight, part_net_weight,
                                   create_uid, write_uid, create_date, write_date)
        SELECT p.id, %s, 'Bench part ' || k || ' of ' || p.ref, 'BP' || substr(p.ref, 3) || '-' || k, TRUE,
               0.8 + (k %% 4) * 0.2, 1250, 2500, 19.6, 15.1,
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM res_partner p
         CROSS JOIN generate_series(1, %s) k
         WHERE p.ref LIKE 'BC_____' AND p.parent_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM customer_part cp WHERE cp.part_number = 'BP' || substr(p.ref, 3) || '-' || k)
        """,
        (company_id, parts_per_customer),
    )
    step(f"parts: +{cr.rowcount}")


def insert_contracts(cr, company, target, lines, product):
    start = count(cr, "SELECT COUNT(*) FROM customer_contract WHERE name LIKE 'BCT/%'")
    if start >= target:
        return
    customers = count(cr, "SELECT COUNT(*) FROM res_partner WHERE ref LIKE 'BC_____' AND parent_id IS NULL")
    cr.execute(
        """
        INSERT INTO customer_contract (company_id, partner_id, party_a_id, party_b_id, currency_id, name, title,
                                       contract_type, state, date_signed, date_start, date_end, active,
                                       amount_total, amount_ordered, amount_delivered, amount_invoiced,
                                       amount_paid, amount_unpaid, progress, paid_percent, payment_overdue,
                                       end_reminder_done, create_uid, write_uid, create_date, write_date)
        SELECT %(company)s, c.id, c.id, %(company_partner)s, %(currency)s, 'BCT/' || to_char(n, 'FM00000'),
               'Annual supply of DC04 ' || n, 'sale',
               (ARRAY['active', 'active', 'active', 'draft', 'expired', 'closed'])[1 + n %% 6],
               d, d, d + 364, TRUE,
               t.total, 0, 0, 0, 0, t.total, 0, 0, FALSE, FALSE,
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(%(start)s, %(target)s) n
          JOIN res_partner c ON c.ref = 'BC' || to_char(1 + (n * 37) %% %(customers)s, 'FM00000')
                            AND c.parent_id IS NULL
         CROSS JOIN LATERAL (SELECT (current_date - (n * 7) %% 1000)::date AS d) dd
         CROSS JOIN LATERAL (SELECT SUM((10 + (n + k) %% 90) * 5200.0) AS total
                               FROM generate_series(1, %(lines)s) k) t
        """,
        {
            "company": company.id,
            "company_partner": company.partner_id.id,
            "currency": company.currency_id.id,
            "start": start + 1,
            "target": target,
            "customers": customers,
            "lines": lines,
        },
    )
    cr.execute(
        """
        INSERT INTO customer_contract_line (contract_id, sequence, company_id, partner_id, currency_id, product_id,
                                            product_uom_id, contract_state, date_end, name, quantity, price_unit,
                                            amount, qty_ordered, qty_delivered, qty_invoiced, amount_paid,
                                            qty_remaining, amount_ordered, amount_delivered, amount_invoiced,
                                            progress, create_uid, write_uid, create_date, write_date)
        SELECT ct.id, k * 10, ct.company_id, ct.partner_id, ct.currency_id, %(product)s, %(uom)s, ct.state,
               ct.date_end, 'DC04 1.0 mm, lot ' || k, q.qty, 5200.0, q.qty * 5200.0, 0, 0, 0, 0, q.qty, 0, 0, 0,
               0, 1, 1, ct.create_date, ct.create_date
          FROM customer_contract ct
         CROSS JOIN generate_series(1, %(lines)s) k
         CROSS JOIN LATERAL (SELECT 10 + (substr(ct.name, 5)::int + k) %% 90 AS qty) q
         WHERE ct.name LIKE 'BCT/%%' AND substr(ct.name, 5)::int >= %(start)s
        """,
        {"product": product.id, "uom": product.uom_id.id, "lines": lines, "start": start + 1},
    )
    step(f"contracts: {start} -> {target} ({lines} lines each)")


def insert_complaints(cr, company_id, args):
    start = count(cr, "SELECT COUNT(*) FROM customer_complaint WHERE name LIKE 'BENCH/%'")
    if start >= args.complaints:
        return
    customers = count(cr, "SELECT COUNT(*) FROM res_partner WHERE ref LIKE 'BC_____' AND parent_id IS NULL")
    # Lookup tables: customers and parts by number, defects by kind, stages.
    cr.execute(
        """
        CREATE TEMP TABLE bench_customer ON COMMIT DROP AS
        SELECT substr(ref, 3)::int AS num, id, customer_level FROM res_partner
         WHERE ref LIKE 'BC_____' AND parent_id IS NULL;
        CREATE UNIQUE INDEX ON bench_customer (num);
        CREATE TEMP TABLE bench_part ON COMMIT DROP AS
        SELECT substr(split_part(part_number, '-', 1), 3)::int AS num, split_part(part_number, '-', 2)::int AS k, id
          FROM customer_part WHERE part_number LIKE 'BP%-%';
        CREATE UNIQUE INDEX ON bench_part (num, k);
        CREATE TEMP TABLE bench_defect ON COMMIT DROP AS
        SELECT kind, array_agg(id ORDER BY id) AS ids FROM customer_defect_type WHERE active GROUP BY kind;
        ANALYZE bench_customer; ANALYZE bench_part;
        """
    )
    cr.execute(
        """SELECT array_agg(id ORDER BY sequence, id) FILTER (WHERE NOT is_closed IS TRUE),
                  MIN(id) FILTER (WHERE is_closed AND NOT is_rejected IS TRUE),
                  MIN(id) FILTER (WHERE is_rejected)
             FROM customer_complaint_stage WHERE active IS NOT FALSE"""
    )
    open_stages, closed_stage, rejected_stage = cr.fetchone()
    # Per complaint number n: customer, kind, severity, state (80 % closed,
    # 3 % rejected), received within the last 3 years, part for 60 %.
    cr.execute(
        """
        INSERT INTO customer_complaint (
            name, title, request_type, kind, company_id, partner_id, part_id, defect_type_id, severity, severity_rank,
            stage_id, is_closed, channel, date_received, date_first_response, date_resolved, date_closed,
            resolution_hours, sla_policy_id, sla_response_deadline, sla_deadline, sla_at_risk_date,
            sla_reached, sla_paused_hours, sla_risk_notified, sla_failed_notified, cost_total, is_recurrence,
            quantity, cause_category, root_cause, corrective_action, active,
            create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || to_char(v.n, 'FM0000000'), 'Coil complaint ' || v.n, 'complaint', v.kind, %(company)s, cu.id,
               pa.id, d.ids[1 + v.n %% array_length(d.ids, 1)], v.severity,
               CASE v.severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 ELSE 1 END,
               v.stage_id, v.stage_id IN (%(closed)s, %(rejected)s),
               (ARRAY['phone', 'email', 'portal', 'visit'])[1 + v.n %% 4],
               v.received, v.received + interval '1 hour',
               CASE WHEN v.stage_id = %(closed)s THEN v.received + v.hours * interval '1 hour' END,
               CASE WHEN v.stage_id IN (%(closed)s, %(rejected)s) THEN v.received + v.hours * interval '1 hour' END,
               CASE WHEN v.stage_id = %(closed)s THEN v.hours ELSE 0 END,
               sla.id, v.received + sla.response_hours * interval '1 hour',
               v.received + sla.resolution_hours * interval '1 hour',
               v.received + sla.resolution_hours * sla.at_risk_percent / 100.0 * interval '1 hour',
               v.stage_id = %(closed)s AND v.hours <= sla.resolution_hours, 0, FALSE, FALSE,
               CASE WHEN v.n %% 20 = 0 THEN 100 + v.n %% 5000 ELSE 0 END, v.n %% 5 = 0,
               1 + v.n %% 30, CASE WHEN v.stage_id = %(closed)s THEN 'process' END,
               CASE WHEN v.stage_id = %(closed)s THEN '<p>Roll mark from a worn work roll.</p>' END,
               CASE WHEN v.stage_id = %(closed)s THEN '<p>Work roll replaced; roll change every 80 km.</p>' END,
               TRUE, 1, 1, v.received, v.received
          FROM (
            SELECT n,
                   CASE WHEN n <= %(big)s THEN 1 ELSE 2 + (n * 7919) %% (%(customers)s - 1) END AS cust,
                   CASE WHEN n <= %(big_part)s + 5 OR n %% 10 > 1 THEN 'quality'
                        WHEN n %% 10 = 0 THEN 'software' ELSE 'service' END AS kind,
                   CASE n %% 7 WHEN 0 THEN 'critical' WHEN 1 THEN 'minor' WHEN 2 THEN 'minor' ELSE 'major' END
                       AS severity,
                   CASE WHEN n %% 100 < 80 THEN %(closed)s WHEN n %% 100 < 83 THEN %(rejected)s
                        ELSE (%(open)s::int[])[1 + n %% array_length(%(open)s::int[], 1)] END AS stage_id,
                   4 + (n * 13) %% 120 AS hours,
                   (now() AT TIME ZONE 'UTC') - interval '1 minute' * (1000 + (n * 7919) %% 1576800) AS received,
                   CASE WHEN n <= %(big_part)s THEN 1 WHEN n <= %(big_part)s + 5 THEN 2
                        WHEN n %% 10 < 6 THEN 3 + n %% (%(parts)s - 2) END AS part_k
              FROM generate_series(%(start)s::bigint, %(target)s::bigint) n
          ) v
          JOIN bench_customer cu ON cu.num = v.cust
          LEFT JOIN bench_part pa ON pa.num = v.cust AND pa.k = v.part_k
          JOIN bench_defect d ON d.kind = v.kind
          LEFT JOIN LATERAL (
              SELECT p.id, p.response_hours, p.resolution_hours, p.at_risk_percent
                FROM customer_complaint_sla_policy p
               WHERE p.active AND (p.company_id IS NULL OR p.company_id = %(company)s)
                 AND (p.kind IS NULL OR p.kind = v.kind) AND (p.severity IS NULL OR p.severity = v.severity)
                 AND (p.customer_level IS NULL OR p.customer_level = cu.customer_level)
               ORDER BY p.sequence, p.id LIMIT 1
          ) sla ON TRUE
        """,
        {
            "company": company_id,
            "closed": closed_stage,
            "rejected": rejected_stage,
            "open": open_stages,
            "big": args.big_customer,
            "big_part": args.big_part,
            "customers": customers,
            "parts": args.parts,
            "start": start + 1,
            "target": args.complaints,
        },
    )
    step(f"complaints: {start} -> {args.complaints}")


def main():
    args = parse_args()
    with open_env(args.config, args.database) as env:
        cr = env.cr
        company = env.company
        product = ensure_orm_records(env)
        env.flush_all()
        insert_customers(cr, args.customers)
        insert_parts(cr, company.id, args.parts)
        insert_contracts(cr, company, args.contracts, args.lines, product)
        ensure_sale_order(env, product)
        env.flush_all()
        insert_complaints(cr, company.id, args)
        env.invalidate_all()
        cr.commit()
        step("committed; ANALYZE")
        cr.execute("ANALYZE")
        cr.commit()
        for table in (
            "res_partner",
            "customer_part",
            "customer_contract",
            "customer_contract_line",
            "customer_complaint",
        ):
            step(f"{table}: {count(cr, f'SELECT COUNT(*) FROM {table}')} rows")


if __name__ == "__main__":
    main()
