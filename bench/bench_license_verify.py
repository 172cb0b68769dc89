"""Requests per second of the licence heartbeat against Odoo's cheapest route.

Each route is hammered for the same time by the same number of client threads
with keep-alive connections; the result is printed as requests per second and
as the ratio verify / health (1.0 would mean the licence check costs nothing
more than Odoo's own request handling)."""

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def hammer(base_url, method, path, body, seconds, clients):
    parts = urlsplit(base_url)
    counts = [0] * clients
    errors = [0] * clients
    stop_at = time.monotonic() + seconds

    def client(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Content-Type": "application/json"} if body else {}
        while time.monotonic() < stop_at:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(errors)


def wait_for_server(base_url, timeout=120):
    parts = urlsplit(base_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            connection.request("GET", "/web/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the Odoo server did not answer /web/health")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--fingerprint", default="bench-machine-0001")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    wait_for_server(args.url)
    body = json.dumps({"key": args.key, "fingerprint": args.fingerprint})
    # Warm-up: registry, routing map and caches.
    hammer(args.url, "GET", "/web/health", None, 2, args.clients)
    hammer(args.url, "POST", "/api/license/verify", body, 2, args.clients)
    health, health_errors = hammer(args.url, "GET", "/web/health", None, args.seconds, args.clients)
    verify, verify_errors = hammer(args.url, "POST", "/api/license/verify", body, args.seconds, args.clients)
    print(f"GET  /web/health          {health:8.1f} req/s  ({health_errors} errors)")
    print(f"POST /api/license/verify  {verify:8.1f} req/s  ({verify_errors} errors)")
    print(f"ratio verify / health     {verify / health:8.3f}")
    if verify_errors or health_errors:
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
