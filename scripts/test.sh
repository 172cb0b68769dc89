#!/usr/bin/env bash
# The test command: lint (pre-commit) and build the wheel without a database,
# prepare everything, install the addon on a fresh database (its log must
# hold no WARNING or ERROR), run every test with pytest-odoo and a real HTTP
# server (tours run in Chromium), the licence API and the access-frequency
# counting under concurrency, the
# performance suite's short mode, a background export through queue_job's job
# runner, the demo data on a fresh database and the upgrade from the previous
# release.
#   DB=<name> (default crm_archive_test); extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${DB:-crm_archive_test}"
LOG_DIR="$LOCAL_DIR/logs"

# Checks that need no database come first.
ensure_odoo
ensure_python_packages
mkdir -p "$LOG_DIR"
log "Lint: pre-commit (ruff, pylint-odoo, OCA's module and translation checks)"
(cd "$REPO_DIR" && "$ODOO_PYTHON" -m pre_commit run --all-files --show-diff-on-failure) \
    || die "pre-commit found the problems above (pre-commit run --all-files)"
"$ODOO_PYTHON" "$REPO_DIR/scripts/build_readme.py" --check || die "the addon's README is out of date"
log "Packaging: the addon's wheel (whool)"
rm -rf "$LOCAL_DIR/dist"
"$ODOO_PYTHON" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
    -w "$LOCAL_DIR/dist" "$REPO_DIR/$ADDON" || die "the addon's wheel does not build"
