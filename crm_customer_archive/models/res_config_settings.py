from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..report.customer_archive_xlsx import DEFAULT_EXPORT_THRESHOLD, EXPORT_THRESHOLD_PARAM
from .auditlog_log import AUDIT_RETENTION_PARAM, DEFAULT_AUDIT_RETENTION_DAYS
from .customer_data_request import DEFAULT_DUE_DAYS, DUE_DAYS_PARAM
from .customer_license import DEFAULT_TOKEN_HOURS, MAX_TOKEN_HOURS, TOKEN_HOURS_PARAM
from .customer_license_api import DEFAULT_IP_LIMIT, DEFAULT_KEY_LIMIT
from .customer_public_request import DEFAULT_VERIFY_IP_LIMIT, VERIFY_IP_LIMIT_PARAM
from .customer_return_visit_rule import DEFAULT_RETURN_VISIT_DELAY_DAYS, RETURN_VISIT_DELAY_PARAM
from .res_users_mfa import MFA_REQUIRED_PARAM

COMPLAINT_ALIAS = "crm_customer_archive.mail_alias_customer_complaint"
RATE_LIMIT_FIELDS = ("license_api_ip_limit", "license_api_key_limit", "certificate_verify_ip_limit")
# Secure login: auth_session_timeout keeps the delay in seconds; Settings show minutes.
SESSION_TIMEOUT_PARAM = "inactive_session_time_out_delay"
MAX_SESSION_TIMEOUT_MINUTES = 24 * 60
# password_security / auth_password_policy counts a negative value would break.
PASSWORD_COUNT_FIELDS = (
    "minlength",
    "password_lower",
    "password_upper",
    "password_numeric",
    "password_special",
    "password_expiration",
    "password_minimum",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Capability switches: a capability off has no menu, smart button,
    # portal page or public route (models/customer_archive_capability.py).
    group_capability_contracts = fields.Boolean(
        "Contracts", implied_group="crm_customer_archive.group_capability_contracts"
    )
    group_capability_engineering = fields.Boolean(
        "Engineering", implied_group="crm_customer_archive.group_capability_engineering"
    )
    group_capability_complaints = fields.Boolean(
        "Complaints", implied_group="crm_customer_archive.group_capability_complaints"
    )
    group_capability_licenses = fields.Boolean(
        "Software Licences", implied_group="crm_customer_archive.group_capability_licenses"
    )
    contract_end_reminder_days = fields.Integer(related="company_id.contract_end_reminder_days", readonly=False)
    contract_payment_reminder_days = fields.Integer(related="company_id.contract_payment_reminder_days", readonly=False)
    license_trial_days = fields.Integer(related="company_id.license_trial_days", readonly=False)
    license_reminder_days = fields.Integer(related="company_id.license_reminder_days", readonly=False)
    license_release_days = fields.Integer(related="company_id.license_release_days", readonly=False)
    pool_claim_limit = fields.Integer(related="company_id.pool_claim_limit", readonly=False)
    pool_return_days = fields.Integer(related="company_id.pool_return_days", readonly=False)
    pool_notice_days = fields.Integer(related="company_id.pool_notice_days", readonly=False)
    archive_credit_min_level = fields.Selection(related="company_id.archive_credit_min_level", readonly=False)
    archive_dormant_months = fields.Integer(related="company_id.archive_dormant_months", readonly=False)
    archive_lost_months = fields.Integer(related="company_id.archive_lost_months", readonly=False)
    archive_status_confirm = fields.Boolean(related="company_id.archive_status_confirm", readonly=False)
    churn_revenue_drop_percent = fields.Float(related="company_id.churn_revenue_drop_percent", readonly=False)
    churn_complaint_days = fields.Integer(related="company_id.churn_complaint_days", readonly=False)
    churn_followup_days = fields.Integer(related="company_id.churn_followup_days", readonly=False)
    license_public_key = fields.Text("Licence Public Key", compute="_compute_license_public_key")
    # Rate limits of the public routes, per minute (system parameters).
    license_api_ip_limit = fields.Integer(
        "Licence API Calls per Address",
        config_parameter="crm_customer_archive.license_api_ip_limit",
        default=DEFAULT_IP_LIMIT,
    )
    license_api_key_limit = fields.Integer(
        "Licence API Calls per Key",
        config_parameter="crm_customer_archive.license_api_key_limit",
        default=DEFAULT_KEY_LIMIT,
    )
    license_token_hours = fields.Integer(
        "Offline Token Lifetime (hours)",
        config_parameter=TOKEN_HOURS_PARAM,
        default=DEFAULT_TOKEN_HOURS,
    )
    certificate_verify_ip_limit = fields.Integer(
        "Certificate Checks per Address",
        config_parameter=VERIFY_IP_LIMIT_PARAM,
        default=DEFAULT_VERIFY_IP_LIMIT,
    )
    export_async_threshold = fields.Integer(
        "Background Export Above",
        config_parameter=EXPORT_THRESHOLD_PARAM,
        default=DEFAULT_EXPORT_THRESHOLD,
        help="An Excel export of more records than this runs in the background; the file arrives in the Inbox.",
    )
    data_request_due_days = fields.Integer(
        "Data-Subject Request Answer Days",
        config_parameter=DUE_DAYS_PARAM,
        default=DEFAULT_DUE_DAYS,
        help="A new data-subject request is due this many days after it was received.",
    )
    complaint_alias_name = fields.Char(
        "Complaint E-mail Alias", compute="_compute_complaint_alias", inverse="_inverse_complaint_alias"
    )
    complaint_alias_domain = fields.Char(compute="_compute_complaint_alias")
    # Service: the return visit planned after a complaint closes (customer_followup_return_visit.py)
    return_visit_delay_days = fields.Integer(
        "Return Visit After (days)",
        config_parameter=RETURN_VISIT_DELAY_PARAM,
        default=DEFAULT_RETURN_VISIT_DELAY_DAYS,
        help="A closed complaint gets a planned return visit this many days later.",
    )
    # Service: the satisfaction survey sent when a complaint closes (customer_complaint_survey.py)
    complaint_survey_id = fields.Many2one(
        related="company_id.complaint_survey_id", readonly=False, domain=[("survey_type", "!=", "live_session")]
    )
    # Compliance: secure login (res_users_mfa.py, OCA auth_session_timeout)
    archive_mfa_required = fields.Boolean(
        "Two-Factor Login for Personal Data and Managers", config_parameter=MFA_REQUIRED_PARAM
    )
    archive_session_timeout = fields.Integer("Session Timeout (minutes)")
    # Compliance: the audit trail's retention, read by auditlog's autovacuum cron
    audit_retention_days = fields.Integer(
        "Audit Trail Retention (days)",
        config_parameter=AUDIT_RETENTION_PARAM,
        default=DEFAULT_AUDIT_RETENTION_DAYS,
        help="Rows of the audit trail older than this are deleted by the daily clean-up.",
    )
    # Compliance: the privacy notice of the portal (res_company_privacy.py)
    privacy_notice = fields.Html(related="company_id.privacy_notice", readonly=False)
    privacy_notice_date = fields.Date(related="company_id.privacy_notice_date", readonly=False)

    def _compute_license_public_key(self):
        for settings in self:
            settings.license_public_key = self.env["customer.license"]._public_key_pem()

    def _complaint_alias(self):
        return self.env.ref(COMPLAINT_ALIAS, raise_if_not_found=False)

    def _compute_complaint_alias(self):
        alias = self._complaint_alias()
        for settings in self:
            settings.complaint_alias_name = alias.alias_name if alias else False
            settings.complaint_alias_domain = alias.alias_domain if alias else False

    def _inverse_complaint_alias(self):
        alias = self._complaint_alias()
        for settings in self:
            if alias and settings.complaint_alias_name != alias.alias_name:
                alias.alias_name = settings.complaint_alias_name

    @api.constrains("return_visit_delay_days")
    def _check_return_visit_delay_days(self):
        if any(settings.return_visit_delay_days <= 0 for settings in self):
            raise ValidationError(self.env._("A return visit is planned at least 1 day after the complaint closes."))

    @api.constrains("export_async_threshold")
    def _check_export_async_threshold(self):
        if any(settings.export_async_threshold <= 0 for settings in self):
            raise ValidationError(self.env._("“Background Export Above” must be at least 1 record."))

    @api.constrains(*RATE_LIMIT_FIELDS)
    def _check_rate_limits(self):
        for settings in self:
            for name in RATE_LIMIT_FIELDS:
                if settings[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "“%(field)s” must be at least 1 call per minute.",
                            field=self._fields[name]._description_string(self.env),
                        )
                    )

    @api.constrains("data_request_due_days")
    def _check_data_request_due_days(self):
        if any(settings.data_request_due_days <= 0 for settings in self):
            raise ValidationError(self.env._("Data-subject requests need at least 1 day to be answered."))

    @api.constrains("audit_retention_days")
    def _check_audit_retention_days(self):
        if any(settings.audit_retention_days < 1 for settings in self):
            raise ValidationError(self.env._("The audit trail must be kept at least 1 day."))

    @api.constrains("archive_session_timeout")
    def _check_archive_session_timeout(self):
        for settings in self:
            if not 1 <= settings.archive_session_timeout <= MAX_SESSION_TIMEOUT_MINUTES:
                raise ValidationError(
                    self.env._(
                        "The session timeout must be between 1 and %(max)s minutes, not %(minutes)s.",
                        max=MAX_SESSION_TIMEOUT_MINUTES,
                        minutes=settings.archive_session_timeout,
                    )
                )

    @api.constrains(*PASSWORD_COUNT_FIELDS)
    def _check_password_counts(self):
        for settings in self:
            for name in PASSWORD_COUNT_FIELDS:
                if settings[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "“%(field)s” cannot be negative.",
                            field=self._fields[name]._description_string(self.env),
                        )
                    )

    @api.model
    def get_values(self):
        values = super().get_values()
        values["archive_session_timeout"] = self.env["ir.config_parameter"]._auth_timeout_get_parameter_delay() // 60
        return values

    def set_values(self):
        result = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(SESSION_TIMEOUT_PARAM, self.archive_session_timeout * 60)
        return result

    @api.constrains("license_token_hours")
    def _check_license_token_hours(self):
        for settings in self:
            if not 1 <= settings.license_token_hours <= MAX_TOKEN_HOURS:
                raise ValidationError(
                    self.env._(
                        "The offline token lifetime must be between 1 and %(max)s hours, not %(hours)s.",
                        max=MAX_TOKEN_HOURS,
                        hours=settings.license_token_hours,
                    )
                )
