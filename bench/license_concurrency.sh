#!/usr/bin/env bash
# Licence API concurrency proof on a multi-worker Odoo, over real HTTP (see
# bench/license_concurrency.py; scripts/test.sh runs it after the tests).
#   DB=<database with the addon> (default crm_archive_test, the test database),
#   CONF=<odoo.conf> (default the project's); extra arguments go to the script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
prepare_all
"$ODOO_PYTHON" "$REPO_DIR/bench/license_concurrency.py" -c "${CONF:-$ODOO_CONF}" -d "${DB:-crm_archive_test}" "$@"
