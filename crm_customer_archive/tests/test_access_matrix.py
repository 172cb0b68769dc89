"""The declared access policy (``security/access_policy.py``) against what
the addon really does, as the real users (``with_user``, never sudo to decide).

* every cell (model, role, operation), both ways: the records the policy
  allows are read, changed, created and deleted; every other one is refused
  with an AccessError;
* the access rights file grants each role exactly the operations of the policy;
* the portal routes answer each role as the policy says, and never show a
  full licence key to somebody who may not see it;
* the README shows the policy's table.

A failing cell names model, role, operation and record, and what was expected
and what happened: it means the policy and the rules disagree. Anything else
than an AccessError in a refused cell, or any error in an allowed one, is not
caught and fails loudly.
"""

import csv
import logging
import os
import re

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, tagged

from .access_fixtures import (
    ADDON_DIR,
    CUSTOMER_KEYS,
    REPOSITORY_DIR,
    WRITE_VALUES,
    AccessMatrixFixture,
    access_policy,
)

_logger = logging.getLogger(__name__)

POLICY = access_policy.POLICY
OPERATIONS = ("read", "write", "create", "unlink")


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixFixture, TransactionCase):
    """Every cell of the policy, generated, as the real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_access_fixture()
        cls.cells_asserted = dict.fromkeys(OPERATIONS, 0)

    @classmethod
    def tearDownClass(cls):
        summary = "access matrix: {} cells asserted ({})".format(
            sum(cls.cells_asserted.values()),
            ", ".join(f"{operation} {count}" for operation, count in cls.cells_asserted.items()),
        )
        _logger.info(summary)
        # The test command prints this file after the run (pytest hides passing tests' logs).
        if report := os.environ.get("ACCESS_MATRIX_REPORT"):
            with open(report, "a", encoding="utf-8") as file:
                file.write(summary + "\n")
        super().tearDownClass()

    # ------------------------------------------------------------------
    # What the policy expects
    # ------------------------------------------------------------------

    def expected_keys(self, model, subject, operation):
        """The fixture keys of the records ``subject`` may ``operation`` on."""
        scope = access_policy.rights(model, subject.role).get(operation)
        keys = self.record_keys(model)
        if scope is None:
            return set()
        in_companies = {
            key for key in keys if self.key_company[key] is None or self.key_company[key].id in subject.company_ids
        }
        if scope == "all":
            return in_companies
        if scope == "own":
            return {
                key for key in in_companies if key in CUSTOMER_KEYS and self.key_account_manager[key] == subject.user
            }
        if scope == "portal":
            return {key for key in keys if subject.customer and self.customers.get(key) == subject.customer}
        raise ValueError(f"Unknown scope {scope!r} in the policy of {model}.")

    def describe(self, model, key):
        record = self.records[model][key]
        company = self.key_company[key]
        owner = f"customer {key} {self.customers[key].name}" if key in self.customers else f"{key} (shared)"
        return f"record {key} {model}({record.id}) [{owner}, company {company.name if company else 'none'}]"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def attempt(self, operation):
        """Run ``operation`` in a savepoint that is always rolled back, so
        later cells see the fixture unchanged. Returns None when allowed, the
        AccessError when refused; any other exception propagates."""
        savepoint = self.env.cr.savepoint()
        try:
            operation()
            self.env.flush_all()
        except AccessError as error:
            return error
        finally:
            savepoint.close(rollback=True)
        return None

    @staticmethod
    def outcome(error):
        return "allowed" if error is None else f"AccessError: {str(error).splitlines()[0]}"

    def check_cells(self, operation, problems_of_cell):
        count = 0
        for model in POLICY:
            for subject in self.subjects:
                with self.subTest(model=model, role=subject.name, operation=operation):
                    count += 1
                    expected = self.expected_keys(model, subject, operation)
                    problems = problems_of_cell(model, subject, expected)
                    if problems:
                        self.fail("\n".join(f"{model} × {subject.name} × {operation}: {p}" for p in problems))
        self.cells_asserted[operation] += count
        self.assertGreaterEqual(count, len(POLICY) * len(access_policy.ROLES), "cells missing from the matrix")

    def compare(self, model, key, expected, error):
        allowed = key in expected
        if allowed == (error is None):
            return []
        wanted = "allowed" if allowed else "refused (AccessError)"
        return [f"{self.describe(model, key)}: expected {wanted}, actual {self.outcome(error)}"]

    # ------------------------------------------------------------------
    # The fixture is what the cells assume
    # ------------------------------------------------------------------

    def test_fixture_matches_its_description(self):
        """One record per key and model, in the key's company and of its
        customer: otherwise a failing cell would be a fixture problem."""
        for model in POLICY:
            with self.subTest(model=model):
                self.assertEqual(set(self.records[model]), set(self.record_keys(model)))
                for key, record in self.records[model].items():
                    self.assertEqual(len(record), 1, f"{model} {key}")
                    record = record.sudo()
                    if "company_id" in record._fields:
                        company = self.key_company[key]
                        self.assertEqual(record.company_id, company or record.env["res.company"], f"{model} {key}")
                    if "partner_id" in record._fields and key in self.customers:
                        self.assertEqual(record.partner_id, self.customers[key], f"{model} {key}")
        contracts = self.records["customer.contract"]
        self.assertEqual({contract.state for contract in contracts.values()}, {"active"})
        self.assertEqual({license_.state for license_ in self.records["customer.license"].values()}, {"active"})
        self.assertEqual({subject.role for subject in self.subjects}, set(access_policy.ROLES))
        for model, cells in POLICY.items():
            self.assertLessEqual(set(cells), set(access_policy.ROLES), f"unknown role in the policy of {model}")
            self.assertIn(model, WRITE_VALUES)

    # ------------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------------

    def test_read_cells(self):
        def problems_of_cell(model, subject, expected):
            records = self.records[model]
            Model = self.env[model].with_user(subject.user)
            self.env.invalidate_all()
            try:
                found = Model.search([("id", "in", [record.id for record in records.values()])])
            except AccessError:
                found = Model.browse()
            problems = []
            field = next(iter(WRITE_VALUES[model]))
            for key, record in records.items():
                if (key in expected) != (record.id in found.ids):
                    problems.append(
                        f"{self.describe(model, key)}: search() expected "
                        f"{'found' if key in expected else 'not found'}, "
                        f"actual {'found' if record.id in found.ids else 'not found'}"
                    )
                error = self.attempt(lambda record=record: record.with_user(subject.user).read([field]))
                problems += [f"read() {problem}" for problem in self.compare(model, key, expected, error)]
            return problems

        self.check_cells("read", problems_of_cell)

    def test_write_cells(self):
        def problems_of_cell(model, subject, expected):
            problems = []
            for key, record in self.records[model].items():
                error = self.attempt(
                    lambda record=record: record.with_user(subject.user).write(dict(WRITE_VALUES[model]))
                )
                problems += self.compare(model, key, expected, error)
            return problems

        self.check_cells("write", problems_of_cell)

    def test_create_cells(self):
        def problems_of_cell(model, subject, expected):
            problems = []
            for key in self.record_keys(model):
                error = self.attempt(
                    lambda key=key: self.env[model].with_user(subject.user).create(self.create_values(model, key))
                )
                problems += self.compare(model, key, expected, error)
            return problems

        self.check_cells("create", problems_of_cell)

    def test_unlink_cells(self):
        """Deletes a fresh record like the fixture's (same customer, company,
        responsible): the fixture's own ones may be protected by business
        rules (signed contracts, approved plans, parts with plans)."""

        def problems_of_cell(model, subject, expected):
            problems = []
            for key in self.record_keys(model):

                def delete(key=key):
                    if self.env[model]._auto:
                        victim = self.env[model].create(self.create_values(model, key))
                        self.env.flush_all()
                    else:  # a report's rows cannot be created: its own row
                        victim = self.records[model][key]
                    victim.with_user(subject.user).unlink()

                problems += self.compare(model, key, expected, self.attempt(delete))
            return problems

        self.check_cells("unlink", problems_of_cell)

    # ------------------------------------------------------------------
    # What the scopes mean, beyond the fixture's records
    # ------------------------------------------------------------------

    def test_portal_scope_is_published_records_only(self):
        """Policy, scope portal: "published ones only" — a draft contract (its
        lines, its payment schedule) and a draft licence of the portal user's
        own customer stay invisible."""
        env = self.env
        draft_contract = self.parents["A"]["contract_draft"]
        env["customer.contract.payment.line"].create(self.create_values("customer.contract.payment.line", "A"))
        draft_license = env["customer.license"].create(self.create_values("customer.license", "A"))
        unpublished = {
            "customer.contract": draft_contract,
            "customer.contract.line": draft_contract.line_ids,
            "customer.contract.payment.line": draft_contract.payment_line_ids,
            "customer.license": draft_license,
        }
        portal_a = next(subject for subject in self.subjects if subject.name == "portal_a")
        for model, records in unpublished.items():
            with self.subTest(model=model, role=portal_a.name, operation="read"):
                self.assertTrue(records)
                self.assertEqual(access_policy.rights(model, "portal").get("read"), "portal")
                found = env[model].with_user(portal_a.user).search([("id", "in", records.ids)])
                self.assertFalse(found, f"{model} × portal_a × read: unpublished {records} of customer A is visible")

    def test_own_scope_includes_unassigned_customers_and_own_contracts(self):
        """Policy, scope own: "records of the customers the account manager
        manages (or unassigned ones), or for contracts those the user is
        responsible for" — beyond customer A of the fixture."""
        env = self.env
        account_manager = next(subject for subject in self.subjects if subject.name == "account_manager")
        unassigned = env["res.partner"].create(
            {"name": "无人负责客户", "is_company": True, "company_id": self.company_1.id}
        )
        contracts = {
            "of an unassigned customer": env["customer.contract"].create(
                self.create_values("customer.contract", "B")
                | {"partner_id": unassigned.id, "user_id": self.account_manager_b.id}
            ),
            "of customer B the account manager is responsible for": env["customer.contract"].create(
                self.create_values("customer.contract", "B") | {"user_id": account_manager.user.id}
            ),
        }
        for what, contract in contracts.items():
            contract.write(
                {
                    "line_ids": [Command.create({"product_id": self.steel.id, "quantity": 1.0, "price_unit": 1.0})],
                    "payment_line_ids": [
                        Command.create({"name": "预付款", "due_date": contract.date_end, "percentage": 50.0})
                    ],
                }
            )
            for model, record in (
                ("customer.contract", contract),
                ("customer.contract.line", contract.line_ids),
                ("customer.contract.payment.line", contract.payment_line_ids),
            ):
                with self.subTest(model=model, role=account_manager.name, operation="write", record=what):
                    self.assertEqual(access_policy.rights(model, "account_manager").get("write"), "own")
                    error = self.attempt(
                        lambda model=model, record=record: record.with_user(account_manager.user).write(
                            dict(WRITE_VALUES[model])
                        )
                    )
                    self.assertIsNone(
                        error, f"{model} × account_manager × write: {model}({record.id}) {what}: {self.outcome(error)}"
                    )

    def test_license_key_field(self):
        """Policy: "keys in full only for licence managers (field groups)";
        every other reader of licences gets the masked key only."""
        license_ = self.records["customer.license"]["A"]
        for subject in self.subjects:
            if "read" not in access_policy.rights("customer.license", subject.role):
                continue
            may_read = subject.role in ("license_manager", "manager") and self.company_1.id in subject.company_ids
            with self.subTest(model="customer.license", role=subject.name, operation="read key"):
                error = self.attempt(lambda subject=subject: license_.with_user(subject.user).read(["key"]))
                self.assertEqual(
                    error is None,
                    may_read,
                    f"customer.license × {subject.name} × read key: {self.describe('customer.license', 'A')}: "
                    f"expected {'allowed' if may_read else 'refused'}, actual {self.outcome(error)}",
                )

    def test_release_machine_by_action(self):
        """Policy: "Machines are written by the licence server only; officers
        release them by action" — the licence desk (officers and the roles
        implying it) in its own companies, nobody else."""
        activation = self.records["customer.license.activation"]["A"]
        desk = {"officer", "manager", "license_manager"}
        for subject in self.subjects:
            with self.subTest(model="customer.license.activation", role=subject.name, operation="action_release"):
                allowed = subject.role in desk and self.key_company["A"].id in subject.company_ids
                record = self.describe("customer.license.activation", "A")

                def release(subject=subject, record=record):
                    activation.with_user(subject.user).action_release()
                    self.assertEqual(activation.state, "released", f"{record} not released by {subject.name}")

                error = self.attempt(release)
                self.assertEqual(
                    error is None,
                    allowed,
                    f"customer.license.activation × {subject.name} × action_release: {record}: "
                    f"expected {'allowed' if allowed else 'refused'}, actual {self.outcome(error)}",
                )

    # ------------------------------------------------------------------
    # Access rights file, models, README
    # ------------------------------------------------------------------

    def test_access_rights_file_matches_policy(self):
        """Per model and role, the union of the rights of the CSV rows whose
        group the role's user has (implied groups included) is the set of
        operations of the policy (scopes are the record rules' business)."""
        rows = {}
        with (ADDON_DIR / "security" / "ir.model.access.csv").open(encoding="utf-8") as csv_file:
            for row in csv.DictReader(csv_file):
                model = self.env.ref(self.xmlid(row["model_id:id"])).model
                group = self.env.ref(self.xmlid(row["group_id:id"])) if row["group_id:id"] else None
                granted = {op for op in OPERATIONS if row[f"perm_{op}"].strip() == "1"}
                rows.setdefault(model, []).append((row["id"], group, granted))
        users = {}
        for subject in self.subjects:  # portal: portal_a; manager: the one of company 1
            users.setdefault(subject.role, subject.user)
        for model in POLICY:
            for role, user in users.items():
                with self.subTest(model=model, role=role):
                    granted, sources = set(), []
                    for row_id, group, operations in rows.get(model, []):
                        if group is None or group in user.all_group_ids:
                            granted |= operations
                            sources.append(row_id)
                    declared = set(access_policy.rights(model, role))
                    self.assertEqual(
                        granted,
                        declared,
                        f"{model} × {role}: ir.model.access.csv grants {sorted(granted) or 'nothing'} "
                        f"(rows {', '.join(sources) or 'none'}), the policy says {sorted(declared) or 'nothing'}",
                    )

    @staticmethod
    def xmlid(name):
        return name if "." in name else f"crm_customer_archive.{name}"

    def test_every_model_of_the_addon_is_in_the_policy(self):
        models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_customer_archive" and not model._transient and not model._abstract
        }
        self.assertEqual(sorted(models - set(POLICY)), [], "models without a declared access policy")

    def test_readme_roles_section_shows_the_policy(self):
        readme = (REPOSITORY_DIR / "README.md").read_text(encoding="utf-8")
        section = re.search(r"^### Roles\b[^\n]*\n(.*?)(?=^#{1,3} |\Z)", readme, re.MULTILINE | re.DOTALL)
        self.assertTrue(section, "README.md has no '### Roles …' section")
        self.assertIn(
            access_policy.roles_table_markdown(),
            section.group(1),
            "the Roles section of README.md must show access_policy.roles_table_markdown()",
        )


