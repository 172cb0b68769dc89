from odoo import SUPERUSER_ID, api
from odoo.addons.crm_customer_archive.models.customer_license_feature import split_feature_codes
from odoo.tools import SQL
from odoo.tools.sql import column_exists

# (model, column kept by pre-migration.py, new Many2many field)
LEGACY_FIELDS = (
    ("customer.license", "features_legacy", "feature_ids"),
    ("product.template", "license_features_legacy", "license_feature_ids"),
)


def migrate(cr, version):
    """The comma-separated feature texts ("mes, spc") become links to
    feature records, created (shared, named by their code) where a code has
    none yet. Written in SQL: no tracking message, no business rule of an
    active licence runs for what is the same data in another form."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Feature = env["customer.license.feature"]
    for model_name, column, field_name in LEGACY_FIELDS:
        Model = env[model_name]
        if not column_exists(cr, Model._table, column):
            continue
        field = Model._fields[field_name]
        has_company = "company_id" in Model._fields
        cr.execute(
            SQL(
                "SELECT id, %s, %s FROM %s WHERE COALESCE(%s, '') != ''",
                SQL.identifier(column),
                SQL.identifier("company_id") if has_company else SQL("NULL"),
                SQL.identifier(Model._table),
                SQL.identifier(column),
            )
        )
        for record_id, text, company_id in cr.fetchall():
            features = Feature._for_codes(split_feature_codes(text), env["res.company"].browse(company_id))
            for feature in features:
                cr.execute(
                    SQL(
                        "INSERT INTO %s (%s, %s) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        SQL.identifier(field.relation),
                        SQL.identifier(field.column1),
                        SQL.identifier(field.column2),
                        record_id,
                        feature.id,
                    )
                )
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(Model._table), SQL.identifier(column)))
    env.invalidate_all()
