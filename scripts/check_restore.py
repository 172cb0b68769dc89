"""Checks a database restored by scripts/restore.sh against the one that was
backed up (the CI round trip in scripts/test.sh, README Backup and restore):
the same row counts in the customer archive's tables, every attachment file
of the filestore present, a quality certificate that renders as a PDF and a
licence file that verifies with the original database's public key, the
same identity numbers decrypted.

  python3 scripts/check_restore.py -c <odoo.conf> --source <db> --restored <db>
  python3 scripts/check_restore.py -c <odoo.conf> --prepare <db>
      issues a licence file on <db> as the licence desk does (its signing key
      is made with the first one): run it before the backup of a fresh demo.
"""

import argparse
import subprocess
import sys

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL

ADDON = "crm_customer_archive"


def archive_tables(env):
    """The tables of the addon's models (and the contacts they extend)."""
    models = env["ir.model.data"].search([("module", "=", ADDON), ("model", "=", "ir.model")])
    names = env["ir.model"].browse(models.mapped("res_id")).mapped("model")
    tables = {env[name]._table for name in names if name in env and not env[name]._abstract and env[name]._auto}
    return sorted(tables | {"res_partner", "ir_attachment"})


def counts(env, tables):
    result = {}
    for table in tables:
        env.cr.execute(SQL("SELECT COUNT(*) FROM %s", SQL.identifier(table)))
        result[table] = env.cr.fetchone()[0]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--source")
    parser.add_argument("--restored")
    parser.add_argument("--prepare")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    if args.prepare:
        with Registry(args.prepare).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            license_ = env["customer.license"].search([("state", "=", "active")], limit=1)
            license_._license_file()
        return
    if not (args.source and args.restored):
        parser.error("--source and --restored are required")
    failures = []

    with Registry(args.source).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        tables = archive_tables(env)
        expected = counts(env, tables)
        # Read, never made here: a key made now would not be in the backup.
        has_key = env["ir.config_parameter"].get_param(f"{ADDON}.license_signing_key")
        public_key = has_key and env["customer.license"]._public_key_pem()
        id_numbers = dict(
            env["res.partner"]
            .with_context(active_test=False)
            .search([("private_id_number_hash", "!=", False)])
            .mapped(lambda partner: (partner.id, partner.private_id_number))
        )

    with Registry(args.restored).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        restored = counts(env, tables)
        for table in tables:
            if restored[table] != expected[table]:
                failures.append(f"{table}: {restored[table]} rows, {expected[table]} backed up")
        print(f"{len(tables)} tables, {sum(restored.values())} rows: the same counts as {args.source}")

        stored = env["ir.attachment"].search([("store_fname", "!=", False)])
        missing = [att.store_fname for att in stored if not env["ir.attachment"]._file_read(att.store_fname)]
        if missing:
            failures.append(f"{len(missing)} attachment files missing from the filestore, e.g. {missing[0]}")
        print(f"{len(stored) - len(missing)} of {len(stored)} attachment files in the restored filestore")

        # No server serves the restored copy: wkhtmltopdf must not fetch its
        # styles from whatever answers on web.base.url (the tests' server).
        env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        certificate = env["customer.quality.certificate"].search([], limit=1)
        if not certificate:
            failures.append("no quality certificate to print")
        else:
            pdf, _type = env["ir.actions.report"]._render_qweb_pdf(
                f"{ADDON}.action_report_quality_certificate", certificate.ids
            )
            text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
            if not pdf.startswith(b"%PDF") or certificate.name.encode() not in text:
                failures.append(f"the certificate {certificate.name} does not render")
            else:
                print(f"certificate {certificate.name}: a PDF of {len(pdf)} bytes")

        from odoo.addons.crm_customer_archive.tools.signature import verify_license_file

        license_ = env["customer.license"].search([("state", "=", "active")], limit=1)
        if not public_key:
            failures.append(f"{args.source} has no licence signing key (no licence file issued: --prepare)")
        elif not license_:
            failures.append("no active licence to verify")
        elif not verify_license_file(license_._license_file(), public_key):
            failures.append(f"the licence file of {license_.key} does not verify with {args.source}'s public key")
        else:
            print(f"licence {license_.display_name}: its file verifies with {args.source}'s public key")
        partners = env["res.partner"].with_context(active_test=False).browse(list(id_numbers))
        decrypted = {partner.id: partner.private_id_number for partner in partners}
        if not id_numbers or decrypted != id_numbers:
            failures.append(f"identity numbers: {len(id_numbers)} in {args.source}, not the same decrypted here")
        else:
            print(f"{len(id_numbers)} identity numbers decrypt to the same values")
        cr.rollback()

    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
