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
import http.client
import json
import threading
import time
import xmlrpc.client
from collections import Counter
from datetime import date
from pathlib import Path

from served_copy import ADMIN_PASSWORD, run_on_served_copy


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

    def run_checks(_database, copy, port, _log_path):
        return run(port, Odoo(port, copy), args.activations, args.seats, args.machines, args.rounds)

    run_on_served_copy(args, "_conc", run_checks, workers=2)


if __name__ == "__main__":
    main()
