"""What scripts/backup.sh and scripts/restore.sh need from Odoo's configuration
and database (README, Backup and restore). The keys only pass through pipes:
they are written nowhere in clear.

  backup_tool.py env -c CONF -d DB            shell lines: PG* variables and FILESTORE
  backup_tool.py keys-export -c CONF -d DB    JSON of the licence signing key and the ID keys
  backup_tool.py keys-check -c CONF [-k FILE] (JSON on stdin) the ID keys the restored database needs
  backup_tool.py keys-restore -c CONF -d DB   (JSON on stdin) the signing key into the restored database
"""

import argparse
import importlib.util
import json
import os
import shlex
import sys
from pathlib import Path

import psycopg2

from odoo.tools import config

ADDON_DIR = Path(__file__).resolve().parents[1] / "crm_customer_archive"
SIGNING_KEY_PARAM = "crm_customer_archive.license_signing_key"


def id_crypto():
    """The addon's key reader (tools/id_crypto.py) without loading the addon."""
    spec = importlib.util.spec_from_file_location("id_crypto", ADDON_DIR / "tools" / "id_crypto.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def configured_id_keys():
    crypto = id_crypto()
    try:
        return list(crypto.configured_keys(config))
    except crypto.IdKeyMissingError:
        return []


def connect(db):
    params = {"dbname": db, "host": config["db_host"], "port": config["db_port"], "user": config["db_user"]}
    if config["db_password"]:
        params["password"] = config["db_password"]
    return psycopg2.connect(**{key: value for key, value in params.items() if value})


def fail(message):
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def cmd_env(args):
    names = {"PGHOST": "db_host", "PGPORT": "db_port", "PGUSER": "db_user", "PGPASSWORD": "db_password"}
    for variable, option in names.items():
        if config[option]:
            print(f"export {variable}={shlex.quote(str(config[option]))}")
    print(f"FILESTORE={shlex.quote(config.filestore(args.database))}")
    print(f"DATA_DIR={shlex.quote(config['data_dir'])}")


def cmd_keys_export(args):
    with connect(args.database) as connection, connection.cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [SIGNING_KEY_PARAM])
        row = cr.fetchone()
    json.dump({"license_signing_key": row and row[0], "id_keys": configured_id_keys()}, sys.stdout)


def read_keys():
    try:
        keys = json.load(sys.stdin)
    except ValueError:
        fail("the keys of the backup cannot be read: wrong passphrase?")
    if not isinstance(keys, dict) or "id_keys" not in keys:
        fail("the keys of the backup cannot be read: wrong passphrase?")
    return keys


def cmd_keys_check(args):
    """Before anything is restored: the configuration must decrypt the
    backup's ID numbers, or the keys go to the file given with -k."""
    keys = read_keys()
    missing = [key for key in keys["id_keys"] if key not in configured_id_keys()]
    if not missing:
        return
    if not args.key_file:
        fail(
            "the restored ID numbers need keys this configuration does not have: give -k FILE to write them "
            "there, then add them (comma-separated, after the current key) to id_key in the [crm_customer_archive] "
            "section of the configuration"
        )
    if os.path.exists(args.key_file):
        fail(f"{args.key_file} exists: the keys are not written over a file")
    with open(os.open(args.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as key_file:
        key_file.write(",".join(keys["id_keys"]) + "\n")
    print(f"The ID keys of the backup are in {args.key_file}: add them to the configuration.", file=sys.stderr)


def cmd_keys_restore(args):
    keys = read_keys()
    pem = keys.get("license_signing_key")
    with connect(args.database) as connection, connection.cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [SIGNING_KEY_PARAM])
        row = cr.fetchone()
        if pem and not row:
            cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)", [SIGNING_KEY_PARAM, pem])
        elif pem and row[0] != pem:
            fail("the restored database's licence signing key is not the one of the backup")
        # The daily backup (auto_backup) of the new database goes to its own folder.
        cr.execute(
            "UPDATE db_backup SET folder = %s, name = %s || ' @ localhost' WHERE method = 'local' AND folder = %s",
            [
                os.path.join(config["data_dir"], "backups", args.database),
                os.path.join(config["data_dir"], "backups", args.database),
                os.path.join(config["data_dir"], "backups", args.source),
            ],
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["env", "keys-export", "keys-check", "keys-restore"])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database")
    parser.add_argument("-k", "--key-file")
    parser.add_argument("--source", help="keys-restore: the name of the database that was backed up")
    args = parser.parse_args()
    config.parse_config(["-c", args.config])
    if args.command != "keys-check" and not args.database:
        parser.error("-d DATABASE is required")
    {"env": cmd_env, "keys-export": cmd_keys_export, "keys-check": cmd_keys_check, "keys-restore": cmd_keys_restore}[
        args.command
    ](args)


if __name__ == "__main__":
    main()