log "Built $(basename "$(ls "$LOCAL_DIR"/dist/*.whl)")"

prepare_all

log "Installing $ADDON on a fresh database $DB"
dropdb --if-exists "$DB"
install_log="$LOG_DIR/install.log"
rm -f "$install_log"  # Odoo appends to --logfile: only this run counts
odoo_bin -c "$ODOO_CONF" -d "$DB" -i "$ADDON" --stop-after-init --log-level=info \
    --logfile="$install_log" || { tail -n 50 "$install_log"; die "installing $ADDON failed"; }
if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$install_log"; then
    die "the install log ($install_log) has the WARNING/ERROR lines above"
fi
grep -q "Modules loaded" "$install_log" || die "the install log does not show the modules loaded"
log "Install log clean: 0 WARNING, 0 ERROR ($(grep -c . "$install_log") lines)"

# Odoo's own runner (--test-enable, OCA CI) runs only the modules tests/__init__.py imports.
for test_file in "$REPO_DIR/$ADDON"/tests/test_*.py; do
    module="$(basename "$test_file" .py)"
    grep -qx "from . import $module" "$REPO_DIR/$ADDON/tests/__init__.py" \
        || die "$ADDON/tests/__init__.py does not import $module"
done

# The demo, its backup and restore, and the upgrade from the previous release
# use databases of their own: they run beside the tests (the tests wait on
# Chromium and the network more than on the processor), their output kept in
# one log shown at the end.
demo_backup_upgrade_checks() {
    log "Demo: $ADDON with its demo data on a fresh database, as scripts/run.sh makes it"
    demo_db="${DB}_demo"
    demo_log="$LOG_DIR/demo_install.log"
    dropdb --if-exists "$demo_db"
    rm -f "$demo_log"
    odoo_bin -c "$ODOO_CONF" -d "$demo_db" -i "$ADDON" --with-demo --stop-after-init --log-level=warn \
        --logfile="$demo_log" || { tail -n 50 "$demo_log"; die "installing the demo failed"; }
    # Odoo only warns when a module's demo data fails, and installs it without.
    if grep -E "WARNING|ERROR" "$demo_log"; then
        die "the demo install log ($demo_log) has the WARNING/ERROR lines above"
    fi

    log "Backup and restore: $demo_db backed up (scripts/backup.sh), restored into a new database, checked"
    restored_db="${DB}_restored"
    backup_dir="$(mktemp -d)"
    export BACKUP_PASSPHRASE="$(openssl rand -hex 32)"
    dropdb --if-exists "$restored_db"
    rm -rf "$LOCAL_DIR/data/filestore/$restored_db"
    "$ODOO_PYTHON" "$REPO_DIR/scripts/check_restore.py" -c "$ODOO_CONF" --prepare "$demo_db" \
        || die "no licence file could be issued on $demo_db"
    backup="$(bash "$REPO_DIR/scripts/backup.sh" -c "$ODOO_CONF" -d "$demo_db" -o "$backup_dir")" || die "the backup failed"
    # A wrong passphrase and an existing database are refused, with nothing written.
    if BACKUP_PASSPHRASE=wrong bash "$REPO_DIR/scripts/restore.sh" -c "$ODOO_CONF" -d "$restored_db" "$backup" 2>/dev/null \
        || [ -n "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$restored_db'")" ]; then
        die "a restore with a wrong passphrase was not refused cleanly"
    fi
    if bash "$REPO_DIR/scripts/restore.sh" -c "$ODOO_CONF" -d "$demo_db" "$backup" 2>/dev/null; then
        die "a restore over an existing database was not refused"
    fi
    bash "$REPO_DIR/scripts/restore.sh" -c "$ODOO_CONF" -d "$restored_db" "$backup" || die "the restore failed"
    "$ODOO_PYTHON" "$REPO_DIR/scripts/check_restore.py" -c "$ODOO_CONF" --source "$demo_db" --restored "$restored_db" \
        || die "the restored copy differs from the backed-up database (see above)"
    unset BACKUP_PASSPHRASE
    dropdb --if-exists "$restored_db"
    rm -rf "$backup_dir" "$LOCAL_DIR/data/filestore/$restored_db"
    dropdb --if-exists "$demo_db"

    log "Upgrade from the previous release (scripts/releases.txt, installed with demo data) to this checkout"
    bash "$REPO_DIR/scripts/upgrade_check.sh" || die "the upgrade check failed (see above)"
}

log "Demo install, backup and restore, upgrade check: started beside the tests ($LOG_DIR/demo_checks.log)"
demo_checks_log="$LOG_DIR/demo_checks.log"
demo_backup_upgrade_checks > "$demo_checks_log" 2>&1 &
demo_checks_pid=$!
trap 'kill "$demo_checks_pid" 2>/dev/null || true' EXIT

log "Running the tests (pytest-odoo, HTTP server on 127.0.0.1, tours in Chromium)"
command -v chromium >/dev/null || die "Chromium is missing: tours cannot run (and must not be skipped)."
cd "$REPO_DIR"
test_log="$LOG_DIR/pytest.log"
export ACCESS_MATRIX_REPORT="$LOG_DIR/access_matrix.txt"
rm -f "$ACCESS_MATRIX_REPORT"
set +e
"$ODOO_PYTHON" -m pytest -p no:cacheprovider -rs --odoo-config="$ODOO_CONF" --odoo-database="$DB" \
    --odoo-http --odoo-log-level=warn --durations=25 "$REPO_DIR/$ADDON/tests" "$@" 2>&1 | tee "$test_log"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || exit "$status"
if grep -qE "^=+ .*[0-9]+ skipped" "$test_log"; then
    die "tests were skipped (see the summary above): a skipped test is a failure here"
fi
if [ -s "$ACCESS_MATRIX_REPORT" ]; then
    log "$(cat "$ACCESS_MATRIX_REPORT")"
elif [ $# -eq 0 ]; then
    die "the access matrix did not run"
fi

log "Licence API under concurrency: a copy of $DB served by 2 workers, over HTTP"
"$ODOO_PYTHON" "$REPO_DIR/bench/license_concurrency.py" -c "$ODOO_CONF" -d "$DB" \
    || die "the licence API failed under concurrency (see above)"

log "Access-frequency counting: a copy of $DB served by 4 workers, over HTTP (exact totals, one freeze, overhead)"
"$ODOO_PYTHON" "$REPO_DIR/bench/access_counting.py" -c "$ODOO_CONF" -d "$DB" --short \
    || die "the access-frequency counting failed under concurrency (see above)"

log "Performance suite, short: query counts of a copy of $DB at two small sizes"
CONF="$ODOO_CONF" DB="$DB" bash "$REPO_DIR/bench/run.sh" --short \
    || die "the performance suite found a regression in query counts (see above)"

log "Large Excel export through the real job runner: a copy of $DB served with queue_job loaded, over HTTP"
"$ODOO_PYTHON" "$REPO_DIR/bench/export_queue.py" -c "$ODOO_CONF" -d "$DB" \
    || die "the background Excel export failed (see above)"


log "Waiting for the demo, backup and upgrade checks started beside the tests"
if ! wait "$demo_checks_pid"; then
    cat "$demo_checks_log"
    die "the demo, backup/restore or upgrade check failed (above)"
fi
trap - EXIT
cat "$demo_checks_log"
