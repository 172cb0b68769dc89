"""One test per hole found when the addon was tried as an attacker, another
company's user and a portal customer (issue "Trust", rows H1-H3, M2-M5, L3-L6).
Each failed before its fix."""

import base64
import json
import re

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import convert_file, mute_logger

from .common import (
    VALID_ID_BIRTHDATE,
    VALID_ID_NUMBER,
    CustomerComplaintCase,
    CustomerContractCase,
    CustomerLicenseCase,
    CustomerPartCase,
)

PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a7e3b5f20000000049454e44ae426082"
    )
)


@tagged("post_install", "-at_install")
class TestPersonalDataOracle(HttpCase, CustomerComplaintCase):
    """H2: a write of personal data without the group is refused whatever the
    value, so the answer tells nothing about the stored value; the attempt is
    noted on the contact (after the refused transaction is rolled back)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales.password = "archive_sales_pw"

    def _write_over_rpc(self, vals):
        """The answer the web client or an RPC client gets: the error's name and message."""
        self.authenticate("archive_sales", "archive_sales_pw")
        response = self.url_open(
            "/web/dataset/call_kw/res.partner/write",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "res.partner",
                        "method": "write",
                        "args": [[self.contact.id], vals],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json().get("error")
        return error and (error["data"]["name"], error["data"]["message"])

    @mute_logger("odoo.http")
    def test_same_and_other_value_refused_alike(self):
        right = self._write_over_rpc({"birthdate": VALID_ID_BIRTHDATE})
        wrong = self._write_over_rpc({"birthdate": "1980-05-12"})
        self.assertEqual(right[0], "odoo.exceptions.AccessError")
        self.assertEqual(right, wrong, "the answer must not depend on the stored value")
        self.assertEqual(right, self._write_over_rpc({"id_number": VALID_ID_NUMBER}))
        self.assertEqual(right, self._write_over_rpc({"id_number": "110105********002X"}))
        stored = self.contact.sudo()
        stored.invalidate_recordset()
        self.assertEqual(stored.private_id_number, VALID_ID_NUMBER)
        self.assertEqual(str(stored.private_birthdate), VALID_ID_BIRTHDATE)

    @mute_logger("odoo.http")
    def test_refused_attempt_noted_without_the_value(self):
        self._write_over_rpc({"birthdate": "1980-05-12"})
        notes = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.contact.id), ("body", "ilike", "Personal Data")]
        )
        self.assertEqual(len(notes), 1)
        self.assertIn(self.user_sales.name, notes.body)
        self.assertIn("Birth Date", notes.body)
        self.assertNotIn("1980", notes.body)
        self.assertEqual(notes.author_id, self.user_sales.partner_id)

    def test_create_with_personal_data_refused_without_group(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        with self.assertRaises(AccessError):
            Partner.create({"name": "王五", "parent_id": self.customer.id, "birthdate": "1980-05-12"})
        contact = Partner.create({"name": "王五", "parent_id": self.customer.id, "birthdate": False})
        self.assertFalse(contact.sudo().private_birthdate)

    def test_other_fields_still_writable(self):
        self.assertIsNone(self._write_over_rpc({"function": "经理"}))
        self.assertEqual(self.contact.function, "经理")


@tagged("post_install", "-at_install")
class TestSecondCompany(CustomerComplaintCase, CustomerPartCase):
    """H3: a second company's user reaches none of the first company's child
    records (test results, requirements, photos, set points)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_company_2 = new_test_user(
            cls.env,
            "company_2_manager",
            groups="crm_customer_archive.group_archive_manager,stock.group_stock_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "C2026-0001", "product_id": cls.product_dc04.id, "company_id": cls.company.id}
        )
        cls.result = cls.env["customer.lot.test.result"].create(
            {"lot_id": cls.lot.id, "characteristic_id": cls.property_yield.id, "value": 160.0}
        )
        cls.spec = cls.create_spec()
        cls.complaint = cls.create_complaint()
        cls.photo = cls.env["customer.complaint.photo"].create(
            {"complaint_id": cls.complaint.id, "image_1920": PNG_1PX}
        )

    def test_child_records_invisible(self):
        for records in (
            self.result,
            self.part.chemical_requirement_ids,
            self.part.mechanical_requirement_ids,
            self.spec.line_ids,
            self.photo,
        ):
            found = records.with_user(self.user_company_2).search([("id", "in", records.ids)])
            self.assertFalse(found, f"{records._name} of company 1 visible to company 2")
            with self.assertRaises(AccessError):
                records.with_user(self.user_company_2).read(["id"])

    def test_test_result_not_writable(self):
        with self.assertRaises(AccessError):
            self.result.with_user(self.user_company_2).write({"value": 301.0})
        with self.assertRaises(AccessError):
            self.result.with_user(self.user_company_2).unlink()
        self.assertEqual(self.result.value, 160.0)

    def test_photo_not_readable(self):
        with self.assertRaises(AccessError):
            self.photo.with_user(self.user_company_2).read(["image_1920"])


@tagged("post_install", "-at_install")
class TestFieldsAndRoles(CustomerComplaintCase, CustomerPartCase, CustomerContractCase):
    """M3, L3-L6."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "trust_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.customer
        cls.salesman = new_test_user(cls.env, "trust_salesman", groups="sales_team.group_sale_salesman")
        cls.officer_no_sales = new_test_user(
            cls.env, "trust_officer", groups="crm_customer_archive.group_archive_officer"
        )
        cls.complaint = cls.create_complaint(root_cause="<p>辊面异物</p>", five_why="为什么？")
        cls.spec = cls.create_spec()

    def test_portal_cannot_read_internal_complaint_fields(self):
        complaint = self.complaint.with_user(self.portal)
        self.assertEqual(complaint.read(["title"])[0]["title"], "钢卷表面划伤")
        for field in ("cost_total", "root_cause", "five_why", "containment_action", "cost_ids"):
            with self.assertRaises(AccessError, msg=field):
                complaint.read([field])

    def test_salesman_reads_requirements_plans_and_runs(self):
        for model in (
            "customer.part.chemical.requirement",
            "customer.part.mechanical.requirement",
            "customer.process.spec",
            "customer.process.spec.line",
            "customer.process.run",
            "customer.process.measurement",
        ):
            self.env[model].with_user(self.salesman).search([], limit=1)
        self.assertEqual(self.spec.with_user(self.salesman).line_ids.mapped("target"), [80.0, 770.0, 120.0])

    def test_plain_employee_has_no_sensitivity_profile(self):
        self.create_complaint()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_plain).get_defect_sensitivity()
        self.assertFalse(self.customer.with_user(self.user_plain).defect_sensitivity_html)
        self.assertTrue(self.customer.with_user(self.salesman).get_defect_sensitivity())

    def test_officer_without_sales_rights_deletes_draft_contract(self):
        contract = self.create_contract()
        self.env.invalidate_all()  # as in a new request: nothing of the creator's reads in the cache
        contract.with_user(self.officer_no_sales).unlink()
        self.assertFalse(contract.exists())

    def test_only_managers_delete_complaint_photos(self):
        photo = self.env["customer.complaint.photo"].create({"complaint_id": self.complaint.id, "image_1920": PNG_1PX})
        with self.assertRaises(AccessError):
            photo.with_user(self.user_service).unlink()
        photo.with_user(self.user_manager).unlink()
        self.assertFalse(photo.exists())


