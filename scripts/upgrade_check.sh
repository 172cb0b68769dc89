#!/usr/bin/env bash
# Upgrade check: the previous release of the addon (a git tag) is installed
# with demo data, then upgraded to this checkout with -u.  Fails when a table
# of the addon has fewer rows afterwards or the upgrade log holds a WARNING or
# ERROR.  Prints the row counts per table.
#   FROM=<commit or tag> (default: the newest release of scripts/releases.txt
#                         that is an ancestor of HEAD)
#   DB=<name>      (default crm_archive_upgrade)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${DB:-crm_archive_upgrade}"
LOG_DIR="$LOCAL_DIR/logs"

# The newest recorded release this checkout descends from.  Read from a file
# in the repository, not from tags: a fresh clone may come without them.
previous_release() {
    local version commit found=""
    while read -r version commit; do
        case "$version" in ''|'#'*) continue ;; esac
        if git -C "$REPO_DIR" merge-base --is-ancestor "$commit" HEAD 2>/dev/null; then
            found="$version $commit"
        fi
    done <"$REPO_DIR/scripts/releases.txt"
    echo "$found"
}

if [ -z "${FROM:-}" ]; then
    release="$(previous_release)"
    [ -n "$release" ] || die "no release of scripts/releases.txt is an ancestor of HEAD (a shallow clone? git fetch --unshallow)"
    FROM="${release%% *}"
    FROM_COMMIT="${release##* }"
else
    FROM_COMMIT="$FROM"
fi

prepare_all
mkdir -p "$LOG_DIR"

# The released addon, as its tag holds it, in an addons path of its own.
old_addons="$LOCAL_DIR/upgrade_from/$FROM"
rm -rf "$old_addons" && mkdir -p "$old_addons"
git -C "$REPO_DIR" archive "$FROM_COMMIT" "$ADDON" | tar -x -C "$old_addons"

# Rows of every table of the addon's own models (abstract models have none).
row_counts() {
    psql -d "$DB" -qtA -F ' ' <<'SQL'
CREATE OR REPLACE FUNCTION pg_temp.row_count(tab text) RETURNS bigint AS $$
DECLARE n bigint; BEGIN EXECUTE format('SELECT count(*) FROM %I', tab) INTO n; RETURN n; END $$ LANGUAGE plpgsql;
SELECT replace(m.model, '.', '_') AS tab, pg_temp.row_count(replace(m.model, '.', '_'))
  FROM ir_model m
  JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id AND d.module = 'crm_customer_archive'
 WHERE to_regclass(replace(m.model, '.', '_')) IS NOT NULL
 ORDER BY 1;
SQL
}

log "Installing $ADDON $FROM with demo data on a fresh database $DB"
dropdb --if-exists "$DB"
rm -f "$LOG_DIR/upgrade_install.log"
# As scripts/run.sh makes the demo: with Chinese, the language of its users.
odoo_bin -c "$ODOO_CONF" --addons-path="$old_addons" -d "$DB" -i "$ADDON" --with-demo --load-language=zh_CN \
    --stop-after-init --log-level=warn --logfile="$LOG_DIR/upgrade_install.log" \
    || { tail -n 50 "$LOG_DIR/upgrade_install.log"; die "installing $FROM failed"; }
# A demo that failed to install leaves nothing to upgrade: Odoo only warns.
if grep -E "WARNING|ERROR" "$LOG_DIR/upgrade_install.log"; then
    die "installing $FROM with its demo data logged the WARNING/ERROR lines above"
fi
before="$(row_counts)"

log "Upgrading $DB to this checkout (-u $ADDON)"
upgrade_log="$LOG_DIR/upgrade.log"
rm -f "$upgrade_log"  # Odoo appends to --logfile: only this run counts
odoo_bin -c "$ODOO_CONF" -d "$DB" -u "$ADDON" --stop-after-init --log-level=info --logfile="$upgrade_log" \
    || { tail -n 50 "$upgrade_log"; die "upgrading from $FROM failed"; }
after="$(row_counts)"

lost=0
printf '%-45s %8s %8s\n' "table" "$FROM" "upgraded"
while read -r table count_before; do
    count_after="$(awk -v t="$table" '$1 == t {print $2}' <<<"$after")"
    printf '%-45s %8s %8s\n' "$table" "$count_before" "${count_after:-gone}"
    if [ -z "$count_after" ] || [ "$count_after" -lt "$count_before" ]; then
        lost=1
    fi
done <<<"$before"
[ "$lost" -eq 0 ] || die "the upgrade lost rows (see the table above)"
if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$upgrade_log"; then
    die "the upgrade log ($upgrade_log) has the WARNING/ERROR lines above"
fi
log "Upgrade from $FROM clean: no row lost, 0 WARNING, 0 ERROR"
dropdb --if-exists "$DB"
