"""Technical sheet PDF (report/customer_part_reports.xml) of the part with the
most complaints (BP00001-1, 8 900 at full size) against the part with five
(BP00001-2) and against Odoo's sale order PDF, as the archive user, in the
same run. wkhtmltopdf fetches the report styles from an Odoo server this
script starts on a free local port (stopped at the end); put the patched
wkhtmltopdf first on PATH (scripts/common.sh installs it in .local/bin).

Goals: at most 3 pages more than the 5-complaint part; at most 2 times the
sale order PDF; the same number of queries for both parts. The short mode
renders the HTML only (no server, no wkhtmltopdf) and checks the queries.

    python3 bench/technical_sheet.py -c <odoo.conf> -d bench_1m
"""

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import urllib.request

from benchlib import Report, bench_user_env, interleave, open_env, parser
from served_copy import free_port

GOAL_PAGES = 3
GOAL_TIME = 2.0
SHEET = "crm_customer_archive.report_technical_sheet"
SALE_ORDER = "sale.report_saleorder"


@contextlib.contextmanager
def odoo_server(config, database, log_path):
    """An Odoo server (one process: --workers=0) for wkhtmltopdf's style
    sheets, stopped on the way out, also on SIGTERM. It stays in this
    script's process group, which bench/run.sh stops as a whole."""
    port = free_port(int(os.environ.get("BENCH_PORT", "8301")))
    command = [sys.executable, "-m", "odoo", "-c", config, "-d", database, f"--http-port={port}"]
    command += [f"--db-filter=^{database}$", "--workers=0", "--max-cron-threads=0", "--log-level=warn"]
    with open(log_path, "ab") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        for _attempt in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/web/health", timeout=2).close()
                break
            if server.poll() is not None:
                sys.exit(f"the Odoo server for the styles stopped; see {log_path}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def pages(pdf):
    from odoo.tools.pdf import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf)).pages)


def main():
    args = parser(__doc__).parse_args()
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))  # run the clean-ups (finally) on SIGTERM
    with open_env(args.config, args.database) as env:
        user_env = bench_user_env(env)
        Part = user_env["customer.part"]
        big, small = Part.search([("part_number", "=", "BP00001-1")]), Part.search([("part_number", "=", "BP00001-2")])
        order = user_env["sale.order"].search([("client_order_ref", "=", "BENCH-SO")], limit=1)
        Report_ = user_env["ir.actions.report"]
        sizes = {
            part: user_env["customer.complaint"].sudo().search_count([("part_id", "=", part.id)])
            for part in big | small
        }
        title = f"Technical sheet: part of {sizes[big]} complaints vs part of {sizes[small]}, vs sale order PDF"
        if args.short:
            variants = {
                "sheet HTML (big part)": lambda: Report_._render_qweb_html(SHEET, big.ids),
                "sheet HTML (5 complaints)": lambda: Report_._render_qweb_html(SHEET, small.ids),
            }
            stats = interleave(user_env, variants, 1)
            # Whichever sheet renders first in a round pays 4 more queries (the
            # res.users record-rule lookup, since prints are logged): render both
            # orders, so each part is also counted second.
            swapped = interleave(user_env, dict(reversed(variants.items())), 1)
            for name in variants:
                stats[name]["queries"] = [*stats[name]["queries"], *swapped[name]["queries"]]
            report = Report(title, args)
            report.timing(stats, "sheet HTML (big part)", "sheet HTML (5 complaints)", GOAL_TIME)
            report.counts["sheet HTML (5 complaints)"] = min(stats["sheet HTML (5 complaints)"]["queries"])
        else:
            Param = env["ir.config_parameter"]
            previous = Param.get_param("report.url")
            with odoo_server(args.config, args.database, args.server_log) as url:
                Param.set_param("report.url", url)
                env.cr.commit()
                try:
                    variants = {
                        "sheet PDF (big part)": lambda: Report_._render_qweb_pdf(SHEET, big.ids)[0],
                        "sheet PDF (5 complaints)": lambda: Report_._render_qweb_pdf(SHEET, small.ids)[0],
                        "sale order PDF": lambda: Report_._render_qweb_pdf(SALE_ORDER, order.ids)[0],
                    }
                    stats = interleave(user_env, variants, args.rounds)
                finally:
                    Param.set_param("report.url", previous or False)
                    env.cr.commit()
            report = Report(title, args)
            report.timing(stats, "sheet PDF (big part)", "sale order PDF", GOAL_TIME)
            report.timing(stats, "sheet PDF (5 complaints)", "sale order PDF", GOAL_TIME)
            big_pages = pages(stats["sheet PDF (big part)"]["result"])
            small_pages = pages(stats["sheet PDF (5 complaints)"]["result"])
            report.check(
                f"pages: at most {GOAL_PAGES} more than the 5-complaint part",
                big_pages <= small_pages + GOAL_PAGES,
                f"{big_pages} vs {small_pages} pages",
            )
            report.counts["sheet PDF (5 complaints)"] = max(stats["sheet PDF (5 complaints)"]["queries"])
        names = list(variants)[:2]
        queries = [min(stats[name]["queries"]) for name in names]
        report.check("the same queries for both parts", queries[0] == queries[1], f"{queries[0]} / {queries[1]}")
        report.exit()


if __name__ == "__main__":
    main()
