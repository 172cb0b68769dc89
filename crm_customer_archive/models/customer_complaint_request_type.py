# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

REQUEST_TYPES = [
    ("complaint", "Complaint"),
    ("inquiry", "Inquiry"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]


class CustomerComplaintStage(models.Model):
    _inherit = "customer.complaint.stage"

    request_type = fields.Selection(
        REQUEST_TYPES, index=True, help="The requests that go through this stage; empty: shared by every type."
    )


class CustomerComplaintSlaPolicy(models.Model):
    _inherit = "customer.complaint.sla.policy"

    request_type = fields.Selection(REQUEST_TYPES, help="Leave empty for every request type.")


class CustomerComplaint(models.Model):
    """Every request of a customer (complaint, inquiry, suggestion, praise)
    shares the complaint's thread, SLA and portal; each type has its stages."""

    _inherit = "customer.complaint"

    request_type = fields.Selection(REQUEST_TYPES, required=True, default="complaint", index=True, tracking=True)

    # ------------------------------------------------------------------
    # Stages per request type
    # ------------------------------------------------------------------

    @api.model
    def _stage_domain(self, request_type):
        return Domain("request_type", "in", [request_type, False])

    def _default_stage_id(self):
        request_type = self.env.context.get("default_request_type") or "complaint"
        return self.env["customer.complaint.stage"].search(self._stage_domain(request_type), limit=1)

    @api.model
    def _read_group_expand_stage_ids(self, stages, domain):
        # The columns of the type being looked at (the action's default type),
        # else the shared ones; columns holding records always show.
        request_type = self.env.context.get("default_request_type")
        type_domain = self._stage_domain(request_type) if request_type else Domain("request_type", "=", False)
        return stages.search(Domain("id", "in", stages.ids) | type_domain)

    @api.depends("request_type")
    def _compute_sla_policy_id(self):
        # Only adds the dependency: the policy's _match reads the request type.
        return super()._compute_sla_policy_id()

    @api.constrains("stage_id", "request_type")
    def _check_stage_request_type(self):
        for complaint in self:
            stage_type = complaint.stage_id.request_type
            if stage_type and stage_type != complaint.request_type:
                types = dict(self._fields["request_type"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "The stage %(stage)s is for requests of type %(stage_type)s, not for %(complaint)s "
                        "(%(request_type)s).",
                        stage=complaint.stage_id.name,
                        stage_type=types[stage_type],
                        complaint=complaint.display_name,
                        request_type=types[complaint.request_type],
                    )
                )

    @api.onchange("request_type")
    def _onchange_request_type(self):
        stage_type = self.stage_id.request_type
        if stage_type and stage_type != self.request_type:
            self.stage_id = self.env["customer.complaint.stage"].search(self._stage_domain(self.request_type), limit=1)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # The default stage follows the request type given in the values.
        for vals in vals_list:
            request_type = vals.get("request_type") or self.env.context.get("default_request_type") or "complaint"
            vals["request_type"] = request_type
            if not vals.get("stage_id"):
                stage = self.env["customer.complaint.stage"].search(self._stage_domain(request_type), limit=1)
                if stage:
                    vals["stage_id"] = stage.id
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    @api.model
    def _portal_submit(self, user, values, photos):
        # Any request type; the severity is asked for complaints only.
        request_type = values.get("request_type") or "complaint"
        if request_type not in dict(REQUEST_TYPES):
            raise UserError(self.env._("Unknown request type."))
        if request_type != "complaint":
            values = {**values, "severity": False}
        return super()._portal_submit(user, values, photos)

    # ------------------------------------------------------------------
    # Thread: the first public answer to the customer
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            message.message_type == "comment"
            and message.subtype_id
            and not message.subtype_id.internal
            and message.author_id != self.env.ref("base.partner_root")
            and any(not user.share for user in message.author_id.user_ids)
        ):
            # A person's answer, not OdooBot's automatic mails. The sender's right
            # to post is proven by message_post itself; the date is read-only.
            self.filtered(lambda complaint: not complaint.date_first_response).sudo().date_first_response = (
                message.date or fields.Datetime.now()
            )
        return message
