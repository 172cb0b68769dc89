#!/usr/bin/env bash
# An encrypted backup of one database (README, Backup and restore): its
# pg_dump (custom format), its filestore and its keys (the licence signing key
# and the keys of the encrypted ID numbers), each encrypted with a passphrase
# (openssl enc -aes-256-cbc -pbkdf2), into a new folder <DIR>/<db>-<UTC time>/.
#   scripts/backup.sh -c <odoo.conf> -d <database> [-o <dir>]   (dir: ./backups)
# The passphrase comes from BACKUP_PASSPHRASE or from the file named by
# BACKUP_PASSPHRASE_FILE; it is never on a command line. Keep it apart from
# the backups: without it they cannot be restored.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${ODOO_PYTHON:-python3}"
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n 2,9p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

conf="" db="" out="./backups"
while getopts "c:d:o:h" opt; do
    case "$opt" in
        c) conf="$OPTARG" ;; d) db="$OPTARG" ;; o) out="$OPTARG" ;; *) usage ;;
    esac
done
[ -n "$conf" ] && [ -n "$db" ] || usage
[ -r "$conf" ] || die "cannot read the configuration $conf"

if [ -n "${BACKUP_PASSPHRASE:-}" ]; then
    pass=(-pass env:BACKUP_PASSPHRASE)
elif [ -n "${BACKUP_PASSPHRASE_FILE:-}" ] && [ -s "$BACKUP_PASSPHRASE_FILE" ]; then
    pass=(-pass "file:$BACKUP_PASSPHRASE_FILE")
else
    die "no passphrase: set BACKUP_PASSPHRASE, or BACKUP_PASSPHRASE_FILE to a file holding it"
fi
encrypt() { openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt "${pass[@]}"; }

eval "$("$PYTHON" "$HERE/backup_tool.py" env -c "$conf" -d "$db")"
psql -d "$db" -tAc "SELECT 1" >/dev/null 2>&1 || die "database $db does not exist or cannot be reached"

target="$out/$db-$(date -u +%Y%m%dT%H%M%SZ)"
[ -e "$target" ] && die "$target exists"
mkdir -p "$out" && mkdir -m 700 "$target"
trap 'rm -rf "$target"; die "the backup failed: nothing kept"' ERR

pg_dump -Fc --no-owner --no-privileges -d "$db" | encrypt >"$target/database.dump.enc"
if [ -d "$FILESTORE" ]; then
    tar -C "$FILESTORE" -czf - . | encrypt >"$target/filestore.tar.gz.enc"
else  # a database without attachments on disk
    tar -czf - -T /dev/null | encrypt >"$target/filestore.tar.gz.enc"
fi
"$PYTHON" "$HERE/backup_tool.py" keys-export -c "$conf" -d "$db" | encrypt >"$target/keys.json.enc"
printf '{"database": "%s", "created": "%s", "format": 1}\n' "$db" "$(date -u +%FT%TZ)" >"$target/backup.json"
(cd "$target" && sha256sum backup.json ./*.enc >SHA256SUMS)
trap - ERR
echo "$target"
