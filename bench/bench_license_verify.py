"""Requests per second of the licence heartbeat against Odoo's cheapest route,
on a multi-worker Odoo at 1, 2 and 4 workers.

For each worker count it starts Odoo (``python3 <odoo-bin> --workers N``,
127.0.0.1, its own process group, stopped as a whole afterwards), then runs
interleaved rounds of ``GET /web/health`` (no database: Odoo's own request
handling, the baseline) and ``POST /api/license/verify`` (a real heartbeat of
one of several activated machines of a licence), the same time and number of
client threads each, alternating which route goes first. It prints each
round's rates and the median ratio verify / health per worker count.

It fails (exit code 1) on any answer other than 200, on a traceback or an
ERROR in the server log, or when a server does not stop.

    python3 bench/bench_license_verify.py -c <odoo.conf> -d <bench database>

The bench database is created with the addon when it does not exist (never
with demo data); the run sets its licence API rate limits out of the way.
"""

import argparse
import configparser
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# The server helpers of the licence concurrency proof (same folder).
from served_copy import free_port, odoo_command, wait_for_health

ADDON = "crm_customer_archive"
LIMIT_PARAMS = ("crm_customer_archive.license_api_ip_limit", "crm_customer_archive.license_api_key_limit")
# Lines of the server log that fail the run.
BAD_LOG_LINE = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b")


def prepare(conf, db, machines, log_dir):
    """Install the addon if the database lacks it, then a perpetual licence
    with ``machines`` activated machines; the licence key."""
    check = subprocess.run(
        ["psql", "-XAtc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'", "postgres", *psql_args(conf)],
        capture_output=True,
        text=True,
        check=True,
    )
    if not check.stdout.strip():
        print(f"creating {db} with {ADDON} (no demo data)", flush=True)
        subprocess.run(
            [*odoo_command(), "-c", conf, "-d", db, "-i", ADDON, "--stop-after-init", "--log-level", "warn",
             "--logfile", str(log_dir / "install.log")],
            check=True,
        )  # fmt: skip
    script = f"""
from datetime import date
Param = env["ir.config_parameter"]
for name in {LIMIT_PARAMS!r}:
    Param.set_param(name, "1000000000")
product = env["product.template"].search([("name", "=", "Bench MES")], limit=1) or env["product.template"].create(
    {{"name": "Bench MES", "type": "service", "is_software": True}})
partner = env["res.partner"].search([("name", "=", "Bench Customer")], limit=1) or env["res.partner"].create(
    {{"name": "Bench Customer", "is_company": True}})
license_ = env["customer.license"].search([("partner_id", "=", partner.id)], limit=1) or env["customer.license"].create(
    {{"partner_id": partner.id, "product_tmpl_id": product.id, "seats": 100, "date_start": date.today(),
      "license_type": "perpetual", "state": "active"}})
for index in range({machines}):
    status, body = env["customer.license.api"]._handle(
        "activate", {{"key": license_.key, "fingerprint": f"bench-machine-{{index:04d}}"}}, "127.0.0.1")
    assert status == 200, body
env.cr.commit()
print("KEY", license_.key)
"""
    result = subprocess.run(
        [*odoo_command(), "shell", "-c", conf, "-d", db, "--log-level", "error", "--no-http"],
        input=script,
        capture_output=True,
        text=True,
        check=True,
    )
    keys = re.findall(r"^KEY (\S+)$", result.stdout, re.MULTILINE)
    if not keys:
        raise SystemExit(f"could not prepare the licence:\n{result.stdout}\n{result.stderr}")
    return keys[-1]


def psql_args(conf):
    """psql connection options from the Odoo configuration file."""
    parser = configparser.ConfigParser()
    parser.read(conf)
    options = parser["options"]
    args = []
    for option, flag in (("db_host", "-h"), ("db_port", "-p"), ("db_user", "-U")):
        value = options.get(option, "").strip()
        if value and value != "False":
            args += [flag, value]
    return args


def start_server(conf, db, workers, port, log_path):
    command = [
        *odoo_command(), "-c", conf, "-d", db, "--db-filter", f"^{db}$",
        "--workers", str(workers), "--max-cron-threads", "0",
        "--http-interface", "127.0.0.1", "--http-port", str(port), "--gevent-port", str(free_port(port + 1)),
        "--limit-time-real", "600", "--limit-request", "1000000",
        "--log-level", "warn", "--logfile", str(log_path),
    ]  # fmt: skip
    # Its own process group: the master, its workers and the gevent process stop together.
    with open(log_path, "ab") as output:  # what is printed before logging starts
        return subprocess.Popen(command, start_new_session=True, stdout=output, stderr=subprocess.STDOUT)


