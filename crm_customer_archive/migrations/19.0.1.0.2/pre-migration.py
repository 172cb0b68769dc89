from odoo.tools.sql import column_exists, rename_column

# Char fields replaced by Many2many fields to customer.license.feature: the ORM
# drops a removed field's column at the end of the update, so keep the texts
# under another name until post-migration.py has turned them into links.
LEGACY_COLUMNS = (("customer_license", "features"), ("product_template", "license_features"))


def migrate(cr, version):
    for table, column in LEGACY_COLUMNS:
        if column_exists(cr, table, column):
            rename_column(cr, table, column, f"{column}_legacy")