# ----------------------------------------------------------------------
# Portal routes: route and role -> expected HTTP status
# ----------------------------------------------------------------------
# From the policy: a record page answers 200 to whoever may read the record
# and 404 to everybody else (another customer's record looks like one that
# does not exist); a list answers 200 to whoever may read the model. Licences
# (access_policy.py: "keys in full only for licence managers and the
# customer's own portal users"): the licence file goes to the owner's portal
# users and licence managers only, and so does the licence page, which shows
# it too: every other employee gets 404 and never the full key. Releasing a
# machine in the portal is for the owner's portal users; the licence desk
# releases in the back office (policy: "officers release them by action").
# The contract's PDF: the customer's portal users, and employees of the Export
# and Print group (Manager) only, as in the back office's Print menu.
OK, NF, RD = 200, 404, 303  # page or file, not found, redirect after a release
NO = (403, 404)  # refused: forbidden or not found
SUBJECT_COLUMNS = (
    "account_manager",  # AM
    "officer",  # OF
    "manager",  # MG
    "license_manager",  # LM
    "salesman",  # SA
    "warehouse",  # WH
    "employee",  # EM
    "portal_a",  # PA: portal user of customer A
    "portal_b",  # PB: portal user of customer B
    "manager_c2",  # C2: archive Manager of company 2 only
)
# fmt: off
ROUTE_EXPECTATIONS = {
    #                                              AM  OF  MG  LM  SA  WH  EM  PA  PB  C2
    "/my/contracts":                              (OK, OK, OK, OK, OK, NF, NF, OK, OK, OK),
    "/my/contracts/{contract_A}":                 (OK, OK, OK, OK, OK, NF, NF, OK, NF, NF),
    "/my/contracts/{contract_B}":                 (OK, OK, OK, OK, OK, NF, NF, NF, OK, NF),
    "/my/contracts/{contract_A}?report_type=pdf": (NO, NO, OK, NO, NO, NF, NF, OK, NF, NF),
    "/my/complaints":                             (OK, OK, OK, OK, NF, NF, NF, OK, OK, OK),
    "/my/complaints/{complaint_A}":               (OK, OK, OK, OK, NF, NF, NF, OK, NF, NF),
    "/my/complaints/{complaint_B}":               (OK, OK, OK, OK, NF, NF, NF, NF, OK, NF),
    "/my/certificates":                           (OK, OK, OK, OK, NF, OK, NF, OK, OK, OK),
    "/my/certificates/{certificate_A}":           (OK, OK, OK, OK, NF, OK, NF, OK, NF, NF),
    "/my/certificates/{certificate_B}":           (OK, OK, OK, OK, NF, OK, NF, NF, OK, NF),
    "/my/licenses":                               (OK, OK, OK, OK, NF, NF, NF, OK, OK, OK),
    "/my/licenses/{license_A}":                   (NF, NF, OK, OK, NF, NF, NF, OK, NF, NF),
    "/my/licenses/{license_B}":                   (NF, NF, OK, OK, NF, NF, NF, NF, OK, NF),
    "/my/licenses/{license_A}/file":              (NO, NO, OK, OK, NO, NO, NO, OK, NF, NF),
    "/my/licenses/{license_B}/file":              (NO, NO, OK, OK, NO, NO, NO, NF, OK, NF),
}
# POST /my/licenses/<licence A>/release of licence A's machine:
RELEASE_EXPECTATIONS =                            (NO, NO, NO, NO, NO, NO, NO, RD, NO, NO)
# fmt: on
# What identifies a record in a list: portal lists show their customer's records only.
LIST_IDENTIFIERS = {
    "/my/contracts": ("customer.contract", "name"),
    "/my/complaints": ("customer.complaint", "name"),
    "/my/certificates": ("customer.quality.certificate", "name"),
    "/my/licenses": ("customer.license", "key_masked"),
}


