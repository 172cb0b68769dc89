# pylint: disable=consider-merging-classes-inherited
# Two-factor login for the users who see the most (issue 17, secure login):
# kept apart from res_users.py (the access-frequency freeze).
from odoo import models
from odoo.tools import str2bool

MFA_REQUIRED_PARAM = "crm_customer_archive.mfa_required"
# PIPL: whoever sees ID numbers in full or manages the whole archive signs in
# with a second factor.
MFA_GROUPS = ("crm_customer_archive.group_archive_personal_data", "crm_customer_archive.group_archive_manager")


class ResUsers(models.Model):
    _inherit = "res.users"

    def _mfa_type(self):
        # A user with an authenticator app keeps it ('totp'); the others of the
        # groups get a code by e-mail (auth_totp_mail's 'totp_mail'), which
        # also restricts their RPC to API keys (_rpc_api_keys_only).
        mfa_type = super()._mfa_type()
        if mfa_type is None and self._archive_mfa_required():
            return "totp_mail"
        return mfa_type

    def _archive_mfa_required(self):
        self.ensure_one()
        required = self.env["ir.config_parameter"].sudo().get_param(MFA_REQUIRED_PARAM, "False")
        return str2bool(required, False) and any(self._has_group(group) for group in MFA_GROUPS)
