from odoo import models
from odoo.exceptions import AccessDenied


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        """A valid API key of a frozen account is refused, with the reason."""
        uid = super()._check_credentials(scope=scope, key=key)
        if uid:
            user = self.env["res.users"].browse(uid).sudo()
            if user.archive_frozen:
                raise AccessDenied(user._archive_frozen_message())
        return uid
