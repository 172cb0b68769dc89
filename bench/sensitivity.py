"""Defect sensitivity of the customer with the most complaints (BC00001,
100 000 at full size): ``get_defect_sensitivity()`` as the archive user,
against one hand-written SQL statement giving the same profile (per defect:
count, last date, worst severity, part numbers) in the same run.

Goal: at most 2 queries; the ratio is reported (and held to 2 times).

    python3 bench/sensitivity.py -c <odoo.conf> -d bench_1m
"""

from benchlib import Report, bench_user_env, interleave, open_env, parser

GOAL = 2.0
MAX_QUERIES = 2

RAW_SQL = """
    SELECT d.code, COUNT(*), MAX(c.date_received), MAX(c.severity_rank),
           ARRAY_AGG(DISTINCT p.part_number) FILTER (WHERE p.part_number IS NOT NULL)
      FROM customer_complaint c
      JOIN customer_complaint_stage s ON s.id = c.stage_id
      JOIN customer_defect_type d ON d.id = c.defect_type_id
      LEFT JOIN customer_part p ON p.id = c.part_id
     WHERE c.partner_id = %(partner)s AND c.active AND s.is_rejected IS NOT TRUE
       AND c.company_id = ANY(%(companies)s)
     GROUP BY d.id
     ORDER BY COUNT(*) DESC
"""


def main():
    args = parser(__doc__).parse_args()
    with open_env(args.config, args.database) as env:
        user_env = bench_user_env(env)
        customer = user_env["res.partner"].search([("ref", "=", "BC00001"), ("parent_id", "=", False)])

        def raw():
            user_env.cr.execute(RAW_SQL, {"partner": customer.id, "companies": user_env.companies.ids})
            return user_env.cr.fetchall()

        def warm():  # what the customer's form has loaded already (as tests/test_scale_queries.py)
            user_env.company.mapped("name")
            customer.mapped("commercial_partner_id")

        variants = {"get_defect_sensitivity": (warm, customer.get_defect_sensitivity), "raw SQL": raw}
        stats = interleave(user_env, variants, 1 if args.short else args.rounds)
        complaints = user_env["customer.complaint"].sudo().search_count([("partner_id", "=", customer.id)])
        report = Report(f"Defect sensitivity of a customer with {complaints} complaints", args)
        report.timing(stats, "get_defect_sensitivity", "raw SQL", GOAL)
        queries = max(stats["get_defect_sensitivity"]["queries"])
        report.check(f"get_defect_sensitivity: at most {MAX_QUERIES} queries", queries <= MAX_QUERIES, f"{queries}")
        profile = {line["code"]: line["count"] for line in stats["get_defect_sensitivity"]["result"]}
        raw_profile = {code: count for code, count, *_rest in stats["raw SQL"]["result"]}
        report.check("the counts per defect equal the raw SQL's", profile == raw_profile, f"{len(profile)} defects")
        report.exit()


if __name__ == "__main__":
    main()
