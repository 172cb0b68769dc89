#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into a NEW database and its
# filestore (README, Backup and restore); an existing database or filestore
# is never written over. Everything is checked first (checksums, passphrase,
# the keys of the encrypted ID numbers): a refusal leaves nothing behind.
#   scripts/restore.sh -c <odoo.conf> -d <new database> [-k <key file>] <backup folder>
# The passphrase: BACKUP_PASSPHRASE or the file named by BACKUP_PASSPHRASE_FILE.
# The configuration must hold the backup's ID keys ([crm_customer_archive]
# id_key); otherwise -k writes them to a new file (mode 600) to add there.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${ODOO_PYTHON:-python3}"
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n 2,10p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

conf="" db="" key_file=""
while getopts "c:d:k:h" opt; do
    case "$opt" in
        c) conf="$OPTARG" ;; d) db="$OPTARG" ;; k) key_file="$OPTARG" ;; *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$conf" ] && [ -n "$db" ] && [ $# -eq 1 ] || usage
backup="$1"
[ -r "$conf" ] || die "cannot read the configuration $conf"
[[ "$db" =~ ^[A-Za-z0-9_.-]+$ ]] || die "invalid database name: $db"

if [ -n "${BACKUP_PASSPHRASE:-}" ]; then
    pass=(-pass env:BACKUP_PASSPHRASE)
elif [ -n "${BACKUP_PASSPHRASE_FILE:-}" ] && [ -s "$BACKUP_PASSPHRASE_FILE" ]; then
    pass=(-pass "file:$BACKUP_PASSPHRASE_FILE")
else
    die "no passphrase: set BACKUP_PASSPHRASE, or BACKUP_PASSPHRASE_FILE to a file holding it"
fi
decrypt() { openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 "${pass[@]}"; }

for file in SHA256SUMS backup.json database.dump.enc filestore.tar.gz.enc keys.json.enc; do
    [ -f "$backup/$file" ] || die "$backup is not a backup of scripts/backup.sh: $file is missing"
done
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || die "$backup is damaged: its checksums do not match"
source_db="$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["database"])' "$backup/backup.json")"

eval "$("$PYTHON" "$HERE/backup_tool.py" env -c "$conf" -d "$db")"
[ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ] \
    || die "database $db exists: a backup is restored into a new database only"
[ ! -e "$FILESTORE" ] || die "the filestore $FILESTORE exists: a backup is restored into a new one only"

keys="$(decrypt <"$backup/keys.json.enc" 2>/dev/null | tr -d "\\0")" || die "the keys cannot be decrypted: wrong passphrase?"
key_args=(-c "$conf")
[ -n "$key_file" ] && key_args+=(-k "$key_file")
printf '%s' "$keys" | "$PYTHON" "$HERE/backup_tool.py" keys-check "${key_args[@]}"

cleanup() { dropdb --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$FILESTORE"; }
trap 'cleanup; die "the restore failed: database $db and its filestore removed"' ERR
createdb "$db"
decrypt <"$backup/database.dump.enc" | pg_restore --no-owner --no-privileges --exit-on-error -d "$db"
mkdir -p "$FILESTORE"
decrypt <"$backup/filestore.tar.gz.enc" | tar -xzf - -C "$FILESTORE"
printf '%s' "$keys" | "$PYTHON" "$HERE/backup_tool.py" keys-restore -c "$conf" -d "$db" --source "$source_db"
trap - ERR
echo "Restored $source_db ($backup) into database $db and $FILESTORE"
