from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists

# The 8D stages of earlier releases become complaint-only: their data file is
# noupdate, so an upgrade would otherwise offer them to inquiries and praise.
COMPLAINT_STAGES = (
    "complaint_stage_investigation",
    "complaint_stage_containment",
    "complaint_stage_root_cause",
    "complaint_stage_corrective",
    "complaint_stage_verification",
    "complaint_stage_waiting",
    "complaint_stage_closed",
    "complaint_stage_rejected",
)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE customer_complaint_stage SET request_type = 'complaint'
         WHERE request_type IS NULL AND id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'crm_customer_archive' AND model = 'customer.complaint.stage' AND name IN %s)
        """,
        [COMPLAINT_STAGES],
    )
    # The SLA policies the addon ships are shared by every company (a second
    # company's complaints had none).
    cr.execute(
        """
        UPDATE customer_complaint_sla_policy SET company_id = NULL
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'crm_customer_archive' AND model = 'customer.complaint.sla.policy')
        """
    )
    # Every company gets the satisfaction survey sent when a complaint closes.
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._set_default_complaint_survey()
    # The former ratings become consumed rating.rating rows on Odoo's scale
    # (1-2 -> 1, 3 -> 3, 4-5 -> 5; the comment is the feedback; the rating
    # partner is the reporter, else the customer), then the columns go.
    if not column_exists(cr, "customer_complaint", "legacy_rating"):
        return
    env["customer.complaint"]._convert_legacy_ratings("legacy_rating", "legacy_rating_comment")
    cr.execute("ALTER TABLE customer_complaint DROP COLUMN legacy_rating, DROP COLUMN legacy_rating_comment")
