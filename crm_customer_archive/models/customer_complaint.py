import base64
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize, html2plaintext, is_html_empty
from odoo.tools.image import image_process

from .customer_archive_input_mixin import DEFAULT_MAX_LENGTH
from .customer_complaint_photo import MAX_PHOTO_BYTES
from .customer_complaint_sla_policy import SEVERITIES, SEVERITY_RANK
from .customer_defect_type import COMPLAINT_KINDS

CAUSE_CATEGORIES = [
    ("material", "Material"),
    ("process", "Process"),
    ("equipment", "Equipment"),
    ("transport", "Transport and Packaging"),
    ("customer_use", "Customer Use"),
    ("software", "Software"),
    ("design", "Design"),
    ("other", "Other"),
]

# A complaint is a recurrence when the same customer complained about the
# same defect within this many days before.
RECURRENCE_DAYS = 365


class CustomerComplaint(models.Model):
    """A quality objection (质量异议) or customer feedback (客户反馈) worked
    through the 8D steps, with its SLA, its costs and the reporter's answer."""

    _name = "customer.complaint"
    _description = "Customer Complaint"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _input_max_lengths = {"email_cc": 4096}  # every Cc of the e-mails received
    _order = "date_received desc, id desc"
    # Indexes: the list's default order (and the "Received" date filter);
    # the open complaints the SLA cron scans (_cron_sla_activities).
    _date_received_id_idx = models.Index("(date_received DESC, id DESC)")
    _sla_open_idx = models.Index("(sla_deadline) WHERE is_closed IS NOT TRUE AND date_resolved IS NULL")
    _mail_post_access = "read"

    name = fields.Char("Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"))
    title = fields.Char("Subject", required=True, tracking=True)
    kind = fields.Selection(COMPLAINT_KINDS, required=True, default="quality", tracking=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

    # Who and how
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        check_company=True,
    )
    reporter_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('commercial_partner_id', '=', partner_id), ('is_company', '=', False)]",
        help="The customer's contact who reported the problem; told by e-mail when it is solved.",
    )
    reporter_phone = fields.Char(related="reporter_id.phone", string="Reporter Phone")
    reporter_email = fields.Char(related="reporter_id.email", string="Reporter E-mail")
    store_id = fields.Many2one(
        "res.partner",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id), ('type', '=', 'store')]",
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("portal", "Portal"), ("visit", "Visit"), ("other", "Other")],
        required=True,
        default="phone",
    )
    date_received = fields.Datetime("Received On", required=True, default=fields.Datetime.now, tracking=True)
    city = fields.Char()

    # What it concerns
    product_id = fields.Many2one("product.product", index="btree_not_null", ondelete="restrict", check_company=True)
    part_id = fields.Many2one(
        "customer.part",
        string="Customer Part",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', 'child_of', partner_id)]",
        check_company=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', 'child_of', partner_id), ('picking_type_code', '=', 'outgoing')]",
        check_company=True,
    )
    lot_ids = fields.Many2many("stock.lot", string="Coils / Lots", check_company=True)
    quantity = fields.Float("Quantity Affected", digits="Product Unit")
    uom_id = fields.Many2one("uom.uom", string="Unit")
    defect_type_id = fields.Many2one(
        "customer.defect.type",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('kind', '=', kind)]",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="major", tracking=True, index=True)
    severity_rank = fields.Integer(compute="_compute_severity_rank", store=True, aggregator="max")
    description = fields.Html("Problem Description (D2)")
    photo_ids = fields.One2many("customer.complaint.photo", "complaint_id", string="Defect Photos")
    photo_count = fields.Integer(compute="_compute_photo_count")

    # Who works on it (D1)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Engineer",
        tracking=True,
        index="btree_not_null",
        domain="[('share', '=', False)]",
    )
    team_member_ids = fields.Many2many(
        "res.users", string="Team (D1)", domain="[('share', '=', False)]", groups="base.group_user"
    )

    # Stages and 8D
    stage_id = fields.Many2one(
        "customer.complaint.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_expand_stage_ids",
        default=lambda self: self._default_stage_id(),
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    containment_action = fields.Html("Containment (D3)", groups="base.group_user")
    five_why = fields.Text("5 Whys", help="Why? Why? Why? Why? Why? — one answer per line.", groups="base.group_user")
    cause_category = fields.Selection(CAUSE_CATEGORIES, tracking=True, groups="base.group_user")
    root_cause = fields.Html("Root Cause (D4)", groups="base.group_user")
    corrective_action = fields.Html("Corrective Actions (D5)")
    verification = fields.Html("Implementation and Verification (D6)", groups="base.group_user")
    preventive_action = fields.Html("Preventive Actions (D7)", groups="base.group_user")
    closure_note = fields.Html("Closure and Recognition (D8)", groups="base.group_user")
    rejection_reason = fields.Text(tracking=True)
    date_first_response = fields.Datetime("First Response", copy=False, readonly=True)
    date_resolved = fields.Datetime("Resolved On", copy=False, tracking=True)
    date_closed = fields.Datetime("Closed On", copy=False, readonly=True)
    resolution_hours = fields.Float(
        "Resolution Time (h)",
        compute="_compute_resolution_hours",
        store=True,
        aggregator="avg",
        help="Hours from receipt to resolution.",
    )
    is_recurrence = fields.Boolean(
        "Recurrence",
        compute="_compute_is_recurrence",
        store=True,
        help="The same customer complained about the same defect within the 12 months before.",
        groups="base.group_user",
    )

    # SLA
    sla_policy_id = fields.Many2one(
        "customer.complaint.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
        ondelete="set null",
        groups="base.group_user",
    )
    sla_paused_hours = fields.Float("Paused Working Hours", copy=False, readonly=True, groups="base.group_user")
    sla_paused_since = fields.Datetime(copy=False, readonly=True, groups="base.group_user")
    sla_response_deadline = fields.Datetime("Response Deadline", compute="_compute_sla_deadlines", store=True)
    sla_deadline = fields.Datetime("Resolution Deadline", compute="_compute_sla_deadlines", store=True, index=True)
    sla_at_risk_date = fields.Datetime(compute="_compute_sla_deadlines", store=True, groups="base.group_user")
    sla_status = fields.Selection(
        [("on_time", "On Time"), ("at_risk", "At Risk"), ("reached", "Reached"), ("failed", "Failed")],
        string="SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
        help="While open, the live clock (on time, at risk, failed); once resolved, the outcome (reached or failed).",
    )
    sla_response_status = fields.Selection(
        [
            ("pending", "Awaiting Response"),
            ("overdue", "Response Overdue"),
            ("met", "Responded in Time"),
            ("late", "Responded Late"),
        ],
        string="Response SLA",
        compute="_compute_sla_response_status",
    )
    sla_reached = fields.Boolean(
        "SLA Met", compute="_compute_sla_reached", store=True, help="Resolved before the resolution deadline."
    )
    sla_risk_notified = fields.Boolean(copy=False, readonly=True, groups="base.group_user")
    sla_failed_notified = fields.Boolean(copy=False, readonly=True, groups="base.group_user")

    # Cost of non-quality
    cost_ids = fields.One2many("customer.complaint.cost", "complaint_id", string="Costs", groups="base.group_user")
    cost_total = fields.Monetary(
        "Cost of Non-Quality",
        compute="_compute_cost_total",
        store=True,
        currency_field="currency_id",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    def _default_stage_id(self):
        return self.env["customer.complaint.stage"].search([], limit=1)

    @api.model
    def _read_group_expand_stage_ids(self, stages, domain):
        return stages.search([])

    @api.depends("reporter_id")
    def _compute_store_id(self):
        for complaint in self:
            if complaint.reporter_id.store_id:
                complaint.store_id = complaint.reporter_id.store_id
            elif not complaint.store_id:
                complaint.store_id = False

    @api.depends("severity")
    def _compute_severity_rank(self):
        for complaint in self:
            complaint.severity_rank = SEVERITY_RANK.get(complaint.severity, 0)

    def _compute_photo_count(self):
        counts = dict(
            self.env["customer.complaint.photo"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.photo_count = counts.get(complaint, 0)

    @api.depends("date_received", "date_resolved")
    def _compute_resolution_hours(self):
        for complaint in self:
            if complaint.date_resolved and complaint.date_received:
                delta = complaint.date_resolved - complaint.date_received
                complaint.resolution_hours = delta.total_seconds() / 3600
            else:
                complaint.resolution_hours = 0.0

    def _field_to_sql(self, alias, field_expr, query=None):
        # The ORM stores 0.0 for a Float without value: in SQL (the averages of
        # the pivot and graph, filters, sorting) an open complaint has no
        # resolution time (NULL) instead of 0 h, so averages cover resolved ones only.
        if field_expr == "resolution_hours":
            return SQL(
                "(CASE WHEN %s IS NOT NULL THEN %s END)",
                super()._field_to_sql(alias, "date_resolved", query),
                super()._field_to_sql(alias, field_expr, query),
            )
        return super()._field_to_sql(alias, field_expr, query)

    @api.depends("partner_id", "defect_type_id", "date_received")
    def _compute_is_recurrence(self):
        # One query for the whole batch: earlier complaints of the same
        # customers and defects within the recurrence window.
        candidates = self.filtered(lambda c: c.partner_id and c.defect_type_id and c.date_received)
        (self - candidates).is_recurrence = False
        if not candidates:
            return
        window = timedelta(days=RECURRENCE_DAYS)
        rows = self.with_context(active_test=False).search_read(
            [
                ("partner_id", "in", candidates.partner_id.ids),
                ("defect_type_id", "in", candidates.defect_type_id.ids),
                ("date_received", ">=", min(candidates.mapped("date_received")) - window),
            ],
            ["partner_id", "defect_type_id", "date_received"],
            load=None,
        )
        earlier = defaultdict(list)
        for row in rows:
            earlier[row["partner_id"], row["defect_type_id"]].append((row["date_received"], row["id"]))
        for complaint in candidates:
            received = complaint.date_received
            complaint.is_recurrence = any(
                received - window <= date < received and complaint_id != complaint._origin.id
                for date, complaint_id in earlier[complaint.partner_id.id, complaint.defect_type_id.id]
            )

    @api.depends("kind", "severity", "partner_id.customer_level", "company_id")
    def _compute_sla_policy_id(self):
        Policy = self.env["customer.complaint.sla.policy"]
        for complaint in self:
            complaint.sla_policy_id = Policy._match(complaint)

    @api.depends(
        "date_received",
        "sla_policy_id.response_hours",
        "sla_policy_id.resolution_hours",
        "sla_policy_id.at_risk_percent",
        "sla_paused_hours",
        "company_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        for complaint in self:
            policy = complaint.sla_policy_id
            if not policy or not complaint.date_received:
                complaint.sla_response_deadline = False
                complaint.sla_deadline = False
                complaint.sla_at_risk_date = False
                continue
            paused = complaint.sla_paused_hours
            complaint.sla_response_deadline = complaint._plan_working_hours(policy.response_hours + paused)
            complaint.sla_deadline = complaint._plan_working_hours(policy.resolution_hours + paused)
            complaint.sla_at_risk_date = complaint._plan_working_hours(
                policy.resolution_hours * policy.at_risk_percent / 100 + paused
            )

    def _plan_working_hours(self, hours):
        """The moment `hours` working hours of the company's calendar after
        receipt (naive UTC, as stored)."""
        calendar = self.company_id.resource_calendar_id
        start = fields.Datetime.to_datetime(self.date_received)
        if not calendar:
            return start + timedelta(hours=hours)
        planned = calendar.plan_hours(hours, start.replace(tzinfo=None), compute_leaves=True)
        if not planned:
            return start + timedelta(hours=hours)
        return planned.replace(tzinfo=None)

    def _working_hours_between(self, start, end):
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    @api.depends_context("uid")
    @api.depends("sla_deadline", "sla_at_risk_date", "date_resolved", "sla_reached", "is_closed")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.sla_deadline or (complaint.is_closed and not complaint.date_resolved):
                # No SLA, or closed without a resolution (rejected): no outcome.
                complaint.sla_status = False
            elif complaint.date_resolved:
                # Resolved: the final outcome, no longer a clock.
                complaint.sla_status = "reached" if complaint.sla_reached else "failed"
            elif now > complaint.sla_deadline:
                complaint.sla_status = "failed"
            elif now >= complaint.sla_at_risk_date:
                complaint.sla_status = "at_risk"
            else:
                complaint.sla_status = "on_time"

    def _search_sla_status(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = [value] if isinstance(value, str) else list(value)
        now = fields.Datetime.now()
        resolved = Domain("date_resolved", "!=", False)
        running = Domain("date_resolved", "=", False) & Domain("is_closed", "=", False)
        domains = {
            "reached": resolved & Domain("sla_reached", "=", True),
            "failed": (resolved & Domain("sla_reached", "=", False)) | (running & Domain("sla_deadline", "<", now)),
            "at_risk": running & Domain("sla_at_risk_date", "<=", now) & Domain("sla_deadline", ">=", now),
            "on_time": running & Domain("sla_at_risk_date", ">", now),
        }
        chosen = [domains[status] for status in values if status in domains]
        if not chosen:
            return Domain.FALSE
        return Domain("sla_deadline", "!=", False) & Domain.OR(chosen)

    @api.depends_context("uid")
    @api.depends("sla_response_deadline", "date_first_response")
    def _compute_sla_response_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadline, answered = complaint.sla_response_deadline, complaint.date_first_response
            if not deadline:
                complaint.sla_response_status = False
            elif answered:
                # Answered: whether in time, not a past deadline still to act on.
                complaint.sla_response_status = "met" if answered <= deadline else "late"
            else:
                complaint.sla_response_status = "overdue" if now > deadline else "pending"

    @api.depends("date_resolved", "sla_deadline")
    def _compute_sla_reached(self):
        for complaint in self:
            complaint.sla_reached = bool(
                complaint.date_resolved and complaint.sla_deadline and complaint.date_resolved <= complaint.sla_deadline
            )

    @api.depends("cost_ids.amount")
    def _compute_cost_total(self):
        for complaint in self:
            complaint.cost_total = sum(complaint.cost_ids.mapped("amount"))

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    @api.depends("name", "title")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = f"{complaint.name} {complaint.title or ''}".strip()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "reporter_id", "store_id")
    def _check_contacts_of_customer(self):
        for complaint in self:
            for contact, label in (
                (complaint.reporter_id, self.env._("reporter")),
                (complaint.store_id, self.env._("store")),
            ):
                if contact and contact.commercial_partner_id != complaint.partner_id.commercial_partner_id:
                    raise ValidationError(
                        self.env._(
                            "The %(role)s %(contact)s belongs to %(owner)s, not to the customer %(customer)s.",
                            role=label,
                            contact=contact.display_name,
                            owner=contact.commercial_partner_id.display_name,
                            customer=complaint.partner_id.display_name,
                        )
                    )

    @api.constrains("partner_id", "picking_id", "sale_order_id", "part_id")
    def _check_documents_of_customer(self):
        for complaint in self:
            customer = complaint.partner_id.commercial_partner_id
            documents = (
                (complaint.picking_id, complaint.picking_id.partner_id.commercial_partner_id),
                (complaint.sale_order_id, complaint.sale_order_id.partner_id.commercial_partner_id),
                (complaint.part_id, complaint.part_id.partner_id),
            )
            for document, owner in documents:
                if document and owner != customer:
                    raise ValidationError(
                        self.env._(
                            "%(document)s is not a document of %(customer)s.",
                            document=document.display_name,
                            customer=customer.display_name,
                        )
                    )

    @api.constrains("date_received", "date_resolved")
    def _check_dates(self):
        for complaint in self:
            if complaint.date_resolved and complaint.date_resolved < complaint.date_received:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s cannot be resolved (%(resolved)s) before it was received "
                        "(%(received)s).",
                        complaint=complaint.name,
                        resolved=complaint.date_resolved,
                        received=complaint.date_received,
                    )
                )

    @api.constrains("quantity")
    def _check_quantity(self):
        for complaint in self:
            if complaint.quantity < 0:
                raise ValidationError(self.env._("The quantity affected cannot be negative."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "crm_customer_archive.customer_complaint"
                ) or self.env._("New")
            if vals.get("stage_id"):
                stage = self.env["customer.complaint.stage"].browse(vals["stage_id"])
                self._check_stage_requirements(stage, vals, self.browse())
        complaints = super().create(vals_list)
        for complaint in complaints.filtered("reporter_id"):
            complaint.message_subscribe(partner_ids=complaint.reporter_id.ids)
        return complaints

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["customer.complaint.stage"].browse(vals["stage_id"])
        for complaint in self:
            self._check_stage_requirements(stage, vals, complaint)
        now = fields.Datetime.now()
        unchanged = self.filtered(lambda complaint: complaint.stage_id == stage)
        for complaint in self - unchanged:
            # The SLA clock: leaving a pausing stage adds the working hours spent in it.
            values = dict(vals)
            if complaint.stage_id.pauses_sla and complaint.sla_paused_since:
                values["sla_paused_hours"] = complaint.sla_paused_hours + complaint._working_hours_between(
                    complaint.sla_paused_since, now
                )
                values["sla_paused_since"] = False
            if stage.pauses_sla and not complaint.sla_paused_since:
                values["sla_paused_since"] = now
            if not complaint.date_first_response:
                values["date_first_response"] = now
            if (stage.is_resolved or (stage.is_closed and not stage.is_rejected)) and not (
                complaint.date_resolved or vals.get("date_resolved")
            ):
                values["date_resolved"] = now
            if stage.is_closed and not complaint.date_closed:
                values["date_closed"] = now
            old_stage = complaint.stage_id
            super(CustomerComplaint, complaint).write(values)
            complaint._notify_reporter(stage)
            complaint._on_stage_change(old_stage)
        return super(CustomerComplaint, unchanged).write(vals)

    def _on_stage_change(self, old_stage):
        """Called once per complaint after it moved from `old_stage` to its
        new stage: the service features (rating, survey, return visit,
        reopen count) react to resolution, closure and reopening here."""
        self.ensure_one()

    def _check_stage_requirements(self, stage, vals, complaint):
        """Closing needs a root cause and a corrective action, rejecting a
        reason; checked before anything is written."""

        def value(field):
            return vals[field] if field in vals else complaint[field]

        label = complaint.name if complaint else self.env._("the new complaint")
        if stage.is_rejected:
            if not (value("rejection_reason") or "").strip():
                raise UserError(
                    self.env._("Give the reason why %(complaint)s is rejected as unfounded.", complaint=label)
                )
        elif (stage.requires_root_cause or stage.is_closed) and (value("request_type") or "complaint") == "complaint":
            # The 8D rule: complaints only, not inquiries, suggestions or praise.
            missing = [
                self._fields[field].get_description(self.env)["string"]
                for field in ("root_cause", "corrective_action")
                if is_html_empty(value(field))
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "%(complaint)s cannot move to %(stage)s without: %(missing)s.",
                        complaint=label,
                        stage=stage.name,
                        missing=", ".join(missing),
                    )
                )

    def _notify_reporter(self, stage):
        if stage.mail_template_id and self.reporter_id.email:
            stage.mail_template_id.send_mail(self.id)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_warn_similar_customers(self):
        """Lessons for similar customers (举一反三): the wizard listing them."""
        self.ensure_one()
        Wizard = self.env["customer.complaint.warn.similar"]
        Wizard.check_access("create")
        Wizard._check_complaint(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Warn Similar Customers"),
            "res_model": Wizard._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    @api.model
    def _portal_submit(self, user, values, photos):
        """Create a complaint for the portal user's company. ``values``: title,
        description, kind, severity, picking_id, lot names; ``photos``: list of
        (file name, raw bytes). Everything is checked before anything is written."""
        customer = user.partner_id.commercial_partner_id
        title = (values.get("title") or "").strip()
        description = (values.get("description") or "").strip()
        if not title or not description:
            raise UserError(self.env._("Please give a subject and describe the problem."))
        kind = values.get("kind") or "quality"
        if kind not in dict(COMPLAINT_KINDS):
            raise UserError(self.env._("Unknown kind of complaint."))
        severity = values.get("severity") or "major"
        if severity not in dict(SEVERITIES):
            raise UserError(self.env._("Unknown severity."))
        vals = {
            "title": title[:200],
            "description": Markup("<p>%s</p>") % description,
            "request_type": values.get("request_type") or "complaint",  # checked in customer_complaint_request_type.py
            "kind": kind,
            "severity": severity,
            "channel": "portal",
            "partner_id": customer.id,
            "reporter_id": user.partner_id.id if user.partner_id != customer else False,
            "company_id": (customer.company_id or self.env.company).id,
        }
        picking_id = values.get("picking_id")
        if picking_id:
            try:
                picking = self.env["stock.picking"].sudo().browse(int(picking_id)).exists()
            except (TypeError, ValueError):
                picking = self.env["stock.picking"]
            if not picking or picking.partner_id.commercial_partner_id != customer:
                raise UserError(self.env._("This delivery is not one of your company's deliveries."))
            vals["picking_id"] = picking.id
            vals["sale_order_id"] = picking.sale_id.id
        photo_vals = []
        for filename, data in photos:
            if len(data) > MAX_PHOTO_BYTES:
                raise UserError(
                    self.env._(
                        "The photo %(file)s is larger than %(size)s MB.",
                        file=filename,
                        size=MAX_PHOTO_BYTES // (1024 * 1024),
                    )
                )
            try:
                image_process(data, verify_resolution=True)
            except (UserError, ValueError) as error:
                raise UserError(self.env._("The file %s is not an image.", filename)) from error
            photo_vals.append(Command.create({"name": filename, "image_1920": base64.b64encode(data)}))
        vals["photo_ids"] = photo_vals
        complaint = self.sudo().create(vals)
        complaint.message_post(
            body=self.env._("Submitted in the customer portal by %s.", user.name),
            subtype_xmlid="mail.mt_note",
        )
        complaint._schedule_portal_activity()
        return complaint

    def _schedule_portal_activity(self):
        """A to-do for whoever answers the customer: the responsible engineer,
        else the customer's account manager. The request runs as the portal
        user: the summary is in the language of the user who gets it (and so
        is the e-mail Odoo sends, with its link to the complaint)."""
        user = self.user_id or self.partner_id.user_id
        if not user or user.share or not user.active:
            return
        summary = self.with_context(lang=user.lang).env._(
            "New complaint from the customer portal: %(complaint)s %(title)s", complaint=self.name, title=self.title
        )
        self.activity_schedule("mail.mail_activity_data_todo", summary=summary, user_id=user.id)

    # ------------------------------------------------------------------
    # Mail gateway: e-mails to the complaints alias become complaints
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        email = email_normalize(msg_dict.get("email_from") or "")
        contact = self.env["res.partner"]
        if email:
            contact = contact.search([("email_normalized", "=", email)], order="is_company, id", limit=1)
        values = {
            # The number comes from the sequence, not from the subject (mail.thread's default).
            "name": self.env._("New"),
            "title": (msg_dict.get("subject") or "").strip()[:DEFAULT_MAX_LENGTH] or self.env._("Complaint by e-mail"),
            "channel": "email",
            "description": msg_dict.get("body"),
        }
        if contact:
            values["partner_id"] = contact.commercial_partner_id.id
            if not contact.is_company:
                values["reporter_id"] = contact.id
        values.update(custom_values or {})
        return super().message_new(msg_dict, custom_values=values)

    def _message_get_suggested_recipients(self, *args, **kwargs):
        recipients = super()._message_get_suggested_recipients(*args, **kwargs)
        for complaint in self.filtered("reporter_id"):
            if not any(r.get("partner_id") == complaint.reporter_id.id for r in recipients):
                recipients.append(
                    {
                        "partner_id": complaint.reporter_id.id,
                        "name": complaint.reporter_id.name,
                        "email": complaint.reporter_id.email,
                        "reason": self.env._("Reporter"),
                    }
                )
        return recipients

    # ------------------------------------------------------------------
    # Scheduled action: activities at the SLA deadlines
    # ------------------------------------------------------------------

    @api.model
    def _cron_sla_activities(self):
        now = fields.Datetime.now()
        open_domain = [("is_closed", "=", False), ("date_resolved", "=", False), ("sla_deadline", "!=", False)]
        at_risk = self.search([*open_domain, ("sla_at_risk_date", "<=", now), ("sla_risk_notified", "=", False)])
        for complaint in at_risk:
            complaint._schedule_sla_activity(failed=False)
        at_risk.sla_risk_notified = True
        failed = self.search([*open_domain, ("sla_deadline", "<", now), ("sla_failed_notified", "=", False)])
        for complaint in failed:
            complaint._schedule_sla_activity(failed=True)
        failed.sla_failed_notified = True

    def _schedule_sla_activity(self, failed):
        user = self.user_id or self.create_uid or self.env.user
        # The cron runs as OdooBot: the summary is in the language of the user who gets it.
        lang_env = self.with_context(lang=user.lang).env
        if failed:
            summary = lang_env._("SLA failed: %s is past its resolution deadline", self.name)
        else:
            summary = lang_env._("SLA at risk: resolve %s before its deadline", self.name)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.context_today(self),
            summary=summary,
            user_id=user.id,
        )

    # ------------------------------------------------------------------
    # KPIs (service report)
    # ------------------------------------------------------------------

    def _service_kpis(self, domain=None):
        """The service figures of the complaints of `domain`, or of these
        complaints without a domain (see _service_kpis_by)."""
        return self._service_kpis_by([], domain)[()]

    def _service_kpis_by(self, groupby, domain=None):
        """The service figures of the complaints of `domain` (these complaints
        without a domain; rejected ones excluded) per group of `groupby`
        (field names as for _read_group; [] gives one group keyed ()):
        count, resolved, average and median resolution time (h) of the
        resolved ones, SLA hit rate (% in time among the complaints whose
        outcome is known: resolved, or still open past their deadline), SLA
        pending (open, before the deadline), recurrence rate (% repeating a
        customer's defect within 12 months), the cost of non-quality, the
        average first response time (h), the reopen rate (% of the complaints
        ever resolved that were reopened), the average rating (the latest
        rating of each rated complaint) and the hours worked.
        An average or rate without anything to measure is None, not 0.
        One grouped SQL statement whatever the number of groups and
        complaints; the domain goes through _search, so record rules apply."""
        if domain is None:
            domain = Domain("id", "in", self.ids)
        self.browse().check_access("read")
        query = self._search(Domain(domain) & Domain("stage_id.is_rejected", "=", False))
        blank = dict.fromkeys(
            ("count", "resolved", "recurrences", "known", "hits", "pending", "reopened", "ever_resolved"), 0
        )
        blank.update(cost=0.0, average=None, median=None, first_response=None, rating=None, hours=0.0)
        # The overall group exists even without any complaint.
        figures = {} if groupby else {(): blank}

        def column(field_name):
            return self._field_to_sql(self._table, field_name, query)

        now = fields.Datetime.now()
        # _field_to_sql gives no resolution time (NULL) to open complaints: the
        # average and the median cover the resolved ones only.
        hours = column("resolution_hours")
        resolved = SQL("%s IS NOT NULL", column("date_resolved"))
        deadline = column("sla_deadline")
        known = SQL("%s IS NOT NULL AND (%s OR %s < %s)", deadline, resolved, deadline, now)
        pending = SQL("%s IS NOT NULL AND NOT %s AND %s >= %s", deadline, resolved, deadline, now)
        aggregates = {
            "count": SQL("COUNT(*)"),
            "resolved": SQL("COUNT(*) FILTER (WHERE %s)", resolved),
            "average": SQL("AVG(%s)", hours),
            "median": SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", hours),
            "recurrences": SQL("COUNT(*) FILTER (WHERE %s)", column("is_recurrence")),
            "cost": SQL("COALESCE(SUM(%s), 0)", column("cost_total")),
            "known": SQL("COUNT(*) FILTER (WHERE %s)", known),
            "hits": SQL("COUNT(*) FILTER (WHERE %s AND %s)", known, column("sla_reached")),
            "pending": SQL("COUNT(*) FILTER (WHERE %s)", pending),
            "first_response": SQL(
                "AVG(EXTRACT(EPOCH FROM %s - %s) / 3600)", column("date_first_response"), column("date_received")
            ),
            "reopened": SQL("COUNT(*) FILTER (WHERE %s > 0)", column("reopen_count")),
            "ever_resolved": SQL("COUNT(*) FILTER (WHERE %s OR %s > 0)", resolved, column("reopen_count")),
            "rating": SQL("AVG(%s)", self._service_rating_sql(column("id"))),
            "hours": SQL("COALESCE(SUM(%s), 0)", column("work_hours")),
        }
        groupby_terms = {spec: self._read_group_groupby(self._table, spec, query) for spec in groupby}
        if groupby_terms:
            query.groupby = SQL(", ").join(groupby_terms.values())
            query.order = self._read_group_orderby(None, groupby_terms, query)
        rows = (
            []
            if query.is_empty()
            else self.env.execute_query(query.select(*groupby_terms.values(), *aggregates.values()))
        )
        keys = [()] * len(rows)
        if groupby and rows:
            columns = list(zip(*rows, strict=True))
            keys = zip(
                *(self._read_group_postprocess_groupby(spec, columns[i]) for i, spec in enumerate(groupby)), strict=True
            )
        for key, row in zip(keys, rows, strict=True):
            figures[tuple(key)] = dict(zip(aggregates, row[len(groupby) :], strict=True))
        return {key: self._service_kpi_values(group) for key, group in figures.items()}

    @api.model
    def _service_rating_sql(self, complaint_id):
        """The latest rating the customer gave the complaint `complaint_id`
        (consumed rating.rating rows, like rating.mixin's last value), NULL
        when not rated. Pending ratings are flushed before it runs."""
        rating_fields = self.env["rating.rating"]._fields
        latest = SQL(
            """(SELECT rating_row.rating FROM rating_rating rating_row
                 WHERE rating_row.res_model = %s AND rating_row.res_id = %s
                   AND rating_row.consumed AND rating_row.rating > 0
              ORDER BY rating_row.write_date DESC, rating_row.id DESC LIMIT 1)""",
            self._name,
            complaint_id,
        )
        return SQL().join(
            [latest, *(SQL(to_flush=rating_fields[name]) for name in ("res_model", "res_id", "consumed", "rating"))]
        )

    @api.model
    def _service_kpi_values(self, group):
        count, known = group["count"], group["known"]
        return {
            "count": count,
            "resolved": group["resolved"],
            "average_resolution_hours": None if group["average"] is None else float(group["average"]),
            "median_resolution_hours": None if group["median"] is None else float(group["median"]),
            "sla_hit_rate": 100.0 * group["hits"] / known if known else None,
            "sla_pending": group["pending"],
            "recurrence_rate": 100.0 * group["recurrences"] / count if count else None,
            "cost_total": float(group["cost"]),
            "average_first_response_hours": (
                None if group["first_response"] is None else float(group["first_response"])
            ),
            "reopen_rate": 100.0 * group["reopened"] / group["ever_resolved"] if group["ever_resolved"] else None,
            "average_rating": None if group["rating"] is None else float(group["rating"]),
            "work_hours": float(group["hours"]),
        }

    def _service_kpi_rows(self, kpis):
        """(label, value) of the figures; value None where nothing is measured."""
        labels = {
            "count": self.env._("Complaints"),
            "resolved": self.env._("Resolved"),
            "average_resolution_hours": self.env._("Average Resolution Time (h)"),
            "median_resolution_hours": self.env._("Median Resolution Time (h)"),
            "sla_hit_rate": self.env._("SLA Hit Rate (%)"),
            "sla_pending": self.env._("SLA Pending (open, before the deadline)"),
            "recurrence_rate": self.env._("Recurrence Rate (%)"),
            "cost_total": self.env._("Cost of Non-Quality"),
            "average_first_response_hours": self.env._("Average First Response Time (h)"),
            "reopen_rate": self.env._("Reopen Rate (%)"),
            "average_rating": self.env._("Average Rating"),
            "work_hours": self.env._("Hours Worked"),
        }
        return [(label, None if kpis[key] is None else float(kpis[key])) for key, label in labels.items()]

    # ------------------------------------------------------------------
    # Helpers for reports
    # ------------------------------------------------------------------

    def _plain(self, field_name):
        """A rich-text field as plain text (XLSX and short listings)."""
        self.ensure_one()
        return html2plaintext(self[field_name] or "").strip()
