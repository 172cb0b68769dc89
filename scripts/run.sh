#!/usr/bin/env bash
# Set-up + main job: prepare everything, then start Odoo on 127.0.0.1 with the
# addon and its demo data on a local database.
#   DB=<name> (default crm_archive_demo), PORT=<http port> (default 8069)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${DB:-crm_archive_demo}"
PORT="${PORT:-8069}"

prepare_all

# Odoo's log, reduced to one progress line per module loaded; WARNING and
# ERROR lines are shown in full. Odoo's own 'mail' module description makes
# docutils print two "(ERROR/3)" lines on stderr: harmless, not ours, hidden.
progress() {
    grep --line-buffered -vE '^<string>:[0-9]+: \((ERROR|WARNING)/[0-9]\)|^Running as user' |
        sed -un -E 's/.* (WARNING|ERROR|CRITICAL) (.*)/  \1 \2/p; s/.*odoo\.modules\.loading: Loading module ([a-z0-9_]+) \(([0-9]+)\/([0-9]+)\).*/  module \2\/\3: \1/p'
}

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    log "Creating database $DB with $ADDON, Odoo's sales, stock and accounting apps and the demo data."
    log "This takes a few minutes on a small machine; each module loaded is shown."
    odoo_bin -c "$ODOO_CONF" -d "$DB" -i "$ADDON" --with-demo --load-language=zh_CN \
        --stop-after-init --log-level=info 2>&1 | progress
    [ "${PIPESTATUS[0]}" -eq 0 ] || die "creating the demo database failed (see the lines above)"
else
    log "Updating $ADDON in database $DB"
    odoo_bin -c "$ODOO_CONF" -d "$DB" -u "$ADDON" --stop-after-init --log-level=info 2>&1 | progress
    [ "${PIPESTATUS[0]}" -eq 0 ] || die "updating $DB failed (see the lines above)"
fi

# PDFs load their letterhead and styles from web.base.url: the port this
# demo really runs on (Odoo's default is 8069).
psql -d "$DB" -qc "UPDATE ir_config_parameter SET value = 'http://127.0.0.1:$PORT' WHERE key = 'web.base.url'" ||
    die "setting web.base.url of $DB failed"

cat <<MSG

  Customer Archive is starting at  http://127.0.0.1:$PORT/odoo/customer-archive
  Demo company: 华东精密冷轧钢板有限公司 (CNY, Chinese interface) holds the demo:
  12 customers, a signed contract with its confirmed order, a partly delivered
  order of tested coils with its quality certificate, invoice and payment,
  complaints at every 8D stage with photos, process plans, software licences;
  客户经营: a customer pool of 3 prospects, follow-ups, competitors, a prospect
  about to return to the pool, a dormant customer turned lost (美澜电器) and a
  draft order of the blocked 恒泰五金 that cannot be confirmed.
  Log in as (password = login)
     admin      administrator, all rights (also sees Odoo's own demo company)
     chenjing   陈静  archive manager: approvals, releases, licences, statistics, personal data
     zhangwei   张伟  account manager: 华北汽车 and its contract, order, delivery, invoice;
                      the customer pool, his follow-ups, 宁波东方 returning to the pool
     lina       李娜  account manager: 海川家电, 东岭新能源 and other customers
     wangqiang  王强  quality engineer: complaints (8D), coils, test results, certificates;
                      Export and Print: 8D reports, technical sheets, process cards
     liuyang    刘洋  grading clerk (Inventory → 质量判定): coil defects, regrades, interceptions
  Customers' portal (http://127.0.0.1:$PORT/my):
     zhaoming   赵明  华北汽车制造有限公司: contract, certificate, complaints, licence
     sunhao     孙浩  江南轿车股份有限公司: complaint to rate, trial licence
  The first page after a login takes a while: Odoo builds its web assets once.
  Stop with Ctrl-C.

MSG
# Odoo runs every due cron at its first start; with two cron threads in
# parallel, Odoo's own procurement scheduler failed there with "could not
# serialize access" (an ERROR in the log): one cron thread is plenty for a demo.
exec "$ODOO_PYTHON" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --max-cron-threads=1 --log-level=info
