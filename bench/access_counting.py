"""Access-frequency counting (issue 17, item 1) on a multi-worker Odoo, over real HTTP.

On a copy of an installed database (``<db>_access``, dropped at the end), it
starts Odoo with 4 worker processes, creates customers and account
managers (with passwords), then

(a) overhead: one account manager loads the first page of the customer list
    (``web_search_read`` with the list view's fields, 80 rows, as the web
    client asks it) many times, in interleaved batches with the counting on
    and switched off (``crm_customer_archive.access_counting = off``); the
    ratio on / off of the median request times is held to the goal. The
    counter must hold exactly the rows read while counting was on, and
    nothing of the batches while it was off.
(b) exact totals: several threads of three account managers read list pages
    and export customers at the same time on the 4 workers. Two have high
    limits (their group's threshold): their counters must equal exactly the
    records each read, with no event. The third has a freeze threshold per
    day: it is frozen exactly once (one event, no warning), its further
    requests end with an expired session, and its counter equals the
    records of its answered requests. No 5xx, no error nor serialization
    failure in the server log.

It prints the figures and exits non-zero on any failed expectation.

    python3 bench/access_counting.py -c <odoo.conf> -d <installed db> [--short]
"""

import argparse
import json
import random
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import requests
from lxml import etree
from served_copy import ADMIN_PASSWORD, run_on_served_copy

GOAL_OVERHEAD = 1.05  # counting on / off, median request time of a customer list page
COUNTING_PARAM = "crm_customer_archive.access_counting"
USER_PASSWORD = "Bench-Access-2026-pw!"  # passes password_security's default policy
HIGH = 1_000_000_000  # a limit nobody reaches
FREEZE_AT = 500  # records a day of the user who is frozen in (b)
CUSTOMERS = 200
PAGE = 80
ACCOUNT_MANAGER_GROUPS = (
    "base.group_user",
    "crm_customer_archive.group_archive_user",
    "sales_team.group_sale_salesman",
    "crm_customer_archive.group_archive_export",
)


