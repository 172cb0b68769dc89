from odoo.tools.sql import column_exists, rename_column


def migrate(cr, version):
    """The custom complaint rating (a 1-5 selection and a comment) becomes
    Odoo's rating.rating (rating.mixin). Its columns are set aside under
    legacy names: the post-migration converts them, and nothing of the new
    code reads or drops them before."""
    for column in ("rating", "rating_comment"):
        if column_exists(cr, "customer_complaint", column):
            rename_column(cr, "customer_complaint", column, f"legacy_{column}")
