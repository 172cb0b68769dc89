# res.company is extended in one file per capability; this one: satisfaction surveys.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        default=lambda self: self.env.ref("crm_customer_archive.survey_service_satisfaction", raise_if_not_found=False),
        ondelete="set null",
        help="Sent to the reporter when a complaint closes; empty: no survey.",
    )

    def _set_default_complaint_survey(self):
        """At installation (and in the 19.0.6.0.0 migration): the companies
        created before the survey data existed get the satisfaction survey."""
        survey = self.env.ref("crm_customer_archive.survey_service_satisfaction", raise_if_not_found=False)
        if survey:
            self.search([("complaint_survey_id", "=", False)]).complaint_survey_id = survey
