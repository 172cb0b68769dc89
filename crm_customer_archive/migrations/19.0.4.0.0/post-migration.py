from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The customer pool, value figures and credit scores are new.

    Prospects that already had an account manager start their pool clock at
    the upgrade (else the first night would return every one of them to the
    pool); the value figures and credit scores are computed at once instead
    of on the first night."""
    cr.execute(
        """
        UPDATE res_partner SET pool_date = CURRENT_DATE
         WHERE archive_state = 'prospect' AND user_id IS NOT NULL AND pool_date IS NULL
           AND parent_id IS NULL
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["customer.value"]._refresh_values()
    env["res.partner"]._cron_update_credit_scores()
