# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.fields import Domain

# The person's data a deletion clears (the name is replaced, the contact archived).
ERASED_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "city",
    "state_id",
    "zip",
    "country_id",
    "function",
    "vat",
    "ref",
    "comment",
    "website",
    "image_1920",
)

# Documents that keep a person's data while they are open (legal hold):
# (model, fields naming the person, what is still open).
LEGAL_HOLDS = (
    ("customer.contract", ("partner_id", "party_a_id", "party_b_id"), Domain("state", "in", ("draft", "active"))),
    ("customer.complaint", ("partner_id", "reporter_id"), Domain("is_closed", "=", False)),
    (
        "account.move",
        ("partner_id",),
        Domain("move_type", "in", ("out_invoice", "out_refund", "in_invoice", "in_refund"))
        & (Domain("state", "=", "draft") | Domain("payment_state", "in", ("not_paid", "partial"))),
    ),
)


class ResPartner(models.Model):
    """Erasure on request (customer.data.request): legal holds and the
    anonymisation of a contact."""

    _inherit = "res.partner"

    def _data_request_legal_holds(self):
        """Why this person's data must still be kept: one line per open
        document naming them (empty: erasure is possible). Called as
        superuser by the request, after its handler's right is checked."""
        self.ensure_one()
        holds = []
        for model, field_names, open_domain in LEGAL_HOLDS:
            Model = self.env[model].with_context(active_test=False)
            naming = Domain.OR(Domain(name, "=", self.id) for name in field_names)
            for record in Model.search(naming & open_domain, limit=5):
                kind = self.env["ir.model"]._get(model).name
                holds.append(self.env._("%(kind)s %(document)s is open", kind=kind, document=record.display_name))
        return holds

    def _erase_personal_data(self):
        """Anonymise the contact (name, e-mail, phone, address, picture, the
        messages and files kept on the contact itself, its portal user) and
        clear what the addon adds: ID number, birth date, consents' evidence.
        The consents themselves stay: they prove what was agreed. Documents
        naming the contact (contracts, complaints, invoices) stay whole.
        (OCA privacy_partner_to_be_forgotten does the same, but its demo user's
        password breaks every demo install beside auth_password_policy, and it
        deletes the person's messages on complaints too.)"""
        self.ensure_one()
        self.write({"private_id_number": False, "private_birthdate": False})
        consents = self.env["customer.consent"].with_context(active_test=False).search([("partner_id", "=", self.id)])
        consents.write({"evidence": False, "evidence_filename": False})
        self._erase_audit_values()
        self._anonymize_contact()

    def _anonymize_contact(self):
        self.ensure_one()
        # A contact linked to an active user cannot be archived: the user goes first.
        self.user_ids.write({"login": f"anonymised-{self.id}", "active": False, "signature": False})
        self.env["mail.message"].search([("model", "=", self._name), ("res_id", "=", self.id)]).unlink()
        self.env["ir.attachment"].search([("res_model", "=", self._name), ("res_id", "=", self.id)]).unlink()
        self.with_context(tracking_disable=True).write(
            {
                **dict.fromkeys(ERASED_FIELDS, False),
                "name": self.env._("Anonymised contact %(number)s", number=self.id),
                "active": False,
            }
        )

    def _erase_audit_values(self):
        """The audit trail keeps who changed the contact and when, not the
        erased values: the contact's rows lose the values of the fields the
        anonymisation clears (and the name the rows were filed under)."""
        erased = [*ERASED_FIELDS, "name", "complete_name"]
        logs = self.env["auditlog.log"].search([("model_id.model", "=", self._name), ("res_id", "=", self.id)])
        logs.write({"name": False})
        self.env["auditlog.log.line"].search([("log_id", "in", logs.ids), ("field_name", "in", erased)]).write(
            {"old_value": False, "new_value": False, "old_value_text": False, "new_value_text": False}
        )
