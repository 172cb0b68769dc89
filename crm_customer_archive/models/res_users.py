from odoo import fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError

WATCHERS = "base.group_erp_manager,crm_customer_archive.group_archive_security_officer"


class ResUsers(models.Model):
    _inherit = "res.users"

    # Frozen by the access-frequency watch (models/customer_archive_access_event.py)
    # until an administrator releases the account with a reason.
    archive_frozen = fields.Boolean("Frozen", readonly=True, copy=False, groups=WATCHERS)
    archive_frozen_date = fields.Datetime("Frozen On", readonly=True, copy=False, groups=WATCHERS)

    def _get_session_token_fields(self):
        # Freezing sets a new date: every session of the user ends, and a
        # release does not bring the old ones back.
        return super()._get_session_token_fields() | {"archive_frozen_date"}

    def _archive_frozen_message(self):
        return self.with_context(lang=self.lang).env._(
            "Your account is frozen: it read customer-archive data too often. "
            "An administrator must release it before you can sign in again."
        )

    def _check_credentials(self, credential, env):
        """Right credentials of a frozen account: refused with the reason
        (web login, XML-RPC and JSON-RPC alike)."""
        auth_info = super()._check_credentials(credential, env)
        user = self.env.user.sudo()
        if user.archive_frozen:
            raise AccessDenied(user._archive_frozen_message())
        return auth_info

    def _archive_freeze(self):
        """Freeze the accounts: no login, no RPC, no API key; their sessions end."""
        self.sudo().write({"archive_frozen": True, "archive_frozen_date": fields.Datetime.now()})
        for user in self:
            self.env["auditlog.log"].with_user(user)._log_archive_event(
                user, "freeze", detail=self.env._("Frozen by the access-frequency watch.")
            )

    def _archive_release(self, reason):
        """An administrator releases frozen accounts, with a reason: the
        event and the audit trail keep it; the counts start again from zero."""
        if not self.env.user.has_group("base.group_erp_manager"):
            raise AccessError(self.env._("Only administrators can release a frozen account."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for releasing the account."))
        not_frozen = self.filtered(lambda user: not user.sudo().archive_frozen)
        if not_frozen:
            raise UserError(self.env._("The account of %(user)s is not frozen.", user=not_frozen[0].name))
        self.sudo().write({"archive_frozen": False})
        self.env["customer.archive.access.counter"].sudo().search([("user_id", "in", self.ids)]).unlink()
        for user in self:
            self.env["customer.archive.access.event"].sudo().create(
                {"user_id": user.id, "kind": "released", "reason": reason, "by_user_id": self.env.uid}
            )
            self.env["auditlog.log"]._log_archive_event(user, "release", detail=reason)

    def action_archive_release(self):
        """The release wizard (administrators)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Frozen Account"),
            "res_model": "customer.archive.access.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_user_id": self.id},
        }
