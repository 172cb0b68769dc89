#!/usr/bin/env bash
# Refresh i18n/crm_customer_archive.pot from an installed database and merge
# it into i18n/zh_CN.po, keeping every existing translation. New terms come
# with an empty msgstr: translate them (the test suite fails until you do).
#   DB=<database with the addon installed> (default crm_archive_test)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${DB:-crm_archive_test}"
prepare_all
I18N="$REPO_DIR/$ADDON/i18n"
odoo_bin -c "$ODOO_CONF" -d "$DB" -u "$ADDON" --stop-after-init --log-level=warn
odoo_bin i18n export -c "$ODOO_CONF" -d "$DB" "$ADDON" -o "$I18N/$ADDON.pot" 2>/dev/null
"$ODOO_PYTHON" - "$I18N/$ADDON.pot" "$I18N/zh_CN.po" <<'PY'
import sys

import polib

pot_path, po_path = sys.argv[1:3]
old = {entry.msgid: entry.msgstr for entry in polib.pofile(po_path) if entry.msgstr}
pot = polib.pofile(pot_path)
po = polib.POFile(wrapwidth=78)
po.header = pot.header
po.metadata = {**pot.metadata, "Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;"}
for entry in pot:
    entry.msgstr = old.get(entry.msgid, "")
    po.append(entry)
po.save(po_path)
untranslated = [entry.msgid for entry in po if not entry.msgstr]
print(f"{len(po)} terms, {len(untranslated)} untranslated")
for msgid in untranslated:
    print("  ", msgid)
PY
# OCA's layout of translation files (the pre-commit check oca-checks-po).
oca-checks-po --fix "$I18N/$ADDON.pot" "$I18N/zh_CN.po" >/dev/null || true
oca-checks-po "$I18N/$ADDON.pot" "$I18N/zh_CN.po"
