import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

PERSONAL_DATA_GROUP = "crm_customer_archive.group_archive_personal_data"
SEQUENCE_CODE = "crm_customer_archive.customer_data_request"
DUE_DAYS_PARAM = "crm_customer_archive.data_request_due_days"
# GB/T 35273-2020 §8.7: answer a request within 15 working days at most.
DEFAULT_DUE_DAYS = 15

# The contact's own data copied into the access copy (the addon's personal
# fields are added in full: only the Personal Data group handles requests).
CONTACT_FIELDS = (
    "name",
    "parent_id",
    "function",
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "lang",
    "contact_state",
)

CONSENT_FIELDS = [
    "purpose",
    "scope",
    "date",
    "channel",
    "notice_date",
    "evidence_filename",
    "withdrawn_on",
    "withdrawal_reason",
    "in_force",
]

# Documents that name a contact: (model, fields naming it). The access copy
# lists them; erasure keeps them, the contact anonymised.
NAMING_DOCUMENTS = (
    ("customer.contract", ("partner_id", "party_a_id", "party_b_id")),
    ("customer.complaint", ("partner_id", "reporter_id")),
    ("customer.followup", ("partner_id", "contact_id")),
    ("sale.order", ("partner_id", "partner_invoice_id", "partner_shipping_id")),
    ("account.move", ("partner_id",)),
    ("stock.picking", ("partner_id",)),
)