class RpcError(Exception):
    """A JSON-RPC error answer: ``name`` is the exception's class path."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name


class WebClient:
    """A browser's session: JSON-RPC with the session cookie, keep-alive."""

    def __init__(self, port, cookies=None):
        self.url = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        if cookies:
            self.session.cookies.update(cookies)

    def login(self, db, login, password):
        result = self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})
        if not result.get("uid"):
            raise SystemExit(f"cannot sign in as {login}")
        return self

    def fork(self):
        """Another tab of the same browser session."""
        return WebClient(self.url.rsplit(":", 1)[1], self.session.cookies)

    def rpc(self, path, params):
        response = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=120
        )
        if response.status_code != 200:
            raise RpcError(f"HTTP {response.status_code}", response.text[:200])
        body = response.json()
        if "error" in body:
            error = body["error"].get("data") or {}
            raise RpcError(error.get("name", "?"), error.get("message", body["error"].get("message")))
        return body["result"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


# One line a request with its query count and times (overhead()).
SERVER_ARGS = ("--log-handler", "werkzeug:INFO")


class Setup:
    """What the copy needs, made as the administrator in a web session (one
    password check, not one per call as over XML-RPC)."""

    def __init__(self, admin):
        self.admin = admin
        self.refs = {}

    def call(self, model, method, *args, **kwargs):
        return self.admin.call_kw(model, method, list(args), kwargs)

    def ref(self, xmlid):
        if xmlid not in self.refs:
            module, name = xmlid.split(".")
            domain = [("module", "=", module), ("name", "=", name)]
            self.refs[xmlid] = self.call("ir.model.data", "search_read", domain, ["res_id"])[0]["res_id"]
        return self.refs[xmlid]

    def customers(self, count):
        values = [
            {"name": f"访问计数客户 {index:04d}", "is_company": True, "customer_rank": 1, "archive_state": "active"}
            for index in range(count)
        ]
        return self.call("res.partner", "create", values)

    def group_with_limits(self, name, limits):
        group_id = self.call("res.groups", "create", {"name": name})
        self.call("customer.archive.access.threshold", "create", {"group_id": group_id, **limits})
        return group_id

    def account_manager(self, login, extra_groups=()):
        groups = [self.ref(xmlid) for xmlid in ACCOUNT_MANAGER_GROUPS] + list(extra_groups)
        values = {"name": login, "login": login, "password": USER_PASSWORD, "group_ids": [(6, 0, groups)]}
        return self.call("res.users", "create", values)

    def set_limits(self, threshold_xmlid, limits):
        self.call("customer.archive.access.threshold", "write", [self.ref(threshold_xmlid)], limits)

    def counting(self, on):
        self.call("ir.config_parameter", "set_param", COUNTING_PARAM, "on" if on else "off")


def limits(warn_ten_minutes, freeze_ten_minutes, warn_day, freeze_day):
    return {
        "warn_ten_minutes": warn_ten_minutes,
        "freeze_ten_minutes": freeze_ten_minutes,
        "warn_day": warn_day,
        "freeze_day": freeze_day,
    }


def customer_list_reader(client):
    """A callable loading a page of the customer list as the web client does
    (the list view's fields, count_limit 10001); it returns the rows' ids."""
    action = client.rpc("/web/action/load", {"action_id": "crm_customer_archive.res_partner_action_customer"})
    list_view = {mode: view_id for view_id, mode in action["views"]}.get("list")
    views = client.call_kw("res.partner", "get_views", [], {"views": [[list_view, "list"]]})
    fields = views["models"]["res.partner"]["fields"]
    specification = {}
    for node in etree.fromstring(views["views"]["list"]["arch"]).xpath("/list/field"):
        relational = fields[node.get("name")]["type"] in ("many2one", "many2many", "one2many")
        specification[node.get("name")] = {"fields": {"display_name": {}}} if relational else {}
    domain = [("is_archive_customer", "=", True)]

    def read(offset=0):
        result = client.call_kw("res.partner", "web_search_read", [], {
            "domain": domain, "specification": specification, "offset": offset, "limit": PAGE,
            "order": "", "count_limit": 10001, "context": {"bin_size": True},
        })  # fmt: skip
        return [row["id"] for row in result["records"]]

    return read


def counted(database, copy, user_ids):
    """{user id: {period: records counted}} from the counter table."""
    connection = database.connect(copy)
    try:
        with connection.cursor() as cr:
            cr.execute(
                "SELECT user_id, period, SUM(count) FROM customer_archive_access_counter"
                " WHERE user_id = ANY(%s) GROUP BY user_id, period",
                [list(user_ids)],
            )
            totals = {user_id: {"ten_minutes": 0, "day": 0} for user_id in user_ids}
            for user_id, period, total in cr.fetchall():
                totals[user_id][period] = int(total)
            return totals
    finally:
        connection.close()


def events(database, copy, user_ids):
    """{user id: Counter(kind)} of the access events, and the frozen flags."""
    connection = database.connect(copy)
    try:
        with connection.cursor() as cr:
            cr.execute(
                "SELECT user_id, kind, COUNT(*) FROM customer_archive_access_event"
                " WHERE user_id = ANY(%s) GROUP BY user_id, kind",
                [list(user_ids)],
            )
            kinds = {user_id: Counter() for user_id in user_ids}
            for user_id, kind, count in cr.fetchall():
                kinds[user_id][kind] = count
            cr.execute("SELECT id, archive_frozen FROM res_users WHERE id = ANY(%s)", [list(user_ids)])
            return kinds, {user_id: bool(frozen) for user_id, frozen in cr.fetchall()}
    finally:
        connection.close()


def server_requests(log_path, offset, path):
    """(queries, server seconds) of the requests to ``path`` logged after
    ``offset``, in the order they ended (werkzeug's line: the query count,
    the SQL time and the rest of the request's time)."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    found = []
    for line in lines:
        if f"POST {path}" in line:
            queries, sql_time, other_time = line.split('" ', 1)[1].split()[2:5]
            found.append((int(queries), float(sql_time) + float(other_time)))
    return found


def overhead(setup, client, database, copy, user_id, rounds, batch, warm, log_path):
    """(a): interleaved batches with counting on and off; (figures, failures).
    Each round times a batch of each; the ratio is the median of the rounds'
    ratios of median times, as the client sees them and as the server logs them."""
    started = time.monotonic()
    read = customer_list_reader(client)
    log_offset = log_path.stat().st_size
    client_times = {}  # (round, on): seconds of the timed requests
    requests_made = []  # (round, on, timed) of every list request, in order (one at a time: the log's order)
    for index in range(rounds):
        for on in (True, False) if index % 2 == 0 else (False, True):
            setup.counting(on)
            for _warm in range(warm):  # every worker sees the switch, caches refilled
                rows = read()
                requests_made.append((index, on, False))
            times = client_times[index, on] = []
            for _request in range(batch):
                request_started = time.perf_counter()
                rows = read()
                times.append(time.perf_counter() - request_started)
                requests_made.append((index, on, True))
    setup.counting(True)
    failures = []
    rows_counted = len(rows) * sum(1 for _index, on, _timed in requests_made if on)
    total = counted(database, copy, [user_id])[user_id]
    if total != {"ten_minutes": rows_counted, "day": rows_counted}:
        failures.append(f"(a) counted {total}, expected {rows_counted} (the rows read while counting was on)")
    server_times, queries = {key: [] for key in client_times}, {True: Counter(), False: Counter()}
    logged = server_requests(log_path, log_offset, "/web/dataset/call_kw/res.partner/web_search_read")
    for (index, on, timed), (query_count, seconds) in zip(requests_made, logged, strict=True):
        if timed:
            server_times[index, on].append(seconds)
            queries[on][query_count] += 1

    def medians(times, on):
        return [statistics.median(times[index, on]) for index in range(rounds)]

    def ratio(times):
        return statistics.median(on / off for on, off in zip(medians(times, True), medians(times, False), strict=True))

    figures = {
        "rows": len(rows),
        "on_ms": statistics.median(medians(client_times, True)) * 1000,
        "off_ms": statistics.median(medians(client_times, False)) * 1000,
        "ratio": ratio(client_times),
        "server_on_ms": statistics.median(medians(server_times, True)) * 1000,
        "server_off_ms": statistics.median(medians(server_times, False)) * 1000,
        "server_ratio": ratio(server_times),
        "queries_on": queries[True].most_common(1)[0][0],
        "queries_off": queries[False].most_common(1)[0][0],
        "counted": rows_counted,
        "seconds": time.monotonic() - started,
    }
    return figures, failures


def reader_thread(client, barrier, iterations, stop_on_expiry, tally):
    """Read list pages and export customers; tally what was answered."""
    read = customer_list_reader(client)
    rng = random.Random()
    barrier.wait(timeout=120)
    for iteration in range(iterations):
        try:
            ids = read(offset=rng.choice((0, PAGE)))
            tally["records"] += len(ids)
            tally["reads"] += 1
            if iteration % 3 == 2:
                exported = ids[: rng.randint(1, len(ids))]
                client.call_kw("res.partner", "export_data", [exported, ["name", "city", "email"]])
                tally["records"] += len(exported)
                tally["exports"] += 1
        except RpcError as error:
            tally["errors"][error.name] += 1
            if stop_on_expiry and error.name == "odoo.http.SessionExpiredException":
                return
        except requests.RequestException as error:
            tally["errors"][type(error).__name__] += 1


def concurrency(port, db, database, users, threads, iterations):
    """(b): every user's threads at once; (figures, failures). ``users`` is
    {login: (user id, frozen expected)}."""
    tallies, workers = {}, []
    barrier = threading.Barrier(sum(threads.values()))
    for login, (_user_id, expect_frozen) in users.items():
        browser = WebClient(port).login(db, login, USER_PASSWORD)
        for _thread in range(threads[login]):
            tally = {"records": 0, "reads": 0, "exports": 0, "errors": Counter()}
            tallies.setdefault(login, []).append(tally)
            workers.append(
                threading.Thread(
                    target=reader_thread,
                    args=(browser.fork(), barrier, iterations * (4 if expect_frozen else 1), expect_frozen, tally),
                )
            )
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.monotonic() - started

    ids = [user_id for user_id, _frozen in users.values()]
    totals = counted(database, db, ids)
    kinds, frozen = events(database, db, ids)
    failures, figures = [], {"seconds": seconds, "users": {}}
    for login, (user_id, expect_frozen) in users.items():
        records = sum(tally["records"] for tally in tallies[login])
        errors = sum((tally["errors"] for tally in tallies[login]), Counter())
        figures["users"][login] = {
            "records": records,
            "counted": totals[user_id],
            "reads": sum(tally["reads"] for tally in tallies[login]),
            "exports": sum(tally["exports"] for tally in tallies[login]),
            "errors": dict(errors),
            "events": dict(kinds[user_id]),
            "frozen": frozen[user_id],
        }
        if totals[user_id] != {"ten_minutes": records, "day": records}:
            failures.append(f"(b) {login}: counted {totals[user_id]}, read {records}")
        expired = errors.pop("odoo.http.SessionExpiredException", 0)
        if errors:
            failures.append(f"(b) {login}: errors {dict(errors)}")
        if expect_frozen:
            if kinds[user_id] != Counter({"frozen": 1}) or not frozen[user_id]:
                failures.append(
                    f"(b) {login}: events {dict(kinds[user_id])}, frozen {frozen[user_id]}; expected one freeze"
                )
            if records < FREEZE_AT or not expired:
                failures.append(f"(b) {login}: {records} records read, {expired} expired sessions after the freeze")
        elif kinds[user_id] or frozen[user_id] or expired:
            failures.append(f"(b) {login}: events {dict(kinds[user_id])}, frozen {frozen[user_id]}, expired {expired}")
    return figures, failures


def log_problems(log_path):
    """Lines of the server log that show an error (5xx, serialization failure)."""
    markers = ("ERROR", "CRITICAL", "Traceback", "could not serialize", "deadlock")
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return [line for line in text.splitlines() if any(marker in line for marker in markers)]


def run(args, database, copy, port, log_path):
    started = time.monotonic()
    setup = Setup(WebClient(port).login(copy, "admin", ADMIN_PASSWORD))
    customer_ids = setup.customers(CUSTOMERS // 2 if args.short else CUSTOMERS)
    heavy_group = setup.group_with_limits("Bench: heavy readers", limits(HIGH, HIGH, HIGH, HIGH))
    # Everyone else (internal users): frozen on the FREEZE_AT-th record of the
    # day. A day, not 10 minutes: a run seldom straddles midnight UTC.
    setup.set_limits(
        "crm_customer_archive.customer_archive_access_threshold_internal", limits(HIGH, HIGH, FREEZE_AT, FREEZE_AT)
    )
    logins = {"bench_list_user": [heavy_group], "bench_reader_1": [heavy_group], "bench_reader_2": [heavy_group]}
    user_ids = {login: setup.account_manager(login, groups) for login, groups in logins.items()}
    user_ids["bench_frozen"] = setup.account_manager("bench_frozen")
    print(f"{len(customer_ids)} customers and 4 account managers created in {time.monotonic() - started:.1f} s")

    failures = []
    rounds, batch, warm = (3, 10, 6) if args.short else (args.rounds, args.batch, 8)
    client = WebClient(port).login(copy, "bench_list_user", USER_PASSWORD)
    figures, found = overhead(setup, client, database, copy, user_ids["bench_list_user"], rounds, batch, warm, log_path)
    failures += found
    verdict = "-" if args.short else ("PASS" if figures["ratio"] <= GOAL_OVERHEAD else "FAIL")
    if verdict == "FAIL":
        failures.append(f"(a) overhead ratio {figures['ratio']:.3f} above {GOAL_OVERHEAD}")
    if figures["queries_on"] > figures["queries_off"] + 1:  # one upsert a request, whatever the rows
        failures.append(f"(a) {figures['queries_on']} queries counting, {figures['queries_off']} without")
    print(
        f"(a) customer list page ({figures['rows']} rows), {rounds} rounds x {batch} requests:"
        f" counting on {figures['on_ms']:.1f} ms, off {figures['off_ms']:.1f} ms (medians),"
        f" ratio {figures['ratio']:.3f}, goal <= {GOAL_OVERHEAD} {verdict}; {figures['counted']} rows counted;"
        f" {figures['seconds']:.1f} s\n    in the server (its log): on {figures['server_on_ms']:.1f} ms,"
        f" off {figures['server_off_ms']:.1f} ms, ratio {figures['server_ratio']:.3f};"
        f" queries on {figures['queries_on']}, off {figures['queries_off']}",
        flush=True,
    )

    users = {
        "bench_reader_1": (user_ids["bench_reader_1"], False),
        "bench_reader_2": (user_ids["bench_reader_2"], False),
        "bench_frozen": (user_ids["bench_frozen"], True),
    }
    threads = {"bench_reader_1": 3, "bench_reader_2": 3, "bench_frozen": 2}
    figures, found = concurrency(port, copy, database, users, threads, 6 if args.short else args.iterations)
    failures += found
    print(f"(b) {sum(threads.values())} threads of {len(users)} users on 4 workers, {figures['seconds']:.1f} s:")
    for login, user in figures["users"].items():
        print(f"    {login}: {json.dumps(user, ensure_ascii=False)}")
    problems = log_problems(log_path)
    if problems:
        failures.append("the server log shows errors:\n    " + "\n    ".join(problems[:10]))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (database connection)")
    parser.add_argument("-d", "--database", required=True, help="a database with crm_customer_archive installed")
    parser.add_argument("--port", type=int, default=8311, help="first HTTP port to try (default 8311)")
    parser.add_argument("--short", action="store_true", help="CI: fewer rounds, the ratio reported, not held")
    parser.add_argument("--rounds", type=int, default=7, help="(a) interleaved rounds on/off (default 7)")
    parser.add_argument("--batch", type=int, default=30, help="(a) timed requests per batch (default 30)")
    parser.add_argument("--iterations", type=int, default=20, help="(b) iterations per reader thread (default 20)")
    parser.add_argument("--log", type=Path, help="keep the server log there (default: shown on failure only)")
    args = parser.parse_args()

    def run_checks(database, copy, port, log_path):
        return run(args, database, copy, port, log_path)

    run_on_served_copy(args, "_access", run_checks, workers=4, extra_args=SERVER_ARGS)


if __name__ == "__main__":
    main()