def stop_server(server):
    """SIGTERM to the whole process group, SIGKILL to what is left; True
    when nothing of the group is left."""
    for sig, timeout in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server.poll()
            try:
                os.killpg(server.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.2)
    return False


def hammer(port, method, path, bodies, seconds, clients):
    """Requests per second answered 200, and the other answers by status."""
    counts = [0] * clients
    errors = {}
    stop_at = time.monotonic() + seconds

    def client(index):
        body = bodies[index % len(bodies)] if bodies else None
        headers = {"Content-Type": "application/json"} if body else {}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
            if status == 200:
                counts[index] += 1
            else:
                errors[status] = errors.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started), errors


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def bench(port, key, machines, workers, rounds, seconds, clients):
    """Per round: (health req/s, verify req/s); all errors."""
    bodies = [json.dumps({"key": key, "fingerprint": f"bench-machine-{index:04d}"}) for index in range(machines)]
    routes = {"health": ("GET", "/web/health", None), "verify": ("POST", "/api/license/verify", bodies)}
    for name in routes:  # warm-up: every worker loads its registry and caches
        hammer(port, *routes[name], 3, clients)
    results, errors = [], {}
    for round_ in range(rounds):
        order = ("health", "verify") if round_ % 2 == 0 else ("verify", "health")
        rates = {}
        for name in order:
            rates[name], round_errors = hammer(port, *routes[name], seconds, clients)
            for status, count in round_errors.items():
                errors[(name, status)] = errors.get((name, status), 0) + count
        results.append((rates["health"], rates["verify"]))
        print(
            f"  {workers} worker(s) round {round_ + 1}: health {rates['health']:7.1f}/s"
            f"  verify {rates['verify']:7.1f}/s  ratio {rates['verify'] / rates['health']:.3f}"
            f"  (load {load_average()})",
            flush=True,
        )
    return results, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (database connection)")
    parser.add_argument("-d", "--database", required=True, help="bench database, created with the addon if missing")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per worker count (default 5)")
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds per route and round (default 6)")
    parser.add_argument("--clients", type=int, default=0, help="client threads (default: 2 per worker, at least 4)")
    parser.add_argument("--machines", type=int, default=8, help="activated machines sending heartbeats (default 8)")
    parser.add_argument("--port", type=int, default=8281, help="first HTTP port to try (default 8281)")
    parser.add_argument("--log-dir", type=Path, help="server logs there (default: a new temporary directory)")
    args = parser.parse_args()
    log_dir = args.log_dir or Path(tempfile.mkdtemp(prefix="bench_license_verify_"))
    log_dir.mkdir(parents=True, exist_ok=True)
    key = prepare(args.config, args.database, args.machines, log_dir)
    failures, summary = [], []
    for workers in args.workers:
        clients = args.clients or max(4, 2 * workers)
        port = free_port(args.port)
        log_path = log_dir / f"odoo-{workers}-workers.log"
        log_path.unlink(missing_ok=True)
        print(f"Odoo with {workers} worker(s) on 127.0.0.1:{port}, {clients} clients; log {log_path}", flush=True)
        server = start_server(args.config, args.database, workers, port, log_path)
        try:
            wait_for_health(server, port, timeout=90)
            results, errors = bench(port, key, args.machines, workers, args.rounds, args.seconds, clients)
        finally:
            if not stop_server(server):
                failures.append(f"{workers} workers: processes of the server's group left running")
        bad_lines = [line for line in log_path.read_text(errors="replace").splitlines() if BAD_LOG_LINE.search(line)]
        if bad_lines:
            failures.append(f"{workers} workers: server log {log_path}:\n    " + "\n    ".join(bad_lines[:10]))
        if errors:
            failures.append(f"{workers} workers: answers other than 200: {errors}")
        health = statistics.median(rate for rate, _verify in results)
        verify = statistics.median(rate for _health, rate in results)
        ratio = statistics.median(rate / base for base, rate in results)
        summary.append((workers, health, verify, ratio, sum(errors.values())))
    print("\nworkers   health req/s   verify req/s   median ratio   errors")
    for workers, health, verify, ratio, error_count in summary:
        print(f"{workers:7d}   {health:12.1f}   {verify:12.1f}   {ratio:12.3f}   {error_count:6d}")
    print(f"load average at the end: {load_average()} on {os.cpu_count()} CPUs")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
