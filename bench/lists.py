"""List views at scale: the first page (80 rows, default order) of the
customer, contract and complaint lists, as the web client asks it
(web_search_read with the list view's fields and count_limit 10001), against
the plain partner list (base's res.partner list, no domain) in the same run.

Goal: the complaint list costs at most 1.3 times the partner list; no list
costs more queries on a big database than on a small one.

    python3 bench/lists.py -c <odoo.conf> -d bench_1m
"""

from benchlib import Report, bench_user_env, interleave, open_env, parser
from lxml import etree

GOAL_COMPLAINT_LIST = 1.3
# Query budgets of one page: a list that suddenly reads per row breaks them.
# The customer list's archive-completeness column costs 5 grouped counts a page
# (contacts, parts, requirements, approved plans, contracts): 6 + 5 + 1 spare.
QUERY_BUDGET = {"customer list": 12, "contract list": 8, "complaint list": 10, "complaint list (open)": 10}


def list_page(env, action_xmlid, view_xmlid=None, default_filters=()):
    """A callable loading the first page of the action's list as the web client does."""
    from odoo.tools.safe_eval import safe_eval

    action = env.ref(action_xmlid).sudo()
    Model = env[action.res_model]
    view_id = env.ref(view_xmlid).id if view_xmlid else {mode: vid for vid, mode in action.views}.get("list")
    view = Model.get_views([(view_id, "list")])["views"]["list"]
    specification = {}
    for node in etree.fromstring(view["arch"]).xpath("/list/field"):
        field = Model._fields[node.get("name")]
        specification[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    domain = safe_eval(action.domain or "[]", {"uid": env.uid})
    for domain_part in default_filters:
        domain += domain_part
    context = {"bin_size": True}

    def load():
        return Model.with_context(**context).web_search_read(domain, specification, limit=80, count_limit=10001)

    return load


def main():
    args = parser(__doc__).parse_args()
    with open_env(args.config, args.database) as env:
        user_env = bench_user_env(env)
        variants = {
            "partner list": list_page(user_env, "contacts.action_contacts", "base.view_partner_tree"),
            "customer list": list_page(user_env, "crm_customer_archive.res_partner_action_customer"),
            "contract list": list_page(user_env, "crm_customer_archive.customer_contract_action"),
            "complaint list": list_page(user_env, "crm_customer_archive.customer_complaint_action"),
            "complaint list (open)": list_page(
                user_env,
                "crm_customer_archive.customer_complaint_action",
                default_filters=[[("is_closed", "=", False)]],
            ),
        }
        stats = interleave(user_env, variants, 1 if args.short else args.rounds)
        report = Report(f"Lists: first page of 80 rows ({env['customer.complaint'].search_count([])} complaints)", args)
        for name in variants:
            if name == "partner list":
                continue
            goal = GOAL_COMPLAINT_LIST if name.startswith("complaint") else 2.0
            report.timing(stats, name, "partner list", goal)
            rows = len(stats[name]["result"]["records"])
            queries = max(stats[name]["queries"])
            report.check(
                f"{name}: queries for {rows} rows", queries <= QUERY_BUDGET[name], f"{queries} <= {QUERY_BUDGET[name]}"
            )
        report.exit()


if __name__ == "__main__":
    main()
