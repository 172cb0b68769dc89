from odoo import SUPERUSER_ID, api
from odoo.addons.crm_customer_archive.models.customer_archive_capability import CAPABILITY_GROUPS


def migrate(cr, version):
    """The capability switches are new: a database that had the addon used
    every capability, so they are all switched on (a new installation does
    it in security/res_groups.xml)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    internal_user = env.ref("base.group_user")
    for xmlid in CAPABILITY_GROUPS.values():
        internal_user._apply_group(env.ref(xmlid))