@tagged("post_install", "-at_install")
class TestAccessMatrixRoutes(AccessMatrixFixture, HttpCase):
    """The portal routes as every role of the policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_access_fixture()
        cls.route_ids = {
            f"{name}_{key}": cls.records[model][key].id
            for name, model in (
                ("contract", "customer.contract"),
                ("complaint", "customer.complaint"),
                ("certificate", "customer.quality.certificate"),
                ("license", "customer.license"),
            )
            for key in ("A", "B")
        }
        cls.full_keys = {key: cls.records["customer.license"][key].sudo().key for key in ("A", "B")}

    def subject(self, name):
        return next(subject for subject in self.subjects if subject.name == name)

    def may_see_key(self, subject, key):
        """Full licence keys: the customer's portal users and licence managers of the licence's company."""
        if subject.role == "portal":
            return subject.customer == self.customers[key]
        return subject.role in ("license_manager", "manager") and self.key_company[key].id in subject.company_ids

    def assertStatus(self, response, expected, what):
        accepted = expected if isinstance(expected, tuple) else (expected,)
        self.assertIn(response.status_code, accepted, f"{what}: expected {expected}, actual {response.status_code}")

    def assertNoForeignKey(self, subject, response, what):
        for key, full_key in self.full_keys.items():
            if not self.may_see_key(subject, key):
                self.assertNotIn(
                    full_key.encode(), response.content, f"{what}: the full key of licence {key} is in the answer"
                )

    def test_portal_routes(self):
        for column, name in enumerate(SUBJECT_COLUMNS):
            subject = self.subject(name)
            self.authenticate(subject.user.login, subject.user.login)
            for route, expectations in ROUTE_EXPECTATIONS.items():
                url = route.format(**self.route_ids)
                what = f"GET {url} ({route}) as {name}"
                with self.subTest(route=route, role=name):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertStatus(response, expectations[column], what)
                    self.assertNoForeignKey(subject, response, what)
                    if response.status_code == OK:
                        self.check_content(subject, route, response, what)

    def check_content(self, subject, route, response, what):
        if route in LIST_IDENTIFIERS and subject.role == "portal":
            model, field = LIST_IDENTIFIERS[route]
            own, other = ("A", "B") if subject.customer == self.customers["A"] else ("B", "A")
            self.assertIn(self.records[model][own].sudo()[field].encode(), response.content, what)
            self.assertNotIn(self.records[model][other].sudo()[field].encode(), response.content, what)
        if route.endswith("/file"):
            key = "A" if "{license_A}" in route else "B"
            self.assertIn(self.full_keys[key].encode(), response.content, f"{what}: the file carries the key")
        if route == "/my/licenses/{license_A}" and subject.name == "portal_a":
            self.assertIn(self.full_keys["A"].encode(), response.content, f"{what}: the customer needs its key")

    def csrf_token(self, license_):
        """The token of the licence page's release form, else of the portal home."""
        for url in (f"/my/licenses/{license_.id}", "/my"):
            response = self.url_open(url, allow_redirects=False)
            found = re.search(r'name="csrf_token" value="([^"]+)"|csrf_token: "([^"]+)"', response.text)
            if response.status_code == OK and found:
                return found.group(1) or found.group(2)
        self.fail("no CSRF token on the licence page nor on /my")

    def test_release_machine(self):
        license_a = self.records["customer.license"]["A"]
        activation = self.records["customer.license.activation"]["A"]
        for column, name in enumerate(SUBJECT_COLUMNS):
            subject = self.subject(name)
            expected = RELEASE_EXPECTATIONS[column]
            with self.subTest(route="/my/licenses/<id>/release", role=name):
                activation.write({"state": "active", "released_reason": False})
                self.env.flush_all()
                self.authenticate(subject.user.login, subject.user.login)
                response = self.url_open(
                    f"/my/licenses/{license_a.id}/release",
                    data={"csrf_token": self.csrf_token(license_a), "activation_id": activation.id},
                    allow_redirects=False,
                )
                what = f"POST /my/licenses/{license_a.id}/release as {name}"
                self.assertStatus(response, expected, what)
                self.assertNoForeignKey(subject, response, what)
                activation.invalidate_recordset()
                self.assertEqual(
                    activation.state,
                    "released" if expected == RD else "active",
                    f"{what}: the machine's state after the answer {response.status_code}",
                )
