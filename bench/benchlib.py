"""What the performance benches share: open the Odoo registry in this
process, time the addon's path and its baseline in interleaved runs, count
their queries and print the ratio against the goal."""

import argparse
import contextlib
import json
import os
import statistics
import sys
import time

BENCH_LOGIN = "bench_archive_user"


def parser(description):
    result = argparse.ArgumentParser(description=description)
    result.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    result.add_argument("-d", "--database", required=True, help="database grown by bench/generate.py")
    result.add_argument("--rounds", type=int, default=7, help="interleaved runs of each variant")
    result.add_argument(
        "--short",
        action="store_true",
        help="CI mode: a small database; only the query counts are checked, not the times",
    )
    result.add_argument("--server-log", default="/dev/null", help="log of an Odoo server the bench starts")
    result.add_argument("--counts", help="JSON file collecting the query counts (short mode compares two sizes)")
    return result


@contextlib.contextmanager
def open_env(config, database):
    """A superuser environment on `database`; rolled back unless committed."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            cr.rollback()


def bench_user_env(env):
    """The environment of the archive user made by generate.py (record rules apply)."""
    user = env["res.users"].search([("login", "=", BENCH_LOGIN)])
    if not user:
        sys.exit(f"no user {BENCH_LOGIN}: run bench/generate.py on this database first")
    return env(user=user.id, context={"lang": "en_US", "tz": "UTC"})


def run_once(env, function):
    """(seconds, queries, result) of one call on cold record caches, as a new
    request. `function` may be a pair (warm, function): warm() loads, untimed,
    what any screen has already loaded (the user's company, the record shown)."""
    env.invalidate_all()
    env.transaction.clear()
    if isinstance(function, tuple):
        warm, function = function
        warm()
    cr = env.cr
    before = cr.sql_log_count
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    queries = cr.sql_log_count - before
    cr.rollback()  # nothing a run writes (report caches, attachments) reaches the next one
    return seconds, queries, result


def interleave(env, variants, rounds):
    """{name: {"times": [...], "queries": [...], "result": last}} of `rounds`
    interleaved runs of every variant (callables by name), after one warm-up
    each: the variants see the same machine load. Callables as for run_once."""
    stats = {name: {"times": [], "queries": []} for name in variants}
    for name, function in variants.items():
        stats[name]["result"] = run_once(env, function)[2]
    for _round in range(rounds):
        for name, function in variants.items():
            seconds, queries, result = run_once(env, function)
            stats[name]["times"].append(seconds)
            stats[name]["queries"].append(queries)
            stats[name]["result"] = result
    return stats


def ratio(stats, name, baseline):
    """The median of the per-round ratios name / baseline."""
    return statistics.median(a / b for a, b in zip(stats[name]["times"], stats[baseline]["times"], strict=True))


def load():
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


class Report:
    """Lines of `what | baseline | median ms | ratio | queries | goal | verdict`;
    exit status 1 when any check failed."""

    def __init__(self, title, args):
        self.short = args.short
        self.counts_file = args.counts
        self.counts = {}
        self.failed = False
        print(f"== {title} ({'short: query counts only' if self.short else 'full'}; {load()})", flush=True)

    def timing(self, stats, name, baseline, goal):
        self.counts[name] = max(stats[name]["queries"])
        value = ratio(stats, name, baseline)
        verdict = "-" if self.short else self._verdict(value <= goal)
        print(
            f"  {name:<28} vs {baseline:<24} {statistics.median(stats[name]['times']) * 1000:9.1f} ms"
            f" / {statistics.median(stats[baseline]['times']) * 1000:8.1f} ms  ratio {value:5.2f}"
            f"  queries {max(stats[name]['queries'])}/{max(stats[baseline]['queries'])}"
            f"  goal <= {goal}  {verdict}",
            flush=True,
        )
        return value

    def check(self, label, ok, detail):
        print(f"  {label:<56} {detail}  {self._verdict(ok)}", flush=True)

    def _verdict(self, ok):
        self.failed |= not ok
        return "PASS" if ok else "FAIL"

    def exit(self):
        if self.counts_file:
            counts = {}
            if os.path.exists(self.counts_file):
                with open(self.counts_file) as file:
                    counts = json.load(file)
            counts.update({f"{os.path.basename(sys.argv[0])}: {name}": n for name, n in self.counts.items()})
            with open(self.counts_file, "w") as file:
                json.dump(counts, file, indent=1, sort_keys=True)
        sys.exit(1 if self.failed else 0)
