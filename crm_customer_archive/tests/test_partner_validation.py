from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..tools.cn_identifiers import mask_id_number, resident_id_problem
from ..tools.phone import is_valid_phone
from .common import VALID_ID_BIRTHDATE, VALID_ID_NUMBER, VALID_USCC, CustomerArchiveCase, identity_consent


@tagged("post_install", "-at_install")
class TestPartnerValidation(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.germany = cls.env.ref("base.de")

    # Unified social credit code (GB 32100)
    def test_uscc_valid(self):
        self.customer.write({"country_id": self.china.id, "vat": VALID_USCC})
        self.assertEqual(self.customer.vat, VALID_USCC)

    def test_uscc_wrong_check_character(self):
        self.customer.write({"country_id": self.china.id})
        with self.assertRaisesMessage(ValidationError, "unified social credit code 91110000600037341X .* is not valid"):
            self.customer.write({"vat": "91110000600037341X"})
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.vat)

    def test_uscc_wrong_length(self):
        with self.assertRaisesMessage(ValidationError, "18 characters"):
            self.env["res.partner"].create(
                {"name": "Short Code Co", "is_company": True, "country_id": self.china.id, "vat": "9111000060003"}
            )

    def test_uscc_only_checked_for_china(self):
        self.customer.write({"country_id": self.germany.id, "vat": "DE123456788"})
        self.assertEqual(self.customer.vat, "DE123456788")
        self.customer.write({"country_id": self.china.id, "vat": "/"})
        self.assertEqual(self.customer.vat, "/")

    # Resident ID number (GB 11643)
    def test_resident_id_helper(self):
        self.assertIsNone(resident_id_problem(VALID_ID_NUMBER))
        self.assertEqual(resident_id_problem("110105194912310021"), "checksum")
        self.assertEqual(resident_id_problem("11010519491331002X"), "birth_date")
        self.assertEqual(resident_id_problem("1101051949123100"), "format")
        self.assertEqual(resident_id_problem("11010519491231002Y"), "format")

    def test_resident_id_wrong_check_character(self):
        with self.assertRaisesMessage(ValidationError, "wrong check character"):
            self.contact.write({"id_number": "110105194912310021"})
        self.contact.invalidate_recordset()
        self.assertEqual(self.contact.id_number, VALID_ID_NUMBER)

    def test_resident_id_wrong_format(self):
        with self.assertRaisesMessage(ValidationError, "must have 18 characters"):
            self.contact.write({"id_number": "ABC"})

    def test_resident_id_impossible_birth_date(self):
        with self.assertRaisesMessage(ValidationError, "impossible birth date"):
            self.contact.write({"id_number": "11010519491331002X"})

    def test_resident_id_lowercase_x_normalised(self):
        self.contact.write({"id_number": " 11010519491231002x ", "birthdate": False})
        self.contact.invalidate_recordset(["id_number"])
        self.assertEqual(self.contact.id_number, VALID_ID_NUMBER)

    def test_birth_date_must_match_id_number(self):
        with self.assertRaisesMessage(ValidationError, "does not match the birth date in the resident ID number"):
            self.contact.write({"birthdate": "1950-01-01"})
        self.contact.invalidate_recordset()
        self.assertEqual(str(self.contact.birthdate), VALID_ID_BIRTHDATE)

    def test_birth_date_alone_is_fine(self):
        contact = self.env["res.partner"].create(
            {
                "name": "No ID",
                "parent_id": self.customer.id,
                "consent_ids": [identity_consent()],
                "birthdate": "1990-05-01",
            }
        )
        self.assertEqual(str(contact.birthdate), "1990-05-01")

    # Phone and email
    def test_phone_formats(self):
        valid = [
            "13812345678",
            "138 1234 5678",
            "010-62345678",
            "0755-2345678",
            "(0532) 88931234",
            "010-62345678-8001",
            "010-62345678 转 8001",
            "+86 138 1234 5678",
            "+86 10 6234 5678",
            "+49 30 1234567",
            "+1 (650) 555-0111",
        ]
        invalid = ["12345", "23812345678", "62345678", "phone", "+86 12345", "+0 1234567", "138123456789"]
        for number in valid:
            self.assertTrue(is_valid_phone(number), number)
        for number in invalid:
            self.assertFalse(is_valid_phone(number), number)

    def test_invalid_phone_refused(self):
        with self.assertRaisesMessage(ValidationError, "The phone number 62345678 of .* is not valid"):
            self.contact.write({"phone": "62345678"})
        self.contact.invalidate_recordset()
        self.assertEqual(self.contact.phone, "13910001001")

    def test_invalid_email_refused(self):
        for email in ("zhaoming", "zhaoming@", "a@b@c.cn", "赵明 at example.cn"):
            with self.assertRaisesMessage(ValidationError, "is not valid"):
                self.contact.write({"email": email})
        self.contact.invalidate_recordset()
        self.assertEqual(self.contact.email, "zhaoming@example.cn")

    def test_valid_email_accepted(self):
        self.contact.write({"email": '"Zhao Ming" <zhao.ming@hbqc.example.cn>'})
        self.assertIn("zhao.ming@hbqc.example.cn", self.contact.email)

    def test_invalid_phone_refused_in_form(self):
        form = Form(self.env["res.partner"])
        form.name = "Form Co"
        form.phone = "12"
        with self.assertRaisesMessage(ValidationError, "The phone number 12"):
            form.save()

    # Stores and feedback reporters
    def test_reporter_store_of_another_customer_refused(self):
        foreign_store = self.env["res.partner"].create(
            {"name": "Foreign Store", "parent_id": self.other_customer.id, "type": "store"}
        )
        with self.assertRaisesMessage(ValidationError, "does not belong to the customer"):
            self.env["res.partner"].create(
                {
                    "name": "Reporter",
                    "parent_id": self.customer.id,
                    "type": "reporter",
                    "store_id": foreign_store.id,
                }
            )

    def test_reporter_with_own_store(self):
        store = self.env["res.partner"].create(
            {"name": "North Store", "parent_id": self.customer.id, "type": "store", "city": "天津"}
        )
        reporter = self.env["res.partner"].create(
            {
                "name": "李强",
                "parent_id": self.customer.id,
                "type": "reporter",
                "store_id": store.id,
                "phone": "13512206002",
            }
        )
        self.assertEqual(reporter.store_id, store)
        self.assertEqual(store.city, "天津", "a store keeps its own address")

    def test_mask_helper(self):
        self.assertEqual(mask_id_number(VALID_ID_NUMBER), "110105********002X")
        self.assertEqual(mask_id_number("12345"), "*****")
        self.assertFalse(mask_id_number(False))
