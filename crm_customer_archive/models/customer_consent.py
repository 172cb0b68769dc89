from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PERSONAL_DATA_GROUP = "crm_customer_archive.group_archive_personal_data"
# What a consent proves is fixed once given; withdrawal goes through _withdraw()
# only, which passes this object in the context (no RPC client can send one).
FIXED_FIELDS = {"partner_id", "scope", "notice_date", "withdrawn_on", "withdrawal_reason"}
WITHDRAW = object()


class CustomerConsent(models.Model):
    """A person's consent (PIPL art. 13/14): for which purpose, to which
    scope of data, when, how (channel, evidence). Withdrawn, never deleted:
    the record proves what was allowed when. A contact's resident ID number
    and birth date are stored only while a consent of scope "personal
    identity" is in force (res_partner_consent.py)."""

    _name = "customer.consent"
    _description = "Customer Consent"
    _inherit = ["customer.archive.input.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "purpose"

    partner_id = fields.Many2one(
        "res.partner", "Contact", required=True, index=True, ondelete="restrict", check_company=True, tracking=True
    )
    # The contact's company (its customer's), else the user's: a consent belongs where its contact is kept.
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    purpose = fields.Char(required=True, tracking=True, help="What the data is collected and used for, as told.")
    scope = fields.Selection(
        [
            ("personal_identity", "Personal Identity (ID Number, Birth Date)"),
            ("business_contact", "Business Contact"),
            ("marketing", "Marketing"),
            ("privacy_notice", "Privacy Notice Acknowledged"),
        ],
        required=True,
        tracking=True,
    )
    date = fields.Date("Given On", required=True, default=fields.Date.context_today, tracking=True)
    channel = fields.Selection(
        [("paper", "Signed Paper Form"), ("email", "E-mail"), ("portal", "Customer Portal"), ("phone", "Phone Call")],
        required=True,
        tracking=True,
    )
    # The signed form may itself carry the ID number: Personal Data only.
    evidence = fields.Binary(attachment=True, groups=PERSONAL_DATA_GROUP, copy=False)
    evidence_filename = fields.Char(groups=PERSONAL_DATA_GROUP, copy=False)
    notice_date = fields.Date(
        "Notice Version", readonly=True, help="The date of the privacy notice acknowledged (scope privacy notice)."
    )
    withdrawn_on = fields.Date(readonly=True, copy=False, tracking=True)
    withdrawal_reason = fields.Text(readonly=True, copy=False)
    in_force = fields.Boolean(compute="_compute_in_force", store=True, index=True)

    def _scope_detail(self, given):
        scope = dict(self._fields["scope"]._description_selection(self.env))[self.scope]
        if given:
            return self.env._("Given: %(scope)s", scope=scope)
        return self.env._("Withdrawn: %(scope)s", scope=scope)

    @api.depends("partner_id")
    def _compute_company_id(self):
        for consent in self:
            consent.company_id = (
                consent.partner_id.commercial_partner_id.company_id or consent.company_id or self.env.company
            )

    @api.depends("withdrawn_on")
    def _compute_in_force(self):
        for consent in self:
            consent.in_force = not consent.withdrawn_on

    @api.constrains("purpose")
    def _check_purpose(self):
        for consent in self:
            if not (consent.purpose or "").strip():
                raise ValidationError(self.env._("A consent needs its purpose: what the data is collected for."))

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.date > today:
                raise ValidationError(
                    self.env._("A consent cannot be given in the future (%(date)s).", date=consent.date)
                )

    @api.constrains("scope", "partner_id")
    def _check_identity_of_a_person(self):
        for consent in self:
            if consent.scope == "personal_identity" and consent.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a company: only a person consents to the storage of an ID number "
                        "and a birth date.",
                        partner=consent.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        for consent in consents:
            self.env["auditlog.log"]._log_archive_event(consent, "consent", detail=consent._scope_detail(given=True))
        return consents

    def write(self, vals):
        if FIXED_FIELDS & vals.keys() and self.env.context.get("customer_consent_withdraw") is not WITHDRAW:
            raise UserError(
                self.env._(
                    "A consent given cannot be changed: record a new one, or withdraw it with its button "
                    "(the contact, scope and withdrawal are its proof)."
                )
            )
        return super().write(vals)

    def _withdraw(self, reason):
        """Withdraw these consents; a contact left without a consent in force
        for its identity loses its ID number and birth date (PIPL art. 15)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the consent is withdrawn (the person's request, its date…)."))
        if withdrawn := self.filtered(lambda consent: not consent.in_force):
            raise UserError(self.env._("The consent “%(purpose)s” is already withdrawn.", purpose=withdrawn[0].purpose))
        self.with_context(customer_consent_withdraw=WITHDRAW).write(
            {"withdrawn_on": fields.Date.context_today(self), "withdrawal_reason": reason}
        )
        AuditLog = self.env["auditlog.log"]
        for consent in self:
            AuditLog._log_archive_event(consent, "consent", detail=consent._scope_detail(given=False))
        self.filtered(lambda consent: consent.scope == "personal_identity").partner_id._clear_unconsented_identity()
