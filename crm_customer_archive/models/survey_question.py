from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The figure of the customer archive a question feeds, and the scale it needs.
ARCHIVE_METRICS = [("csat", "Satisfaction (CSAT, 1–5)"), ("nps", "Recommendation (NPS, 0–10)")]
METRIC_SCALES = {"csat": (1, 5), "nps": (0, 10)}


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    archive_metric = fields.Selection(
        ARCHIVE_METRICS,
        string="Customer Archive Figure",
        help="The answers to this scale question give the customer's CSAT (1–5) or NPS (0–10) on the archive.",
    )

    @api.constrains("archive_metric", "question_type", "scale_min", "scale_max")
    def _check_archive_metric(self):
        for question in self.filtered("archive_metric"):
            low, high = METRIC_SCALES[question.archive_metric]
            if question.question_type != "scale" or (question.scale_min, question.scale_max) != (low, high):
                raise ValidationError(
                    self.env._(
                        "The question %(question)s gives the %(metric)s: it must be a scale from %(low)s to %(high)s.",
                        question=question.title,
                        metric=dict(self._fields["archive_metric"]._description_selection(self.env))[
                            question.archive_metric
                        ],
                        low=low,
                        high=high,
                    )
                )
