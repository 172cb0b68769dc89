from odoo import api, fields, models

SECURITY_OFFICERS = "crm_customer_archive.group_archive_security_officer"


class CustomerArchiveAccessEvent(models.Model):
    """What the access-frequency watch did: a warning, a freeze, a release.
    Kept as evidence (never deleted); written by the code only."""

    _name = "customer.archive.access.event"
    _description = "Access Frequency Event"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True, ondelete="restrict")
    kind = fields.Selection(
        [("warning", "Warning"), ("frozen", "Frozen"), ("released", "Released")],
        string="Event",
        required=True,
        readonly=True,
    )
    period = fields.Selection([("ten_minutes", "10 Minutes"), ("day", "Day")], string="Window", readonly=True)
    count = fields.Integer("Records Read", readonly=True)
    threshold = fields.Integer(readonly=True)
    reason = fields.Text(readonly=True)
    by_user_id = fields.Many2one("res.users", string="By", readonly=True, ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    @api.model
    def _raise_alarm(self, user_id, kind, window, count, threshold):
        """A threshold was crossed: keep the event, freeze the account (never
        an administrator's: they are warned), tell the security officers.
        Runs as superuser in a transaction of its own (it must stay when the
        request rolls back)."""
        user = self.env["res.users"].browse(user_id)
        if kind == "frozen" and user.has_group("base.group_system"):
            kind = "warning"  # administrators are counted and warned, never frozen
        # No stored text: each reader sees the window, count and threshold in their language.
        event = self.create(
            {"user_id": user.id, "kind": kind, "period": window, "count": count, "threshold": threshold}
        )
        if event.kind == "frozen":
            user._archive_freeze()
        event._notify_security_officers()
        return event

    def _notify_security_officers(self):
        """An activity for every security officer, in their own language."""
        self.ensure_one()
        officers = self.env.ref(SECURITY_OFFICERS).all_user_ids.filtered(
            lambda user: user.active and user._is_internal()
        )
        for officer in officers:
            env = self.with_context(lang=officer.lang).env
            kind = dict(self._fields["kind"]._description_selection(env))[self.kind]
            window = dict(self._fields["period"]._description_selection(env))[self.period]
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=officer.id,
                summary=env._("Access alert: %(user)s — %(kind)s", user=self.user_id.name, kind=kind),
                note=env._(
                    "%(count)s customer records read in %(window)s (threshold %(threshold)s).",
                    count=self.count,
                    window=window,
                    threshold=self.threshold,
                ),
            )
