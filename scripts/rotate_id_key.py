#!/usr/bin/env python3
"""Rotate the key of the encrypted resident ID numbers (README, Identity numbers).

1. Print a new key:              python3 scripts/rotate_id_key.py --new-key
2. Put it first in the configuration, the old one after it (both decrypt):
       [crm_customer_archive]
       id_key = <new key>,<old key>
3. Re-encrypt and re-hash every number with the new key (the server may run):
       python3 scripts/rotate_id_key.py -c odoo.conf -d <database>
4. Remove the old key from id_key and restart the server.
"""

import argparse


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", help="Odoo configuration file (holds the keys)")
    parser.add_argument("-d", "--database", help="database whose ID numbers are re-encrypted")
    parser.add_argument("--new-key", action="store_true", help="print a new key and exit")
    args = parser.parse_args()
    if args.new_key:
        from cryptography.fernet import Fernet

        print(Fernet.generate_key().decode())
        return
    if not (args.config and args.database):
        parser.error("-c and -d are required to rotate the key")

    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    with Registry(args.database).cursor() as cr:
        count = api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._rotate_id_number_key()
    print(f"{count} resident ID numbers re-encrypted and re-hashed with the current key.")


if __name__ == "__main__":
    main()
