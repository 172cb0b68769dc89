#!/usr/bin/env bash
# The performance suite (bench/README.md): one script per goal, each timing
# the addon against its baseline in the same run and printing the ratio.
#   bash bench/run.sh           full: on DB (default bench_1m, grown by
#                               bench/generate.py to 1 M complaints first)
#   bash bench/run.sh --short   CI: a throw-away copy of DB (default
#                               crm_archive_test, the test database) grown to
#                               two small sizes; the query counts must not
#                               grow with the size (no timing goals)
#   CONF=<odoo.conf> (default the project's), ROUNDS (interleaved runs, default 7),
#   BASE_DB (full mode: the installed database without data the XLSX and
#   licence benches copy or fill, default crm_archive_bench, created if
#   missing), SKIP="<script> ..." (scripts not to run)
# Each script is a separate step: a missing one is reported, a failing one
# makes the exit status non-zero, the others still run. Each step runs in its
# own process group, stopped on exit (trap) with every server it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
BENCH_DIR="$REPO_DIR/bench"
SHORT=""
[ "${1:-}" = "--short" ] && SHORT=1

if [ -n "${CONF:-}" ]; then
    ensure_database_server
    ensure_wkhtmltopdf_patched
else
    prepare_all
    CONF="$ODOO_CONF"
fi
LOG_DIR="$LOCAL_DIR/logs"
mkdir -p "$LOG_DIR"

# Process groups of the steps (each runs in its own, with any server it
# starts), and the throw-away databases: stopped and dropped on exit.
STEP_GROUPS=()
DROP_DBS=()
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}
cleanup() {
    local own pid group groups=() db
    set +e  # clean up as much as possible, whatever fails
    own="$(ps -o pgid= -p $$ | tr -d ' ')"
    # A step may have put a server in a process group of its own: stop the
    # groups of everything below the steps too, never run.sh's own group.
    for pid in "${STEP_GROUPS[@]}"; do
        for pid in "$pid" $(descendants "$pid"); do
            group="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')"
            if [ -n "$group" ] && [ "$group" != "$own" ]; then groups+=("$group"); fi
        done
    done
    for group in $(printf '%s\n' "${groups[@]}" | sort -u); do
        kill -TERM -- "-$group" 2>/dev/null || true
    done
    for group in $(printf '%s\n' "${groups[@]}" | sort -u); do
        for _ in $(seq 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$group" 2>/dev/null || true
    done
    for db in "${DROP_DBS[@]}"; do dropdb --if-exists "$db" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=()
# step <script> <args...>: runs bench/<script>; a missing script is reported, not fatal.
step() {
    local script="$1"
    shift
    if [ ! -f "$BENCH_DIR/$script" ]; then
        log "SKIPPED: bench/$script is missing"
        return 0
    fi
    if [[ " ${SKIP:-} " == *" $script "* ]]; then
        log "SKIPPED: bench/$script (SKIP)"
        return 0
    fi
    log "bench/$script"
    # setsid: the step leads its own process group; whatever it leaves
    # running (an Odoo master and its workers) is stopped with the group.
    setsid "$ODOO_PYTHON" "$BENCH_DIR/$script" "$@" &
    local pid=$!
    STEP_GROUPS+=("$pid")
    wait "$pid" || FAILED+=("$script")
    kill -TERM -- "-$pid" 2>/dev/null || true  # anything the step left running in its group
}

if [ -n "$SHORT" ]; then
    SOURCE_DB="${DB:-crm_archive_test}"
    DB="${SOURCE_DB}_bench"
    DROP_DBS+=("$DB")
    dropdb --if-exists "$DB"
    createdb -T "$SOURCE_DB" "$DB"
    counts_small="$LOG_DIR/bench-counts-small.json" counts_large="$LOG_DIR/bench-counts-large.json"
    rm -f "$counts_small" "$counts_large"
    for size in small large; do
        if [ "$size" = small ]; then
            sizes=(--complaints 1000 --customers 100 --contracts 100 --big-customer 300 --big-part 60)
            counts="$counts_small"
        else
            sizes=(--complaints 4000 --customers 200 --contracts 200 --big-customer 1500 --big-part 400)
            counts="$counts_large"
        fi
        log "Short bench database $DB: ${sizes[*]}"
        "$ODOO_PYTHON" "$BENCH_DIR/generate.py" -c "$CONF" -d "$DB" "${sizes[@]}" >"$LOG_DIR/bench-generate.log"
        for script in lists.py kpis.py technical_sheet.py sensitivity.py; do
            step "$script" -c "$CONF" -d "$DB" --short --counts "$counts"
        done
    done
    "$ODOO_PYTHON" - "$counts_small" "$counts_large" <<'PY' || FAILED+=("query counts grow with the size")
import json, sys
small, large = (json.load(open(path)) for path in sys.argv[1:])
grown = {name: (small.get(name), count) for name, count in large.items() if small.get(name) != count}
for name, count in sorted(large.items()):
    print(f"  {name:<60} {small.get(name)} -> {count} queries")
sys.exit(f"query counts grow with the size: {grown}" if grown else 0)
PY
else
    DB="${DB:-bench_1m}"
    psql -d postgres -lqt | cut -d'|' -f1 | grep -qw "$DB" \
        || die "no database $DB: create it and run bench/generate.py (bench/README.md)"
    # The XLSX and licence benches bring their own data: an installed database without any.
    BASE_DB="${BASE_DB:-crm_archive_bench}"
    if ! psql -d postgres -lqt | cut -d'|' -f1 | grep -qw "$BASE_DB"; then
        log "Creating $BASE_DB with $ADDON (for the XLSX and licence benches)"
        odoo_bin -c "$CONF" -d "$BASE_DB" -i "$ADDON" --stop-after-init --log-level=warn
    fi
    bench_args=(-c "$CONF" -d "$DB" --rounds "${ROUNDS:-7}" --server-log "$LOG_DIR/bench-server.log")
    step lists.py "${bench_args[@]}"
    step kpis.py "${bench_args[@]}"
    step xlsx_export.py -c "$CONF" -d "$BASE_DB"
    step technical_sheet.py "${bench_args[@]}"
    step sensitivity.py "${bench_args[@]}"
    step bench_license_verify.py -c "$CONF" -d "$BASE_DB"
    # The nightly customer value run: 10 000 customers, 100 000 orders and invoices in a copy of BASE_DB.
    DROP_DBS+=("${BASE_DB}_value")
    step customer_value.py -c "$CONF" -d "$BASE_DB" --rounds "${ROUNDS:-7}" --server-log "$LOG_DIR/bench-server.log"
fi

if [ ${#FAILED[@]} -gt 0 ]; then
    die "failed: ${FAILED[*]}"
fi
log "Performance suite: every goal met"
