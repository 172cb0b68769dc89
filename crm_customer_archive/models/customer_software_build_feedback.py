from odoo import fields, models
from odoo.fields import Domain


class CustomerSoftwareBuild(models.Model):
    """The software feedback of a build: the issues reported on it (open and
    resolved) and the issues it fixes; publishing it tells their reporters."""

    _inherit = "customer.software.build"

    complaint_ids = fields.One2many("customer.complaint", "build_id", string="Issues")
    fixed_complaint_ids = fields.One2many("customer.complaint", "fixed_in_build_id", string="Fixed Issues")
    open_issue_count = fields.Integer("Open Issues", compute="_compute_issue_counts")
    resolved_issue_count = fields.Integer("Resolved Issues", compute="_compute_issue_counts")

    def _compute_issue_counts(self):
        # One query for the batch; rejected (unfounded) complaints are no issue.
        groups = self.env["customer.complaint"]._read_group(
            [("build_id", "in", self.ids), ("stage_id.is_rejected", "=", False)],
            ["build_id"],
            ["__count", "date_resolved:count"],
        )
        counts = {build: (total, resolved) for build, total, resolved in groups}
        for build in self:
            total, resolved = counts.get(build, (0, 0))
            build.open_issue_count = total - resolved
            build.resolved_issue_count = resolved

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "released":
            # The caller may publish the build (checked by the write above);
            # the reporters of the issues it fixes are told whoever reads them.
            self.sudo().fixed_complaint_ids._notify_fixed_in_build()
        return result

    def _issues_action(self, name, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_customer_archive.customer_complaint_action")
        action.update(
            name=name,
            domain=Domain("build_id", "=", self.id) & Domain(domain),
            context={"default_build_id": self.id, "default_partner_id": self.partner_id.id, "default_kind": "software"},
        )
        return action

    def action_open_issues(self):
        self.ensure_one()
        name = self.env._("Open Issues")
        return self._issues_action(name, [("date_resolved", "=", False), ("stage_id.is_rejected", "=", False)])

    def action_resolved_issues(self):
        self.ensure_one()
        name = self.env._("Resolved Issues")
        return self._issues_action(name, [("date_resolved", "!=", False)])
