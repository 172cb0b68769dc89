"""Concurrency proof of the licence API on a multi-worker Odoo, over real HTTP.

On a copy of an installed database (``<db>_conc``, dropped at the end), it
starts Odoo with two worker processes, creates over XML-RPC a software
product, a customer and two active licences, then

(a) fires concurrent activations of different machines at a licence with a
    few seats: exactly ``seats`` answers 200 and the others 409
    (seats_exhausted), never a 400 (a replayed request that lost its body)
    nor a 5xx;
(b) lets the machines of another licence send their heartbeats at once,
    for several rounds: every answer is 200.

It prints the counts and exits non-zero on any failed expectation.

    python3 bench/license_concurrency.py -c <odoo.conf> -d <installed db>
"""

import argparse
import configparser
import http.client
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg2
from passlib.context import CryptContext

ADMIN_PASSWORD = "conc-admin"
API_LIMIT_PARAMS = ("crm_customer_archive.license_api_ip_limit", "crm_customer_archive.license_api_key_limit")


def free_port(start):
    """The first port from ``start`` that nothing listens on."""
    port = start
    while True:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                port += 1


class Database:
    """The connection settings of the Odoo configuration file."""

    def __init__(self, conf):
        parser = configparser.ConfigParser()
        parser.read(conf)
        options = parser["options"]

        def option(name):
            value = options.get(name, "").strip()
            return None if value in ("", "False") else value

        self.params = {
            "host": option("db_host"),
            "port": option("db_port"),
            "user": option("db_user"),
            "password": option("db_password"),
        }
        self.data_dir = option("data_dir")

    def connect(self, dbname):
        connection = psycopg2.connect(dbname=dbname, **{key: value for key, value in self.params.items() if value})
        connection.autocommit = True
        return connection

    def admin(self, *statements):
        connection = self.connect("postgres")
        try:
            with connection.cursor() as cr:
                for statement in statements:
                    cr.execute(statement)
        finally:
            connection.close()


def prepare_copy(database, source, copy):
    """The copy, with a known admin password and the API rate limits out of the way."""
    database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)', f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    connection = database.connect(copy)
    with connection.cursor() as cr:
        # Odoo's own hash scheme and work factor (no re-hash at the first login).
        password = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(ADMIN_PASSWORD)
        cr.execute(
            "UPDATE res_users SET password = %s WHERE id = "
            "(SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = 'user_admin')",
            [password],
        )
        # The benches log in as the administrator with a password: no second
        # factor (a manager's login would wait for a mailed code).
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'crm_customer_archive.mfa_required'")
        for key in API_LIMIT_PARAMS:
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, '1000000') "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key],
            )
    connection.close()


def odoo_command():
    """How to start Odoo. Not ``python -m odoo``: the multi-worker server
    starts its gevent process as ``python <sys.argv[0]> gevent``, and with
    ``-m`` that is odoo/__main__.py, which cannot run as a script (the gevent
    process then crash-loops). The ``odoo`` script of this Python or the
    source tree's odoo-bin can."""
    source = Path(importlib.util.find_spec("odoo").submodule_search_locations[0]).parent
    for script in (Path(sys.executable).with_name("odoo"), source / "odoo-bin"):
        if script.is_file():
            return [sys.executable, str(script)]
    return [sys.executable, "-m", "odoo"]


def start_server(conf, copy, port, gevent_port, log_path):
    command = [
        *odoo_command(), "-c", conf, "-d", copy,
        "--workers", "2", "--max-cron-threads", "0",
        "--http-port", str(port), "--gevent-port", str(gevent_port),
        "--db-filter", f"^{copy}$", "--http-interface", "127.0.0.1",
        "--log-level", "warn", "--logfile", str(log_path),
        # XML-RPC is deprecated in Odoo 19 and says so on every call.
        "--log-handler", "odoo.addons.rpc.controllers.xmlrpc:ERROR",
    ]  # fmt: skip
    # Its own process group: the workers and the gevent process are stopped with it.
    with open(log_path, "ab") as output:  # what is printed before logging starts
        return subprocess.Popen(command, start_new_session=True, stdout=output, stderr=subprocess.STDOUT)


def stop_server(server):
    """Stop the whole process group: the server, then anything left of it."""
    for sig, timeout in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue


