#!/usr/bin/env bash
# Licence API benchmark: requests per second of POST /api/license/verify on
# one Odoo worker, against GET /web/health (Odoo's cheapest route) on the
# same server, reported as a ratio.
#   DB=<name> (default crm_archive_bench), SECONDS_PER_ROUTE (default 10),
#   CLIENTS (concurrent client threads, default 4)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
DB="${DB:-crm_archive_bench}"
prepare_all
LOG_DIR="$LOCAL_DIR/logs"
mkdir -p "$LOG_DIR"
if ! psql -d postgres -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw "$DB"; then
    log "Creating $DB with $ADDON"
    odoo_bin -c "$ODOO_CONF" -d "$DB" -i "$ADDON" --stop-after-init --log-level=warn
fi
log "Preparing a licence with one activated machine"
KEY=$(odoo_bin shell -c "$ODOO_CONF" -d "$DB" --log-level=error 2>/dev/null <<'PY' | tail -n 1
from datetime import date
Param = env["ir.config_parameter"]
Param.set_param("crm_customer_archive.license_api_ip_limit", "100000000")
Param.set_param("crm_customer_archive.license_api_key_limit", "100000000")
product = env["product.template"].search([("name", "=", "Bench MES")], limit=1) or env["product.template"].create(
    {"name": "Bench MES", "type": "service", "is_software": True})
partner = env["res.partner"].search([("name", "=", "Bench Customer")], limit=1) or env["res.partner"].create(
    {"name": "Bench Customer", "is_company": True})
license_ = env["customer.license"].search([("partner_id", "=", partner.id)], limit=1) or env["customer.license"].create(
    {"partner_id": partner.id, "product_tmpl_id": product.id, "seats": 5, "date_start": date.today(),
     "license_type": "perpetual", "state": "active"})
env["customer.license.api"]._handle("activate", {"key": license_.key, "fingerprint": "bench-machine-0001"}, "127.0.0.1")
env.cr.commit()
print(license_.key)
PY
)
PORT=$(free_port 18069)
log "Starting Odoo with one worker on 127.0.0.1:$PORT"
odoo_bin -c "$ODOO_CONF" -d "$DB" --http-port="$PORT" --workers=1 --max-cron-threads=0 \
    --db-filter="^${DB}\$" --log-level=warn --limit-time-real=600 >"$LOG_DIR/bench-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
"$ODOO_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/bench_license_verify.py" \
    --url "http://127.0.0.1:$PORT" --key "$KEY" --seconds "${SECONDS_PER_ROUTE:-10}" --clients "${CLIENTS:-4}"
