from odoo import SUPERUSER_ID, api
from odoo.addons.crm_customer_archive.tools import id_crypto
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    """Resident ID numbers are stored encrypted (README, Identity numbers).

    The clear numbers of the former private_id_number column are encrypted
    with the configured key into the new columns (no key: the upgrade stops
    with the error that says where to set it), then the clear column is
    dropped. In SQL: the contacts themselves do not change."""
    if not column_exists(cr, "res_partner", "private_id_number"):
        return
    Partner = api.Environment(cr, SUPERUSER_ID, {})["res.partner"]
    cr.execute("SELECT id, private_id_number FROM res_partner WHERE private_id_number IS NOT NULL")
    for partner_id, number in cr.fetchall():
        token, digest = Partner._id_crypto(id_crypto.encrypt, number)
        cr.execute(
            SQL(
                "UPDATE res_partner SET private_id_number_cipher = %s, private_id_number_hash = %s WHERE id = %s",
                token,
                digest,
                partner_id,
            )
        )
    cr.execute("ALTER TABLE res_partner DROP COLUMN private_id_number")
    Partner.invalidate_model(["private_id_number_cipher", "private_id_number_hash"])
