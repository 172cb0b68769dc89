"""Input bounds (issue "Trust", L8): text too long or with a NUL character,
numbers that are not finite or out of range, an empty part number. Each is
refused with a translated message before anything reaches the database, and
nothing is written."""

import xmlrpc.client

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import (
    CustomerArchiveCase,
    CustomerComplaintCase,
    CustomerContractCase,
    CustomerLicenseCase,
    CustomerPartCase,
)
from .helpers import load_chinese

MEGABYTE = 1_000_000
TOO_LONG = r"“%s” is too long: %s characters, at most %s\."
NOT_FINITE = r"“%s” must be a finite number between -1,000,000,000,000 and 1,000,000,000,000\."


@tagged("post_install", "-at_install")
class TestPartnerAndLicenceInput(CustomerLicenseCase):
    """Partners as their account manager, licences as the licence desk."""

    def _partner_count(self):
        return self.env["res.partner"].with_context(active_test=False).search_count([])

    def test_megabyte_partner_name_is_refused(self):
        before = self._partner_count()
        Partner = self.env["res.partner"].with_user(self.user_sales)
        with self.assertRaisesMessage(ValidationError, TOO_LONG % ("Name", MEGABYTE, 256)):
            Partner.create({"name": "华" * MEGABYTE, "is_company": True})
        self.assertEqual(self._partner_count(), before)

    def test_too_long_name_on_create_and_on_write(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        before = self._partner_count()
        with self.assertRaisesMessage(ValidationError, TOO_LONG % ("Name", 257, 256)):
            Partner.create({"name": "x" * 257, "is_company": True})
        self.assertEqual(self._partner_count(), before)
        customer = self.customer.with_user(self.user_sales)
        with self.assertRaisesMessage(ValidationError, TOO_LONG % ("Name", 257, 256)):
            customer.write({"name": "x" * 257})
        self.assertEqual(customer.name, "华北汽车制造有限公司")
        customer.write({"name": "x" * 256})
        self.assertEqual(len(customer.name), 256, "the limit itself is accepted")

    def test_nul_character_in_a_name_is_refused(self):
        contact = self.contact.with_user(self.user_sales)
        with self.assertRaisesMessage(ValidationError, r"“Name” contains a NUL character"):
            contact.write({"name": "赵\x00明"})
        self.assertEqual(contact.name, "赵明")

    def test_seats_out_of_range(self):
        count = self.env["customer.license"].search_count([])
        with self.assertRaisesMessage(ValidationError, r"“Seats” must be a whole number between -2147483647 and"):
            self.create_license(seats=2**40)
        with self.assertRaisesMessage(ValidationError, r"at most 100000 seats, not 100001"):
            self.create_license(seats=100_001)
        self.assertEqual(self.env["customer.license"].search_count([]), count)
        license_ = self.create_license(seats=100_000)
        with self.assertRaisesMessage(ValidationError, r"“Seats” must be a whole number"):
            license_.write({"seats": 2**40})
        with self.assertRaisesMessage(ValidationError, r"at most 100000 seats"):
            license_.write({"seats": 2**31 - 1})
        self.assertEqual(license_.seats, 100_000)


@tagged("post_install", "-at_install")
class TestEngineeringInput(CustomerComplaintCase, CustomerPartCase, CustomerContractCase):
    """Parts as a process engineer, contracts as their account manager,
    complaints as customer service."""

    def _count(self, model):
        return self.env[model].with_context(active_test=False).search_count([])

    def _part_values(self):
        return {"name": "后门内板", "partner_id": self.customer.id, "blank_gross_weight": 9.0, "part_net_weight": 6.0}

    def test_megabyte_part_number(self):
        Part = self.env["customer.part"].with_user(self.user_process)
        before = self._count("customer.part")
        with self.assertRaisesMessage(ValidationError, TOO_LONG % ("Part Number", MEGABYTE, 256)):
            Part.create({**self._part_values(), "part_number": "5" * MEGABYTE})
        self.assertEqual(self._count("customer.part"), before)
        part = self.part.with_user(self.user_process)
        with self.assertRaisesMessage(ValidationError, TOO_LONG % ("Part Number", MEGABYTE, 256)):
            part.write({"part_number": "5" * MEGABYTE})
        self.assertEqual(part.part_number, "5701011-K00")

    def test_empty_or_blank_part_number(self):
        Part = self.env["customer.part"].with_user(self.user_process)
        before = self._count("customer.part")
        for number in ("", "   ", "\t\n", False):
            with self.assertRaisesMessage(ValidationError, r"^The part number cannot be empty\.$"):
                Part.create({**self._part_values(), "part_number": number})
        self.assertEqual(self._count("customer.part"), before)
        part = self.part.with_user(self.user_process)
        with self.assertRaisesMessage(ValidationError, "The part number cannot be empty"):
            part.write({"part_number": "  "})
        self.assertEqual(part.part_number, "5701011-K00")
        new = Part.create({**self._part_values(), "part_number": "  5701099-K01 "})
        self.assertEqual(new.part_number, "5701099-K01", "surrounding spaces are stripped")

    def test_contract_quantity_must_be_finite(self):
        before = self._count("customer.contract")
        for quantity in (float("inf"), float("nan"), 1e13):
            with self.assertRaisesMessage(ValidationError, NOT_FINITE % "Contracted Qty"):
                self.create_contract(lines=((None, quantity, 5000.0),))
        self.assertEqual(self._count("customer.contract"), before)
        line = self.create_contract().line_ids[0]
        for quantity in (float("inf"), -float("inf"), float("nan")):
            with self.assertRaisesMessage(ValidationError, NOT_FINITE % "Contracted Qty"):
                line.write({"quantity": quantity})
        self.assertEqual(line.quantity, 100.0)

    def test_complaint_quantity_must_be_finite(self):
        before = self._count("customer.complaint")
        for quantity in (float("inf"), float("nan")):
            with self.assertRaisesMessage(ValidationError, NOT_FINITE % "Quantity Affected"):
                self.create_complaint(quantity=quantity)
        self.assertEqual(self._count("customer.complaint"), before)
        complaint = self.create_complaint(quantity=2.5)
        with self.assertRaisesMessage(ValidationError, NOT_FINITE % "Quantity Affected"):
            complaint.write({"quantity": float("nan")})
        self.assertEqual(complaint.quantity, 2.5)

    def test_email_with_a_long_subject_and_many_cc_still_becomes_a_complaint(self):
        alias = self.env.ref("crm_customer_archive.mail_alias_customer_complaint")
        domain = alias.alias_domain_id.name or "example.com"
        if not alias.alias_domain_id:
            alias.alias_domain_id = self.env["mail.alias.domain"].create({"name": domain})
        cc = ", ".join(f"qc{index:02d}@example.cn" for index in range(40))
        message = (
            f"From: 李娜 <lina.qc@example.cn>\r\nTo: complaints@{domain}\r\nCc: {cc}\r\n"
            f"Subject: {'scratch ' * 40}\r\nMessage-ID: <long-subject-1@example.cn>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nSee subject.\r\n"
        )
        complaint_id = self.env["mail.thread"].message_process("customer.complaint", message)
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual(len(complaint.title), 256, "the subject is cut to the length of a title")
        self.assertTrue(complaint.name.startswith("ZL"), "the number comes from the sequence, not the subject")
        self.assertGreater(len(complaint.email_cc), 256, "every Cc is kept")

    def test_message_in_chinese(self):
        load_chinese(self.env)
        part = self.part.with_user(self.user_process).with_context(lang="zh_CN")
        with self.assertRaisesMessage(ValidationError, r"^“零件编号”过长：300 个字符，最多 256 个字符。$"):
            part.write({"part_number": "K" * 300})
        with self.assertRaisesMessage(ValidationError, r"^零件编号不能为空。$"):
            part.write({"part_number": " "})
        self.assertEqual(part.part_number, "5701011-K00")


@tagged("post_install", "-at_install")
class TestInputValidationRpc(CustomerArchiveCase, HttpCase):
    """An RPC client gets the message as a clean fault, not a database error."""

    def setUp(self):
        super().setUp()
        self.enterContext(mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http"))

    def _call(self, user, model, method, *args):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args))

    def test_megabyte_name_over_xmlrpc(self):
        before = self.env["res.partner"].with_context(active_test=False).search_count([])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._call(self.user_sales, "res.partner", "create", {"name": "x" * MEGABYTE, "is_company": True})
        fault = caught.exception.faultString
        self.assertIn(f"“Name” is too long: {MEGABYTE} characters, at most 256.", fault)
        self.assertNotIn("psycopg2", fault)
        self.assertNotIn("Traceback", fault)
        self.assertEqual(self.env["res.partner"].with_context(active_test=False).search_count([]), before)
