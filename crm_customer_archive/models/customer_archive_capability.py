"""The capability switches of Settings → Customer Archive.

A capability is on when its technical group is implied by Internal User
(``implied_group`` of the settings): employees then see its menus and smart
buttons through ``groups=``. Portal users and public visitors are not
employees, so their pages and routes ask :func:`_capability_enabled`.
"""

# capability → its technical group
CAPABILITY_GROUPS = {
    "contracts": "crm_customer_archive.group_capability_contracts",
    "engineering": "crm_customer_archive.group_capability_engineering",
    "complaints": "crm_customer_archive.group_capability_complaints",
    "licenses": "crm_customer_archive.group_capability_licenses",
}


def _capability_enabled(env, name):
    """Whether capability ``name`` is switched on: its group is implied by
    Internal User. Read from Odoo's group definitions, cached until a group
    changes (as the settings do): no query for a page or a public route."""
    definitions = env["res.groups"]._get_group_definitions()
    group_id = definitions.get_id(CAPABILITY_GROUPS[name])
    if group_id is None:  # the group is being installed: capabilities are on by default
        return True
    return group_id in definitions.get_superset_ids([definitions.get_id("base.group_user")])


def _enabled_capabilities(env):
    return frozenset(name for name in CAPABILITY_GROUPS if _capability_enabled(env, name))
