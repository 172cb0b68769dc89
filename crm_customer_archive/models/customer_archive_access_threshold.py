from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

# The four limits of a threshold: records read per window, warning then freeze.
WINDOWS = ("ten_minutes", "day")
LIMIT_FIELDS = ("warn_ten_minutes", "freeze_ten_minutes", "warn_day", "freeze_day")


class CustomerArchiveAccessThreshold(models.Model):
    """How many customer-archive records the members of a group may read per
    10 minutes and per day before the security officers are warned and the
    account is frozen. A user in several groups gets the highest limits."""

    _name = "customer.archive.access.threshold"
    _description = "Access Frequency Threshold"
    _inherit = ["customer.archive.input.mixin"]
    _order = "group_id"
    _rec_name = "group_id"

    group_id = fields.Many2one("res.groups", required=True, ondelete="cascade")
    warn_ten_minutes = fields.Integer("Warn per 10 Minutes", required=True, default=1000)
    freeze_ten_minutes = fields.Integer("Freeze per 10 Minutes", required=True, default=3000)
    warn_day = fields.Integer("Warn per Day", required=True, default=6000)
    freeze_day = fields.Integer("Freeze per Day", required=True, default=20000)
    active = fields.Boolean(default=True)

    _group_unique = models.Constraint("UNIQUE(group_id)", "A group has one access threshold.")

    @api.constrains(*LIMIT_FIELDS)
    def _check_limits(self):
        for threshold in self:
            if any(threshold[name] <= 0 for name in LIMIT_FIELDS):
                raise ValidationError(self.env._("Access thresholds must be greater than zero."))
            for window in WINDOWS:
                if threshold[f"warn_{window}"] > threshold[f"freeze_{window}"]:
                    raise ValidationError(
                        self.env._(
                            "The warning threshold cannot be above the freeze threshold (group %(group)s).",
                            group=threshold.group_id.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _limits() is cached per set of groups
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache("group_ids")
    def _limits(self, group_ids):
        """The limits of a user in ``group_ids`` (a sorted tuple): the highest
        of each limit over the thresholds of these groups; {} when none applies."""
        thresholds = self.sudo().search([("group_id", "in", list(group_ids))])
        if not thresholds:
            return {}
        return {name: max(thresholds.mapped(name)) for name in LIMIT_FIELDS}
