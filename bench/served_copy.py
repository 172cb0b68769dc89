"""A copy of an installed database served by a real multi-worker Odoo, for
the benches that go over HTTP (license_concurrency.py, access_counting.py,
export_queue.py): copy, serve, run, then stop the server and drop the copy
whatever happens, showing the server log's tail on failure.

    run_on_served_copy(args, "_conc", run, workers=2)
"""

import configparser
import http.client
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from benchlib import load
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


def start_server(conf, copy, port, gevent_port, log_path, workers=2, extra_args=()):
    command = [
        *odoo_command(), "-c", conf, "-d", copy,
        "--workers", str(workers), "--max-cron-threads", "0",
        "--http-port", str(port), "--gevent-port", str(gevent_port),
        "--db-filter", f"^{copy}$", "--http-interface", "127.0.0.1",
        "--log-level", "warn", "--logfile", str(log_path),
        # XML-RPC is deprecated in Odoo 19 and says so on every call.
        "--log-handler", "odoo.addons.rpc.controllers.xmlrpc:ERROR",
        *extra_args,
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


def run_on_served_copy(args, suffix, run, workers=2, extra_args=(), prepare=None):
    """Copy ``args.database`` to ``<db><suffix>``, serve it with ``workers``
    workers on the first free port from ``args.port``, call ``run(database,
    copy, port, log_path)`` (a list of failures), then stop the server, drop
    the copy and exit non-zero on any failure. ``prepare(connection)`` may
    change the copy before the server starts."""
    database = Database(args.config)
    copy = f"{args.database}{suffix}"
    port = free_port(args.port)
    gevent_port = free_port(port + 1)
    log_dir = Path(tempfile.mkdtemp(prefix=f"bench{suffix}_"))
    log_path = args.log or log_dir / "odoo.log"
    server = None
    failures = ["did not run"]
    started = time.monotonic()
    try:
        prepare_copy(database, args.database, copy)
        if prepare:
            connection = database.connect(copy)
            try:
                prepare(connection)
            finally:
                connection.close()
        print(f"Odoo with {workers} workers on 127.0.0.1:{port} (gevent {gevent_port}), database {copy}; {load()}")
        server = start_server(args.config, copy, port, gevent_port, log_path, workers, extra_args)
        wait_for_health(server, port)
        print(f"server up after {time.monotonic() - started:.1f} s", flush=True)
        failures = run(database, copy, port, log_path)
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
    print(f"server stopped and copy dropped in {now - stopping:.1f} s; total {now - started:.1f} s; {load()}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("OK")
