from odoo import fields, models
from odoo.tools import SQL


class CustomerSoftwareFeedbackReport(models.Model):
    """Software feedback by version (客户软件反馈): per customer build, the
    issues reported on it, open and resolved, and the issues it fixes.
    Rejected (unfounded) and archived complaints do not count."""

    _name = "customer.software.feedback.report"
    _description = "Software Feedback by Version"
    _auto = False
    _order = "product_tmpl_id, version desc"

    build_id = fields.Many2one("customer.software.build", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    version = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    state = fields.Selection(
        [("development", "In Development"), ("released", "Published"), ("retired", "Retired")],
        string="Build Status",
        readonly=True,
    )
    release_date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    issue_count = fields.Integer("Issues", readonly=True)
    open_count = fields.Integer("Open Issues", readonly=True)
    resolved_count = fields.Integer("Resolved Issues", readonly=True)
    fixed_count = fields.Integer("Issues Fixed", readonly=True, help="Issues of earlier builds this build fixes.")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT build.id AS id, build.id AS build_id, build.product_tmpl_id, build.version,
                   build.partner_id, build.state, build.release_date, build.company_id,
                   COUNT(issue.id) AS issue_count,
                   COUNT(issue.id) FILTER (WHERE issue.date_resolved IS NULL) AS open_count,
                   COUNT(issue.id) FILTER (WHERE issue.date_resolved IS NOT NULL) AS resolved_count,
                   (SELECT COUNT(*)
                      FROM customer_complaint fixed
                     WHERE fixed.fixed_in_build_id = build.id AND fixed.active IS NOT FALSE) AS fixed_count
              FROM customer_software_build build
         LEFT JOIN customer_complaint issue
                ON issue.build_id = build.id AND issue.active IS NOT FALSE
               AND NOT EXISTS (SELECT 1
                                 FROM customer_complaint_stage stage
                                WHERE stage.id = issue.stage_id AND stage.is_rejected)
          GROUP BY build.id
            """
        )
