from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_credit import CREDIT_LEVELS


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_end_reminder_days = fields.Integer(
        "Contract End Reminder (days)",
        default=30,
        help="The responsible user gets an activity this many days before a contract ends.",
    )
    contract_payment_reminder_days = fields.Integer(
        "Payment Reminder (days)",
        default=7,
        help="The responsible user gets an activity this many days before a contract payment is due.",
    )

    license_trial_days = fields.Integer("Trial Length (days)", default=30)
    license_reminder_days = fields.Integer(
        "Licence End Reminder (days)",
        default=30,
        help="The responsible user and the customer are reminded this many days before a licence ends.",
    )
    license_release_days = fields.Integer(
        "Release Idle Machines (days)",
        default=90,
        help="Activations not seen for this many days free their seat.",
    )
    # Customer pool (客户公海)
    pool_claim_limit = fields.Integer(
        "Claim Limit", default=20, help="Prospects an account manager may hold at most (claimed or assigned)."
    )
    pool_return_days = fields.Integer(
        "Return to Pool After (days)",
        default=30,
        help="A prospect without a done follow-up for this many days returns to the customer pool.",
    )
    pool_notice_days = fields.Integer(
        "Return Notice (days)",
        default=5,
        help="The account manager gets an activity this many days before the prospect returns to the pool.",
    )
    archive_credit_min_level = fields.Selection(
        CREDIT_LEVELS,
        string="Minimum Credit Level",
        help="Confirming an order for a customer rated below this level needs a sales or customer archive "
        "manager. Empty: no check (customers without a credit level are not checked either).",
    )

    # Automatic status and churn warnings (customer.value, nightly)
    archive_dormant_months = fields.Integer(
        "Dormant After (months)",
        default=6,
        help="An active customer without a confirmed order this long becomes dormant.",
    )
    archive_lost_months = fields.Integer(
        "Lost After (months)", default=12, help="A customer without a confirmed order this long becomes lost."
    )
    archive_status_confirm = fields.Boolean(
        "Account Manager Confirms",
        help="The nightly run proposes the new status and the account manager confirms it; "
        "otherwise it is applied with a note in the chatter.",
    )
    churn_revenue_drop_percent = fields.Float(
        "Revenue Drop Warning (%)", default=30.0, help="Warn when the 12-month revenue falls by more than this."
    )
    churn_complaint_days = fields.Integer(
        "Open Complaint Warning (days)", default=30, help="Warn about complaints open longer than this."
    )
    churn_followup_days = fields.Integer(
        "No Follow-up Warning (days)", default=60, help="Warn when no follow-up was done for this long."
    )

    @api.constrains("license_trial_days", "license_reminder_days", "license_release_days")
    def _check_license_days(self):
        for company in self:
            if (
                company.license_trial_days <= 0
                or company.license_release_days <= 0
                or company.license_reminder_days < 0
            ):
                raise ValidationError(
                    self.env._("The trial length and the idle days must be positive, the reminder days not negative.")
                )

    @api.constrains("contract_end_reminder_days", "contract_payment_reminder_days")
    def _check_contract_reminder_days(self):
        for company in self:
            if company.contract_end_reminder_days < 0 or company.contract_payment_reminder_days < 0:
                raise ValidationError(self.env._("Reminder days cannot be negative."))

    @api.constrains("pool_claim_limit", "pool_return_days", "pool_notice_days")
    def _check_pool_settings(self):
        for company in self:
            if min(company.pool_claim_limit, company.pool_return_days, company.pool_notice_days) <= 0:
                raise ValidationError(
                    self.env._(
                        "The claim limit, the return days and the notice days of the customer pool must be at least 1."
                    )
                )

    @api.constrains(
        "archive_dormant_months",
        "archive_lost_months",
        "churn_revenue_drop_percent",
        "churn_complaint_days",
        "churn_followup_days",
    )
    def _check_status_settings(self):
        for company in self:
            if (
                min(company.archive_dormant_months, company.churn_complaint_days, company.churn_followup_days) <= 0
                or not 0 < company.churn_revenue_drop_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The months before dormant and lost and the warning days must be at least 1, "
                        "the revenue drop between 0 and 100 %."
                    )
                )
            if company.archive_lost_months <= company.archive_dormant_months:
                raise ValidationError(
                    self.env._(
                        "A customer becomes lost after more months (%(lost)s) than dormant (%(dormant)s).",
                        lost=company.archive_lost_months,
                        dormant=company.archive_dormant_months,
                    )
                )