def wait_for_health(server, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the Odoo server stopped (exit code {server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/web/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the Odoo server did not answer /web/health within {timeout} s")


def post(port, action, payload):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = json.dumps(payload)
        connection.request("POST", f"/api/license/{action}", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def post_all(port, action, payloads):
    """POST every payload at the same moment, one thread each; the statuses."""
    barrier = threading.Barrier(len(payloads))
    statuses = [None] * len(payloads)

    def send(index):
        barrier.wait(timeout=60)
        try:
            statuses[index] = post(port, action, payloads[index])
        except OSError as error:
            statuses[index] = f"{type(error).__name__}"

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


class Odoo:
    """XML-RPC as the administrator of the copy."""

    def __init__(self, port, db):
        self.db = db
        url = f"http://127.0.0.1:{port}/xmlrpc/2"
        self.uid = xmlrpc.client.ServerProxy(f"{url}/common").authenticate(db, "admin", ADMIN_PASSWORD, {})
        if not self.uid:
            raise SystemExit("cannot log in as admin over XML-RPC")
        self.models = xmlrpc.client.ServerProxy(f"{url}/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, ADMIN_PASSWORD, model, method, list(args), kwargs)

    def create_license(self, partner_id, product_id, seats):
        values = {
            "partner_id": partner_id,
            "product_tmpl_id": product_id,
            "seats": seats,
            "license_type": "perpetual",
            "date_start": date.today().isoformat(),
            "state": "active",
        }
        license_id = self.call("customer.license", "create", values)
        return license_id, self.call("customer.license", "read", [license_id], ["key"])[0]["key"]


def run(port, odoo, activations, seats, machines, rounds):
    """The two scenarios; a list of failed expectations."""
    failures = []
    product_id = odoo.call(
        "product.template", "create", {"name": "Concurrency MES", "type": "service", "is_software": True}
    )
    partner_id = odoo.call("res.partner", "create", {"name": "Concurrency Customer", "is_company": True})

    # (a) More machines than seats activate at once.
    setup_started = time.monotonic()
    license_id, key = odoo.create_license(partner_id, product_id, seats)
    print(f"licence created over XML-RPC in {time.monotonic() - setup_started:.1f} s")
    payloads = [{"key": key, "fingerprint": f"conc-machine-{index:04d}-a"} for index in range(activations)]
    started = time.monotonic()
    counts = Counter(post_all(port, "activate", payloads))
    print(
        f"(a) {activations} concurrent activations, {seats} seats: {dict(counts)} in {time.monotonic() - started:.1f} s"
    )
    expected = Counter({200: seats, 409: activations - seats})
    if counts != expected:
        failures.append(f"(a) expected {dict(expected)}, got {dict(counts)}")
    seats_used = odoo.call("customer.license", "read", [license_id], ["seats_used"])[0]["seats_used"]
    if seats_used != seats:
        failures.append(f"(a) seats_used is {seats_used}, expected {seats}")

    # (b) Every machine of a licence sends its heartbeat at once, several rounds.
    _license_id, key = odoo.create_license(partner_id, product_id, machines)
    payloads = [{"key": key, "fingerprint": f"conc-machine-{index:04d}-b"} for index in range(machines)]
    activated = Counter(post(port, "activate", payload) for payload in payloads)
    if activated != Counter({200: machines}):
        failures.append(f"(b) activating the machines one by one: {dict(activated)}")
    counts = Counter()
    started = time.monotonic()
    for _round in range(rounds):
        counts.update(post_all(port, "verify", payloads))
    print(
        f"(b) {machines} machines x {rounds} rounds of concurrent heartbeats: {dict(counts)}"
        f" in {time.monotonic() - started:.1f} s"
    )
    if counts != Counter({200: machines * rounds}):
        failures.append(f"(b) expected {machines * rounds} x 200, got {dict(counts)}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (database connection)")
    parser.add_argument("-d", "--database", required=True, help="a database with crm_customer_archive installed")
    parser.add_argument("--port", type=int, default=8371, help="first HTTP port to try (default 8371)")
    parser.add_argument("--activations", type=int, default=20)
    parser.add_argument("--seats", type=int, default=5)
    parser.add_argument("--machines", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--log", type=Path, help="keep the server log there (default: shown on failure only)")
    args = parser.parse_args()

    database = Database(args.config)
    copy = f"{args.database}_conc"
    port = free_port(args.port)
    gevent_port = free_port(port + 1)
    log_dir = Path(tempfile.mkdtemp(prefix="license_concurrency_"))
    log_path = args.log or log_dir / "odoo.log"
    server = None
    failures = ["did not run"]
    started = time.monotonic()
    try:
        prepare_copy(database, args.database, copy)
        print(f"Odoo with 2 workers on 127.0.0.1:{port} (gevent {gevent_port}), database {copy}")
        server = start_server(args.config, copy, port, gevent_port, log_path)
        wait_for_health(server, port)
        print(f"server up after {time.monotonic() - started:.1f} s")
        failures = run(port, Odoo(port, copy), args.activations, args.seats, args.machines, args.rounds)
    finally:
        stopping = time.monotonic()
        if server:
            stop_server(server)
        try:
            database.admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        finally:
            if database.data_dir:
                shutil.rmtree(Path(database.data_dir, "filestore", copy), ignore_errors=True)
        if failures and log_path.exists():
            print(f"--- last lines of the server log ({log_path}) ---")
            print("\n".join(log_path.read_text(errors="replace").splitlines()[-40:]))
        if not failures or args.log or not log_path.exists():
            shutil.rmtree(log_dir, ignore_errors=True)
    now = time.monotonic()
    print(f"server stopped and copy dropped in {now - stopping:.1f} s; total {now - started:.1f} s")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
