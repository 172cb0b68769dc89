"""Service KPIs over every complaint: ``_service_kpis(domain)`` and
``_service_kpis_by(["defect_type_id"])`` as the archive user, against one
hand-written SQL aggregate computing the same figures (count, resolved,
average and median resolution hours, SLA hits, pending, recurrences, cost)
in the same run. The figures of both must be equal.

Goal: at most 2 times the raw SQL (the grouped figures also against the
ungrouped raw SQL), one query.

    python3 bench/kpis.py -c <odoo.conf> -d bench_1m
"""

from benchlib import Report, bench_user_env, interleave, open_env, parser

GOAL = 2.0

RAW_SQL = """
    SELECT {groupby}
           COUNT(*),
           COUNT(*) FILTER (WHERE c.date_resolved IS NOT NULL),
           AVG(CASE WHEN c.date_resolved IS NOT NULL THEN c.resolution_hours END),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN c.date_resolved IS NOT NULL
                                                            THEN c.resolution_hours END),
           COUNT(*) FILTER (WHERE c.is_recurrence),
           COALESCE(SUM(c.cost_total), 0),
           COUNT(*) FILTER (WHERE c.sla_deadline IS NOT NULL
                              AND (c.date_resolved IS NOT NULL OR c.sla_deadline < %(now)s)),
           COUNT(*) FILTER (WHERE c.sla_deadline IS NOT NULL
                              AND (c.date_resolved IS NOT NULL OR c.sla_deadline < %(now)s) AND c.sla_reached),
           COUNT(*) FILTER (WHERE c.sla_deadline IS NOT NULL AND c.date_resolved IS NULL
                              AND c.sla_deadline >= %(now)s),
           AVG(EXTRACT(EPOCH FROM c.date_first_response - c.date_received) / 3600),
           COUNT(*) FILTER (WHERE c.reopen_count > 0),
           COUNT(*) FILTER (WHERE c.date_resolved IS NOT NULL OR c.reopen_count > 0),
           AVG((SELECT r.rating FROM rating_rating r
                 WHERE r.res_model = 'customer.complaint' AND r.res_id = c.id AND r.consumed AND r.rating > 0
              ORDER BY r.write_date DESC, r.id DESC LIMIT 1)),
           COALESCE(SUM(c.work_hours), 0)
      FROM customer_complaint c
      JOIN customer_complaint_stage s ON s.id = c.stage_id
     WHERE c.active AND s.is_rejected IS NOT TRUE AND c.company_id = ANY(%(companies)s)
     {group_clause}
"""


def raw_kpis(env, now, groupby=None):
    query = RAW_SQL.format(
        groupby=f"c.{groupby}," if groupby else "",
        group_clause=f"GROUP BY c.{groupby}" if groupby else "",
    )
    env.cr.execute(query, {"now": now, "companies": env.companies.ids})
    return env.cr.fetchall()


def main():
    args = parser(__doc__).parse_args()
    with open_env(args.config, args.database) as env:
        from odoo import fields

        user_env = bench_user_env(env)
        Complaint = user_env["customer.complaint"]
        now = fields.Datetime.now()
        variants = {
            "_service_kpis": lambda: Complaint._service_kpis([]),
            "raw SQL": lambda: raw_kpis(user_env, now),
            "_service_kpis_by(defect)": lambda: Complaint._service_kpis_by(["defect_type_id"], []),
            "raw SQL by defect": lambda: raw_kpis(user_env, now, "defect_type_id"),
        }
        stats = interleave(user_env, variants, 1 if args.short else args.rounds)
        report = Report(f"Service KPIs over {Complaint.search_count([])} complaints", args)
        report.timing(stats, "_service_kpis", "raw SQL", GOAL)
        report.timing(stats, "_service_kpis_by(defect)", "raw SQL by defect", GOAL)
        # Against the ungrouped aggregate: grouping itself costs Postgres a sort of every row.
        report.timing(stats, "_service_kpis_by(defect)", "raw SQL", GOAL)
        for name in ("_service_kpis", "_service_kpis_by(defect)"):
            queries = max(stats[name]["queries"])
            report.check(f"{name}: one query", queries == 1, f"{queries} query(ies)")
        # The figures that do not move with the clock (pending and SLA hits
        # count deadlines passing during the run).
        kpis = stats["_service_kpis"]["result"]
        row = stats["raw SQL"]["result"][0]
        count, resolved, average, median, _rec, cost, known, hits, _pending = row[:9]
        first_response, _reopened, _ever_resolved, rating, hours = row[9:]
        same = (kpis["count"], kpis["resolved"], round(kpis["cost_total"], 2)) == (
            count,
            resolved,
            round(float(cost), 2),
        ) and all(
            (ours is None) == (theirs is None) and (ours is None or abs(ours - float(theirs)) < 1e-6)
            for ours, theirs in (
                (kpis["average_resolution_hours"], average),
                (kpis["median_resolution_hours"], median),
                (kpis["average_first_response_hours"], first_response),
                (kpis["average_rating"], rating),
                (kpis["work_hours"], hours),
            )
        )
        report.check("the figures equal the raw SQL's", same, f"{kpis['count']} complaints, {hits}/{known} SLA hits")
        groups = len(stats["_service_kpis_by(defect)"]["result"])
        raw_groups = len(stats["raw SQL by defect"]["result"])
        report.check("as many defect groups as the raw SQL", groups == raw_groups, f"{groups} / {raw_groups}")
        report.exit()


if __name__ == "__main__":
    main()