class CustomerDataRequest(models.Model):
    """A data-subject request (个人信息主体请求, PIPL art. 44-47): a person asks
    for a copy of their personal data, its correction or its deletion. Handled
    by the Personal Data group, read by security officers; every step is in
    the chatter and in the audit trail."""

    _name = "customer.data.request"
    _description = "Data-Subject Request"
    _inherit = ["customer.archive.input.mixin", "mail.thread"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    # Not tracked: a tracking value would keep the name after erasure.
    contact_id = fields.Many2one(
        "res.partner",
        "Data Subject",
        required=True,
        index=True,
        domain="[('is_company', '=', False)]",
        check_company=True,
        help="The person whose personal data the request is about.",
    )
    partner_id = fields.Many2one(related="contact_id.commercial_partner_id", string="Customer", store=True, index=True)
    request_type = fields.Selection(
        [("access", "Access Copy"), ("correction", "Correction"), ("deletion", "Deletion")],
        string="Request",
        required=True,
        tracking=True,
    )
    date_received = fields.Date("Received On", required=True, default=fields.Date.context_today, tracking=True)
    date_due = fields.Date(
        "Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        tracking=True,
        help="Received on plus the answer time of the settings (Compliance).",
    )
    description = fields.Text("Request Details", help="What the person asks, in their words.")
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"), ("done", "Done"), ("refused", "Refused")],
        string="Status",
        required=True,
        default="new",
        readonly=True,
        copy=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", "Handled By", readonly=True, copy=False, tracking=True, domain="[('share', '=', False)]"
    )
    date_done = fields.Datetime("Completed On", readonly=True, copy=False)
    result = fields.Text("Handling Result", help="What was done: the correction made, the copy sent, the data erased.")
    refuse_reason = fields.Text("Refusal Reason", copy=False, tracking=True)
    access_copy_id = fields.Many2one("ir.attachment", readonly=True, copy=False)

    _state_due_idx = models.Index("(state, date_due)")

    @api.depends("date_received")
    def _compute_date_due(self):
        days = self._due_days()
        for request in self:
            request.date_due = request.date_received and request.date_received + timedelta(days=days)

    @api.model
    def _due_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(DUE_DAYS_PARAM)
        return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_DUE_DAYS

    @api.constrains("contact_id")
    def _check_contact_is_person(self):
        for request in self:
            if request.contact_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a company: a data-subject request is about a person's data.",
                        partner=request.contact_id.display_name,
                    )
                )

    @api.constrains("date_received", "date_due")
    def _check_dates(self):
        for request in self:
            if request.date_due and request.date_due < request.date_received:
                raise ValidationError(
                    self.env._("The due date of %(request)s is before the day it was received.", request=request.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = Sequence.with_company(company).next_by_code(SEQUENCE_CODE) or "/"
        requests = super().create(vals_list)
        for request in requests:
            request._log_step(self.env._("Request received."))
        return requests

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        self.ensure_one()
        self._ensure_state("new")
        self.write({"state": "in_progress", "user_id": self.env.uid})
        self._log_step(self.env._("Handling started."))

    def action_send_access_copy(self):
        """Access copy: a JSON file of the person's data, consents and the
        documents that name them, attached to the request."""
        self.ensure_one()
        self._ensure_ready("access")
        data = self.sudo()._access_copy_data()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}-access-copy.json",
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/json",
                "raw": json.dumps(data, ensure_ascii=False, indent=2, default=str).encode(),
            }
        )
        self.access_copy_id = attachment
        self._finish(self.env._("Access copy %(file)s attached.", file=attachment.name))

    def action_mark_corrected(self):
        self.ensure_one()
        self._ensure_ready("correction")
        if not (self.result or "").strip():
            raise UserError(
                self.env._(
                    "Write in Handling Result what was corrected before marking %(request)s done.", request=self.name
                )
            )
        self._finish(self.env._("Correction made."))

    def action_erase(self):
        """Deletion: refused while a legal hold keeps the person's data
        (nothing written); otherwise the contact is anonymised and the addon's
        personal data cleared,
        so that contracts, complaints and invoices stay whole and readable."""
        self.ensure_one()
        self._ensure_ready("deletion")
        contact = self.contact_id.sudo()
        holds = contact._data_request_legal_holds()
        if holds:
            raise UserError(
                self.env._(
                    "%(request)s: the personal data cannot be erased while the law requires keeping it: "
                    "%(holds)s. Refuse the request with this reason, or erase once these are closed.",
                    request=self.name,
                    holds="; ".join(holds),
                )
            )
        contact._erase_personal_data()
        self.env["auditlog.log"]._log_archive_event(contact, "erase", detail=self.name)
        self._finish(self.env._("Personal data erased: the contact is anonymised, the documents kept."))

    def action_refuse(self):
        self.ensure_one()
        self._ensure_state("new", "in_progress")
        if not (self.refuse_reason or "").strip():
            raise UserError(self.env._("Write the refusal reason before refusing %(request)s.", request=self.name))
        self.write({"state": "refused", "user_id": self.env.uid, "date_done": fields.Datetime.now()})
        self._log_step(self.env._("Request refused: %(reason)s", reason=self.refuse_reason))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _ensure_state(self, *states):
        """Also the right check before anything runs as superuser: only who
        may change the request (the Personal Data group) handles it."""
        self.check_access("write")
        if not self.env.user.has_group(PERSONAL_DATA_GROUP):
            raise AccessError(self.env._("Only the Personal Data group handles data-subject requests."))
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(request)s is %(state)s: this step is not possible now.",
                    request=self.name,
                    state=labels[self.state],
                )
            )

    def _ensure_ready(self, request_type):
        self._ensure_state("in_progress")
        if self.request_type != request_type:
            types = dict(self._fields["request_type"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(request)s is a request of type “%(type)s”: this step belongs to another type.",
                    request=self.name,
                    type=types[self.request_type],
                )
            )

    def _finish(self, summary):
        self.write(
            {
                "state": "done",
                "user_id": self.env.uid,
                "date_done": fields.Datetime.now(),
                "result": self.result or summary,
            }
        )
        self._log_step(summary)

    def _log_step(self, text):
        """Chatter and audit trail. Never the person's name or data: they
        would outlive an erasure."""
        self.message_post(body=text, subtype_xmlid="mail.mt_note")
        self.env["auditlog.log"]._log_archive_event(self, "data_request", detail=text[:250])

    def _archive_audit_partner(self):
        return self.partner_id

    def _access_copy_data(self):
        contact = self.contact_id.with_context(active_test=False)
        personal = {}
        for name in CONTACT_FIELDS:
            if name in contact._fields:
                value = contact[name]
                personal[name] = value.display_name if isinstance(value, models.BaseModel) else value
        personal["id_number"] = contact.private_id_number or False
        personal["birthdate"] = contact.private_birthdate or False
        return {
            "request": self.name,
            "generated_on": fields.Datetime.now(),
            "company": self.company_id.name,
            "personal_data": personal,
            "consents": self._access_copy_consents(contact),
            "documents": self._access_copy_documents(contact),
        }

    def _access_copy_consents(self, contact):
        Consent = self.env["customer.consent"].with_context(active_test=False)
        consents = Consent.search([("partner_id", "=", contact.id)])
        return consents.read(CONSENT_FIELDS, load=None)

    def _access_copy_documents(self, contact):
        documents = []
        for model, field_names in NAMING_DOCUMENTS:
            if model not in self.env:
                continue
            Model = self.env[model].with_context(active_test=False)
            domain = Domain.OR(Domain(name, "=", contact.id) for name in field_names if name in Model._fields)
            for record in Model.search(domain & Domain("company_id", "in", self.company_id.ids)):
                documents.append(
                    {
                        "type": self.env["ir.model"]._get(model).name,
                        "reference": record.display_name,
                        "as": [
                            Model._fields[name]._description_string(self.env)
                            for name in field_names
                            if name in Model._fields and record[name] == contact
                        ],
                    }
                )
        return documents
