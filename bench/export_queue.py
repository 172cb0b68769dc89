"""Large Excel exports through the real job runner (OCA queue_job), over HTTP.

On a copy of an installed database (``<db>_queue``, dropped at the end), with
the background-export threshold lowered to ``--threshold``, it starts Odoo
with two workers and queue_job loaded server-wide (its job runner), then as
a customer-service user over JSON-RPC

1. records ``--rows`` complaints;
2. asks for their service report the way the print menu does: the answer
   must be a notification (queued), not a file;
3. waits (``--timeout``) until the runner has done the job and the file has
   reached the user's Inbox: a valid XLSX, one row per complaint, readable
   by that user.

It exits non-zero on any failed expectation; the server and the copy are
removed whatever happens.

    python3 bench/export_queue.py -c <odoo.conf> -d <installed db>
"""

import argparse
import base64
import http.cookiejar
import io
import json
import time
import urllib.request
from pathlib import Path

import openpyxl
from served_copy import ADMIN_PASSWORD, run_on_served_copy

REPORT = "crm_customer_archive.report_complaint_service_xlsx"
USER_LOGIN, USER_PASSWORD = "export-queue-user", "Export-Queue-2026-pw!"  # passes password_security's policy


# The job runner lives in the main process of a server that loads queue_job.
QUEUE_SERVER_ARGS = ("--load", "base,web,queue_job", "--log-handler", "odoo.addons.queue_job:INFO")


class Session:
    """JSON-RPC as one user, with the web client's session cookie."""

    def __init__(self, port, db, login, password):
        self.url = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.uid = self.post("/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"]

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.post(f"/web/dataset/call_kw/{model}/{method}", params)


def run(port, copy, rows, timeout):
    """The scenario; a list of failed expectations."""
    admin = Session(port, copy, "admin", ADMIN_PASSWORD)
    # An account manager allowed to export (Export and Print).
    groups = [
        admin.call("ir.model.data", "check_object_reference", "crm_customer_archive", name)[1]
        for name in ("group_archive_user", "group_archive_export")
    ]
    user_id = admin.call(
        "res.users",
        "create",
        {
            "name": "导出用户",
            "login": USER_LOGIN,
            "password": USER_PASSWORD,
            "group_ids": [(4, group) for group in groups],
        },
    )
    user = Session(port, copy, USER_LOGIN, USER_PASSWORD)
    partner = user.call("res.partner", "create", {"name": "导出测试客户", "is_company": True})
    complaint_ids = user.call(
        "customer.complaint",
        "create",
        [{"title": f"钢卷表面划伤 {index}", "partner_id": partner} for index in range(rows)],
    )
    print(f"{len(complaint_ids)} complaints recorded by {USER_LOGIN} over JSON-RPC")

    failures = []
    started = time.monotonic()
    action = user.call(f"report.{REPORT}", "queue_large_export", complaint_ids)
    if not action or action.get("tag") != "display_notification":
        return [f"expected a notification (export queued), got {action!r}"]
    print(f"queued in {time.monotonic() - started:.2f} s: {action['params']['message']}")

    jobs = []
    while time.monotonic() - started < timeout:
        jobs = admin.call(
            "queue.job",
            "search_read",
            [("method_name", "=", "_export_in_background")],
            ["state", "user_id", "exc_info"],
        )
        if jobs and jobs[0]["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    else:
        return [f"the job is not done after {timeout} s: {jobs}"]
    job = jobs[0]
    print(f"job {job['state']} after {time.monotonic() - started:.1f} s (runner and worker)")
    if job["state"] != "done":
        return [f"the job failed: {job['exc_info']}"]
    if job["user_id"][0] != user_id:
        failures.append(f"the job ran as {job['user_id']}, not as the user who asked")

    messages = user.call(
        "mail.message",
        "search_read",
        [("partner_ids", "in", [user.call("res.users", "read", [user_id], ["partner_id"])[0]["partner_id"][0]])],
        ["body", "attachment_ids"],
    )
    attachments = [attachment for message in messages for attachment in message["attachment_ids"]]
    if len(attachments) != 1:
        return [*failures, f"expected one file in the user's Inbox, got {messages}"]
    datas = user.call("ir.attachment", "read", attachments, ["datas", "name"])[0]
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(datas["datas"])), read_only=True)
    sheet_rows = sum(1 for _row in workbook["Complaints"].iter_rows(values_only=True))
    print(f"{datas['name']}: {sheet_rows - 1} complaint rows, sheets {workbook.sheetnames}")
    if sheet_rows - 1 != rows:
        failures.append(f"expected {rows} complaint rows, got {sheet_rows - 1}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file (database connection)")
    parser.add_argument("-d", "--database", required=True, help="a database with crm_customer_archive installed")
    parser.add_argument("--port", type=int, default=8381, help="first HTTP port to try (default 8381)")
    parser.add_argument("--rows", type=int, default=60, help="complaints to export (default 60)")
    parser.add_argument("--threshold", type=int, default=50, help="background-export threshold (default 50)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the job (default 120)")
    parser.add_argument("--log", type=Path, help="keep the server log there (default: shown on failure only)")
    args = parser.parse_args()

    def lower_threshold(connection):
        with connection.cursor() as cr:
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                ["crm_customer_archive.export_async_threshold", str(args.threshold)],
            )

    def run_checks(_database, copy, port, _log_path):
        return run(port, copy, args.rows, args.timeout)

    run_on_served_copy(args, "_queue", run_checks, workers=2, extra_args=QUEUE_SERVER_ARGS, prepare=lower_threshold)


if __name__ == "__main__":
    main()
