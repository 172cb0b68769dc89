#!/usr/bin/env bash
# Set-up + main job: prepare everything, then start Odoo on 127.0.0.1 with the
# addon and its demo data on a local database.
#   DB=<name> (default crm_archive_demo), PORT=<http port> (default 8069)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${DB:-crm_archive_demo}"
PORT="${PORT:-8069}"

prepare_all

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    log "Creating database $DB with $ADDON and its demo data (about two minutes)"
    odoo_bin -c "$ODOO_CONF" -d "$DB" -i "$ADDON" --with-demo --load-language=zh_CN \
        --stop-after-init --log-level=warn
else
    log "Updating $ADDON in database $DB"
    odoo_bin -c "$ODOO_CONF" -d "$DB" -u "$ADDON" --stop-after-init --log-level=warn
fi

cat <<MSG

  Customer Archive is starting at  http://127.0.0.1:$PORT/odoo/customer-archive
  Log in as  admin / admin          (all rights, sees personal data)
         or  zhangwei / zhangwei    (account manager, Chinese interface)
         or  wangqiang / wangqiang  (quality officer, Chinese interface)
  Stop with Ctrl-C.

MSG
exec "$ODOO_PYTHON" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --log-level=info
