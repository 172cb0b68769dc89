import hashlib
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.license_key import format_key, generate_key, is_valid_key, normalize_key
from ..tools.signature import generate_private_key_pem, public_key_pem, sign_license_file, sign_token
from .server_fields import refuse_server_fields

LICENSE_MANAGER_GROUP = "crm_customer_archive.group_license_manager"
PRIVATE_KEY_PARAM = "crm_customer_archive.license_signing_key"
# How long a signed token lets a machine run without the licence server (system parameter).
TOKEN_HOURS_PARAM = "crm_customer_archive.license_token_hours"
DEFAULT_TOKEN_HOURS = 168
MAX_TOKEN_HOURS = 24 * 366
# Kept by the licence server and the renewal, never by a client.
SERVER_FIELDS = ("key", "key_masked", "seats_used", "reminder_sent", "previous_date_end")
LOG_RETENTION_DAYS = 365
# More machines than any customer runs: beyond it a number is a typing error.
MAX_SEATS = 100000


class CustomerLicense(models.Model):
    """A software licence (产品授权): key, seats, period and state, with the
    machines it is activated on and a log of every licence-server call."""

    _name = "customer.license"
    _description = "Software Licence"
    _check_company_auto = True
    _inherit = ["customer.archive.input.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_end desc, id desc"
    # The list's default order, the "Ends" filter and the expiry cron (date_end ranges).
    _date_end_id_idx = models.Index("(date_end DESC, id DESC)")
    _rec_name = "key_masked"

    key = fields.Char(
        "Licence Key",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: generate_key(),
        groups=LICENSE_MANAGER_GROUP,
    )
    key_masked = fields.Char("Key", compute="_compute_key_masked", store=True)
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
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_software", "=", True)],
        compute="_compute_product_tmpl_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    build_id = fields.Many2one(
        "customer.software.build",
        string="Customer Build",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
    )
    license_type = fields.Selection(
        [("trial", "Trial"), ("subscription", "Subscription"), ("perpetual", "Perpetual")],
        string="Type",
        required=True,
        default="subscription",
        tracking=True,
    )
    seats = fields.Integer(required=True, default=1, tracking=True, help="Machines the licence may run on at once.")
    seats_used = fields.Integer(compute="_compute_seats_used", store=True, help="Active machines.")
    date_start = fields.Date("Start", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("End", tracking=True, help="Empty for a perpetual licence.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("suspended", "Suspended"),
            ("revoked", "Revoked"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    feature_ids = fields.Many2many(
        "customer.license.feature",
        string="Features",
        check_company=True,
        tracking=True,
        help="Features the licence unlocks; their codes go into the signed licence file.",
    )
    contract_id = fields.Many2one("customer.contract", index="btree_not_null", ondelete="restrict", check_company=True)
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        check_company=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    activation_ids = fields.One2many("customer.license.activation", "license_id", string="Activations")
    log_ids = fields.One2many("customer.license.log", "license_id", string="Licence Server Log")
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    previous_date_end = fields.Date("Previous End", readonly=True, copy=False)

    _key_unique = models.UniqueIndex("(key)", "This licence key already exists.")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("key")
    def _compute_key_masked(self):
        for license_ in self.sudo():
            compact = normalize_key(license_.key or "")
            license_.key_masked = f"{compact[:5]}-*****-*****-*****-{compact[-5:]}" if compact else False

    @api.depends("build_id")
    def _compute_product_tmpl_id(self):
        for license_ in self:
            if license_.build_id:
                license_.product_tmpl_id = license_.build_id.product_tmpl_id

    @api.depends("activation_ids.state")
    def _compute_seats_used(self):
        counts = dict(
            self.env["customer.license.activation"]._read_group(
                [("license_id", "in", self.ids), ("state", "=", "active")], ["license_id"], ["__count"]
            )
        )
        for license_ in self:
            license_.seats_used = counts.get(license_._origin or license_, 0)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for license_ in self:
            license_.access_url = f"/my/licenses/{license_.id}"

    @api.constrains("seats")
    def _check_seats(self):
        for license_ in self:
            if license_.seats <= 0:
                raise ValidationError(self.env._("A licence needs at least one seat."))
            if license_.seats > MAX_SEATS:
                raise ValidationError(
                    self.env._(
                        "A licence has at most %(max)s seats, not %(seats)s.", max=MAX_SEATS, seats=license_.seats
                    )
                )

    @api.constrains("date_start", "date_end", "license_type")
    def _check_dates(self):
        for license_ in self:
            if license_.date_end and license_.date_end < license_.date_start:
                raise ValidationError(
                    self.env._(
                        "The licence cannot end (%(end)s) before it starts (%(start)s).",
                        end=license_.date_end,
                        start=license_.date_start,
                    )
                )
            if license_.license_type != "perpetual" and not license_.date_end:
                raise ValidationError(self.env._("Trial and subscription licences need an end date."))

    @api.constrains("build_id", "partner_id")
    def _check_build_customer(self):
        for license_ in self:
            if license_.build_id and license_.build_id.partner_id != license_.partner_id:
                raise ValidationError(
                    self.env._("The build %(build)s belongs to another customer.", build=license_.build_id.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        trial_days = self.env.company.license_trial_days
        for vals in vals_list:
            refuse_server_fields(self, vals, SERVER_FIELDS[1:])
            if "key" in vals and not is_valid_key(vals["key"]):
                raise ValidationError(self.env._("This is not a valid licence key."))
            if "key" in vals:
                vals["key"] = format_key(normalize_key(vals["key"]))
            if vals.get("license_type") == "trial" and not vals.get("date_end"):
                start = fields.Date.to_date(vals.get("date_start")) or fields.Date.context_today(self)
                vals["date_end"] = start + timedelta(days=trial_days)
        return super().create(vals_list)

    def write(self, vals):
        refuse_server_fields(self, vals, SERVER_FIELDS)
        if vals.get("state") == "active" and not self.env.su:
            if any(license_.state == "revoked" for license_ in self) and not self.env.user.has_group(
                LICENSE_MANAGER_GROUP
            ):
                raise AccessError(self.env._("Only a licence manager can reactivate a revoked licence."))
        if vals.get("state") in ("suspended", "revoked") and not self.env.su:
            self._check_license_manager()
        return super().write(vals)

    def _check_license_manager(self):
        if not self.env.user.has_group(LICENSE_MANAGER_GROUP):
            raise AccessError(self.env._("Only a licence manager can suspend, revoke or reactivate licences."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        for license_ in self:
            if license_.date_end and license_.date_end < fields.Date.context_today(license_):
                raise UserError(self.env._("Licence %s has already ended: renew it instead.", license_.key_masked))
        self.write({"state": "active"})
        return True

    def action_suspend(self):
        self._check_license_manager()
        self.write({"state": "suspended"})
        return True

    def action_revoke(self):
        self._check_license_manager()
        self.write({"state": "revoked"})
        self.activation_ids.filtered(lambda activation: activation.state == "active").sudo().write(
            {"state": "released", "released_reason": "desk"}
        )
        return True

    def action_renew(self):
        """Extend by the product's subscription length (12 months by
        default) from the later of today and the current end."""
        for license_ in self:
            if license_.state == "revoked":
                raise UserError(self.env._("A revoked licence cannot be renewed."))
            if license_.license_type == "perpetual":
                raise UserError(self.env._("A perpetual licence does not end and needs no renewal."))
            months = license_.product_tmpl_id.license_duration_months or 12
            start = max(license_.date_end or fields.Date.context_today(license_), fields.Date.context_today(license_))
            new_end = start + relativedelta(months=months)
            values = {
                "previous_date_end": license_.date_end,
                "date_end": new_end,
                "reminder_sent": False,
                "license_type": "subscription",
            }
            if license_.state in ("expired", "draft"):
                values["state"] = "active"
            # The renewal keeps the previous end: a server field, written once the right is checked.
            license_.check_access("write")
            license_.sudo().write(values)
            self.env["customer.license.log"].sudo().create(
                {"license_id": license_.id, "action": "renew", "result": "ok", "user_id": self.env.uid}
            )
            license_.message_post(
                body=self.env._("Renewed until %(date)s.", date=fields.Date.to_string(new_end)),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id.get_formview_action()

    def action_view_sale_order(self):
        self.ensure_one()
        return self.sale_line_id.order_id.get_formview_action()

    def action_download_file(self):
        self.ensure_one()
        # The file carries the full key.
        self._check_license_manager()
        return {"type": "ir.actions.act_url", "url": f"/my/licenses/{self.id}/file", "target": "download"}

    # ------------------------------------------------------------------
    # Signing (Ed25519): a key pair per database, generated once
    # ------------------------------------------------------------------

    @api.model
    def _private_key_pem(self):
        """The signing key (PEM), generated on first use and kept in a system
        parameter, which only system administrators can read."""
        Param = self.env["ir.config_parameter"].sudo()
        pem = Param.get_param(PRIVATE_KEY_PARAM)
        if not pem:
            pem = generate_private_key_pem()
            Param.set_param(PRIVATE_KEY_PARAM, pem)
        return pem

    @api.model
    def _public_key_pem(self):
        return public_key_pem(self._private_key_pem())

    def _license_document(self):
        """What the signed file states about the licence."""
        self.ensure_one()
        sudo = self.sudo()
        return {
            "license_key": sudo.key,
            "customer": sudo.partner_id.name,
            "customer_code": sudo.partner_id.ref or "",
            "product": sudo.product_tmpl_id.name,
            "build": sudo.build_id.version or "",
            "type": sudo.license_type,
            "seats": sudo.seats,
            "date_start": fields.Date.to_string(sudo.date_start),
            "date_end": fields.Date.to_string(sudo.date_end) if sudo.date_end else None,
            # The codes, once each: a shared feature and a company one may share a code.
            "features": list(dict.fromkeys(sudo.feature_ids.sorted().mapped("code"))),
            "issuer": sudo.company_id.name,
            "issued_at": fields.Datetime.to_string(fields.Datetime.now()),
        }

    def _license_file(self):
        """The signed licence file (JSON bytes) the customer's software
        verifies offline with the published public key."""
        self.ensure_one()
        if self.state not in ("active", "expired"):
            raise UserError(self.env._("Only an active licence can be given as a file."))
        return sign_license_file(self._license_document(), self._private_key_pem())

    def _signed_token(self, fingerprint_hash):
        """A short signed statement: this licence runs on this machine until
        ``exp``, the token lifetime of the settings from now, at the latest the
        day after the licence ends. The machine may run offline until then."""
        self.ensure_one()
        hours = int(self.env["ir.config_parameter"].sudo().get_param(TOKEN_HOURS_PARAM, DEFAULT_TOKEN_HOURS))
        expiry = fields.Datetime.now() + timedelta(hours=hours)
        if self.date_end:
            expiry = min(expiry, fields.Datetime.to_datetime(self.date_end) + timedelta(days=1))
        payload = {"lic": self.id, "fp": fingerprint_hash[:32], "exp": fields.Datetime.to_string(expiry)}
        return sign_token(payload, self._private_key_pem()), expiry

    def _fingerprint_hash(self, fingerprint):
        """Machine fingerprints are stored only as a hash salted with the key."""
        self.ensure_one()
        return hashlib.sha256(f"{self.sudo().key}:{fingerprint}".encode()).hexdigest()

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_license_lifecycle(self):
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "active"), ("date_end", "!=", False), ("date_end", "<", today)])
        ended.write({"state": "expired"})
        for license_ in ended:
            # Written in the responsible user's language, not OdooBot's.
            lang_env = license_.with_context(lang=(license_.user_id or self.env.user).lang).env
            license_.message_post(body=lang_env._("Expired on %s.", license_.date_end), subtype_xmlid="mail.mt_note")
        template = self.env.ref("crm_customer_archive.mail_template_license_reminder", raise_if_not_found=False)
        for company in self.env["res.company"].search([]):
            limit = today + timedelta(days=company.license_reminder_days)
            ending = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "active"),
                    ("reminder_sent", "=", False),
                    ("date_end", "!=", False),
                    ("date_end", "<=", limit),
                ]
            )
            for license_ in ending:
                user = license_.user_id or self.env.user
                # The cron runs as OdooBot: the summary is in the language of the user who gets it.
                summary = license_.with_context(lang=user.lang).env._(
                    "Licence %(key)s ends on %(date)s: renew it", key=license_.key_masked, date=license_.date_end
                )
                license_.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=license_.date_end,
                    summary=summary,
                    user_id=user.id,
                )
                if template:
                    template.send_mail(license_.id)
            ending.reminder_sent = True
            idle_since = fields.Datetime.now() - timedelta(days=company.license_release_days)
            idle = self.env["customer.license.activation"].search(
                [("company_id", "=", company.id), ("state", "=", "active"), ("last_seen", "<", idle_since)]
            )
            idle.write({"state": "released", "released_reason": "idle"})
        # API call logs serve support and rate limits: one year is kept; renewals stay.
        self.env["customer.license.log"].search(
            [("action", "!=", "renew"), ("date", "<", fields.Datetime.now() - timedelta(days=LOG_RETENTION_DAYS))]
        ).unlink()
        self.env["customer.license.rate"]._purge()
