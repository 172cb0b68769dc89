# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class CustomerComplaint(models.Model):
    """The satisfaction survey sent to the reporter when a complaint closes."""

    _inherit = "customer.complaint"

    survey_answer_ids = fields.One2many(
        "survey.user_input", "complaint_id", string="Survey Answers", groups="survey.group_survey_user"
    )

    def _on_stage_change(self, old_stage):  # pylint: disable=missing-return
        super()._on_stage_change(old_stage)
        stage = self.stage_id
        # Complaints only: praise, suggestions and inquiries are not surveyed.
        if self.request_type == "complaint" and stage.is_closed and not stage.is_rejected and not old_stage.is_closed:
            self._send_satisfaction_survey()

    def _send_satisfaction_survey(self):
        """Invite the reporter (with an e-mail, still at the customer) to the
        company's satisfaction survey, once per complaint. The caller just
        closed the complaint: the invitation is the company's, created and
        sent as superuser through survey's own answer creation."""
        self.ensure_one()
        reporter = self.reporter_id
        survey = self.company_id.complaint_survey_id
        if not survey or not reporter.email or reporter.contact_state == "left":
            return
        Answer = self.env["survey.user_input"].sudo()
        if Answer.search_count([("complaint_id", "=", self.id)], limit=1):
            return
        answer = survey.sudo()._create_answer(partner=reporter, check_attempts=False, complaint_id=self.id)
        answer._send_archive_invitation()
        self.message_post(
            body=self.env._("Satisfaction survey sent to %(reporter)s.", reporter=reporter.display_name),
            subtype_xmlid="mail.mt_note",
        )