@tagged("post_install", "-at_install")
class TestServerFields(CustomerLicenseCase):
    """M5: what the licence server and the certificate issue establish is never
    written by a client, whatever its rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls.create_license(seats=1)
        cls.activation = (
            cls.env["customer.license.activation"]
            .sudo()
            .create({"license_id": cls.license.id, "fingerprint_hash": "a" * 64, "hostname": "pc-1"})
        )
        cls.other_license = cls.create_license()

    def test_officer_cannot_forge_activations(self):
        activation = self.activation.with_user(self.user_officer)
        for vals in (
            {"state": "released"},
            {"license_id": self.other_license.id},
            {"fingerprint_hash": "b" * 64},
        ):
            with self.assertRaises(AccessError, msg=vals):
                activation.write(vals)
        with self.assertRaises(AccessError):
            self.env["customer.license.activation"].with_user(self.user_officer).create(
                {"license_id": self.license.id, "fingerprint_hash": "c" * 64}
            )
        self.assertEqual(self.license.seats_used, 1)

    def test_seats_used_is_the_servers(self):
        for user in (self.user_officer, self.user_license_manager):
            with self.assertRaisesRegex(AccessError, "set by the system"):
                self.license.with_user(user).write({"seats_used": 0})
        self.assertEqual(self.license.seats_used, 1)

    def test_officer_releases_through_the_action_only(self):
        self.activation.with_user(self.user_officer).action_release()
        self.assertEqual(self.activation.state, "released")
        self.assertEqual(self.license.seats_used, 0)

    def test_account_manager_cannot_release(self):
        with self.assertRaises(AccessError):
            self.activation.with_user(self.user_sales).action_release()
        self.assertEqual(self.activation.state, "active")

    def test_licence_file_for_licence_managers_only(self):
        with self.assertRaises(AccessError):
            self.license.with_user(self.user_officer).action_download_file()
        action = self.license.with_user(self.user_license_manager).action_download_file()
        self.assertEqual(action["url"], f"/my/licenses/{self.license.id}/file")


@tagged("post_install", "-at_install")
class TestAdminGroupsKeptOnUpdate(CustomerLicenseCase):
    """M4: -u does not put the administrator back into groups an administrator
    removed them from (PIPL: minimum access)."""

    def test_update_keeps_membership(self):
        admin = self.env.ref("base.user_admin")
        personal_data = self.env.ref("crm_customer_archive.group_archive_personal_data")
        manager = self.env.ref("crm_customer_archive.group_archive_manager")
        self.assertIn(personal_data, admin.group_ids, "granted at installation")
        admin.group_ids = [Command.unlink(personal_data.id), Command.unlink(manager.id)]
        convert_file(self.env, "crm_customer_archive", "security/res_groups.xml", {}, mode="update", noupdate=False)
        admin.invalidate_recordset()
        self.assertNotIn(personal_data, admin.group_ids)
        self.assertNotIn(manager, admin.all_group_ids)


@tagged("post_install", "-at_install")
class TestLicencePortalRoutes(HttpCase, CustomerLicenseCase):
    """H1 and M2 over HTTP: the licence page and file show the full key, so
    employees other than licence managers get 404; releasing a machine in the
    portal is for the customer's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls.create_license()
        cls.key = cls.license.sudo().key
        cls.activation = (
            cls.env["customer.license.activation"]
            .sudo()
            .create({"license_id": cls.license.id, "fingerprint_hash": "d" * 64, "hostname": "pc-9"})
        )
        cls.portal = new_test_user(cls.env, "licence_portal", password="licence_portal_pw", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.customer
        for user in (cls.user_sales, cls.user_officer, cls.user_license_manager):
            user.password = user.login + "_pw"

    def _get(self, login, path):
        self.authenticate(login, login + "_pw")
        return self.url_open(path)

    def _csrf_token(self):
        """The session's CSRF token, as the page layout gives it to forms."""
        page = self.url_open("/my").text
        return re.search(r'csrf_token: "([^"]+)"', page).group(1)

    @mute_logger("odoo.http")
    def test_full_key_only_for_the_customer_and_licence_managers(self):
        for login in (self.user_sales.login, self.user_officer.login):
            for path in (f"/my/licenses/{self.license.id}", f"/my/licenses/{self.license.id}/file"):
                response = self._get(login, path)
                self.assertEqual(response.status_code, 404, (login, path))
                self.assertNotIn(self.key, response.text)
        for login in ("licence_portal", self.user_license_manager.login):
            response = self._get(login, f"/my/licenses/{self.license.id}/file")
            self.assertEqual(response.status_code, 200, login)
            self.assertIn(self.key, response.text)

    @mute_logger("odoo.http")
    def test_account_manager_cannot_release_in_the_portal(self):
        self.authenticate(self.user_sales.login, self.user_sales.login + "_pw")
        response = self.url_open(
            f"/my/licenses/{self.license.id}/release",
            data={"activation_id": self.activation.id, "csrf_token": self._csrf_token()},
        )
        self.assertEqual(response.status_code, 404)
        self.activation.invalidate_recordset()
        self.assertEqual(self.activation.state, "active")
