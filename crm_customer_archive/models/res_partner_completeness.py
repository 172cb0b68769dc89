# res.partner is extended in one file per capability (pool, credit, value,
# completeness); res_partner.py keeps the archive itself.
# pylint: disable=consider-merging-classes-inherited

import operator as py_operator
from typing import NamedTuple

from odoo import api, fields, models
from odoo.fields import Domain

from .customer_archive_capability import _capability_enabled


class ArchiveCheck(NamedTuple):
    """One item of the archive completeness checklist."""

    key: str
    weight: int
    capability: str | None  # models/customer_archive_capability.py; None: always counted


# What a complete customer archive (档案完整度) holds, weighted by what the
# plant and the account manager need first. The weights add up to 100 when
# every capability is on; an item of a capability switched off does not
# count, and the score is the share of the weights of the items that count.
# - contacts: someone to talk to (an employed contact person): 15
# - classification: customer category and importance level: 15
# - credit level: 10;  account manager: 10;  address and phone: 10
# - engineering: the customer's parts: 10, chemical or mechanical
#   requirements on every part: 10, an approved process control plan: 10
# - contracts: a signed contract (anything past a draft): 10
ARCHIVE_CHECKLIST = (
    ArchiveCheck("contacts", 15, None),
    ArchiveCheck("classification", 15, None),
    ArchiveCheck("credit_level", 10, None),
    ArchiveCheck("account_manager", 10, None),
    ArchiveCheck("address", 10, None),
    ArchiveCheck("parts", 10, "engineering"),
    ArchiveCheck("requirements", 10, "engineering"),
    ArchiveCheck("approved_plan", 10, "engineering"),
    ArchiveCheck("contract", 10, "contracts"),
)

COMPARISONS = {
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}


def _score(checks, missing_keys):
    """The completeness (%) of an archive: the weights of the items present
    over the weights of the items that count."""
    total = sum(check.weight for check in checks)
    done = sum(check.weight for check in checks if check.key not in missing_keys)
    return round(100 * done / total)


class ResPartner(models.Model):
    _inherit = "res.partner"

    archive_completeness = fields.Integer(
        compute="_compute_archive_completeness",
        search="_search_archive_completeness",
        help="The weighted share (%) of the checklist of a complete archive: contacts, classification, "
        "credit level, account manager, address and phone, and, when their capabilities are on, "
        "parts, their requirements, an approved process control plan and a contract.",
    )
    archive_missing = fields.Char(
        string="Missing in Archive",
        compute="_compute_archive_completeness",
        help="What the customer's archive still lacks.",
    )

    @api.depends_context("lang", "allowed_company_ids")
    def _compute_archive_completeness(self):
        missing = self._archive_missing_items()
        checks = self._archive_checks()
        labels = self._archive_check_labels()
        for partner in self:
            keys = missing.get(partner.commercial_partner_id.id, [])
            partner.archive_completeness = _score(checks, keys)
            partner.archive_missing = ", ".join(labels[key] for key in keys)

    def _search_archive_completeness(self, operator, value):
        """Scores are computed, not stored: score the archive customers (a
        constant number of queries for all of them) and keep the matching ones."""
        if operator == "in":
            matches = lambda score: score in value  # noqa: E731
        elif operator in COMPARISONS:
            matches = lambda score: COMPARISONS[operator](score, value)  # noqa: E731
        else:
            return NotImplemented  # the ORM negates "in" for "not in"
        customers = self.with_context(active_test=False).search(self._archive_customer_domain())
        missing = customers._archive_missing_items()
        checks = self._archive_checks()
        return Domain("id", "in", [partner.id for partner in customers if matches(_score(checks, missing[partner.id]))])

    @api.model
    def _archive_checks(self):
        """The checklist items that count: those of the capabilities switched on."""
        return [
            check
            for check in ARCHIVE_CHECKLIST
            if not check.capability or _capability_enabled(self.env, check.capability)
        ]

    @api.model
    def _archive_check_labels(self):
        return {
            "contacts": self.env._("Contact persons"),
            "classification": self.env._("Category and importance level"),
            "credit_level": self.env._("Credit level"),
            "account_manager": self.env._("Account manager"),
            "address": self.env._("Address and phone"),
            "parts": self.env._("Customer parts"),
            "requirements": self.env._("Requirements of the parts"),
            "approved_plan": self.env._("Approved process control plan"),
            "contract": self.env._("Signed contract"),
        }

    def _archive_missing_items(self):
        """{commercial partner id: [keys of the missing checklist items]} for
        the commercial partners of self: one grouped query per kind of
        document, whatever the number of partners. Documents are counted as
        superuser in the allowed companies: completeness describes the
        archive, not what the user may open; only their existence is told."""
        partners = self.commercial_partner_id
        if not partners:
            return {}
        checks = {check.key for check in self._archive_checks()}
        ids = partners.ids
        company_ids = self.env.companies.ids
        sudo = self.sudo()

        def partner_ids_with(model, domain, partner_path="partner_id"):
            groups = self.env[model].sudo()._read_group([(partner_path, "in", ids), *domain], [partner_path])
            return {partner.id for (partner,) in groups}

        contacts = partner_ids_with(
            "res.partner",
            [("type", "=", "contact"), ("is_company", "=", False), ("contact_state", "=", "employed")],
            "parent_id",
        )
        found = {"contacts": contacts}
        if "parts" in checks:
            in_company = [("company_id", "in", company_ids)]
            found["parts"] = partner_ids_with("customer.part", in_company)
            # A part without any requirement leaves the item open.
            without = partner_ids_with(
                "customer.part",
                [*in_company, ("chemical_requirement_ids", "=", False), ("mechanical_requirement_ids", "=", False)],
            )
            found["requirements"] = found["parts"] - without
            found["approved_plan"] = partner_ids_with(
                "customer.process.spec", [*in_company, ("state", "=", "approved")]
            )
        if "contract" in checks:
            found["contract"] = partner_ids_with(
                "customer.contract",
                [("company_id", "in", company_ids), ("state", "!=", "draft")],
                "partner_id.commercial_partner_id",
            )
        result = {}
        for partner in sudo.browse(ids):
            present = {
                "classification": partner.customer_category_id and partner.customer_level,
                "credit_level": partner.credit_level,
                "account_manager": partner.user_id,
                "address": partner.street and partner.phone,
            }
            missing = []
            for check in ARCHIVE_CHECKLIST:
                if check.key not in checks:
                    continue
                ok = partner.id in found[check.key] if check.key in found else present[check.key]
                if not ok:
                    missing.append(check.key)
            result[partner.id] = missing
        return result
