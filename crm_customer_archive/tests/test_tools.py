import ast
import json
from datetime import date
from pathlib import Path

from odoo.addons.crm_customer_archive.tools.cn_identifiers import (
    is_valid_uscc,
    mask_id_number,
    resident_id_birth_date,
    resident_id_problem,
)
from odoo.addons.crm_customer_archive.tools.license_key import (
    check_character,
    format_key,
    generate_key,
    is_valid_key,
    normalize_key,
)
from odoo.addons.crm_customer_archive.tools.phone import is_valid_phone
from odoo.addons.crm_customer_archive.tools.signature import (
    canonical_json,
    generate_private_key_pem,
    public_key_pem,
    sign_license_file,
    sign_token,
    verify_license_file,
    verify_token,
)
from odoo.tests import BaseCase, tagged

from .common import VALID_ID_BIRTHDATE, VALID_ID_NUMBER, VALID_USCC


@tagged("post_install", "-at_install")
class TestTools(BaseCase):
    """The pure helpers of tools/, without a database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.private_pem = generate_private_key_pem()
        cls.public_pem = public_key_pem(cls.private_pem)
        cls.other_public_pem = public_key_pem(generate_private_key_pem())

    def test_tools_do_not_import_odoo(self):
        for path in (Path(__file__).parent.parent / "tools").glob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    for name in names:
                        self.assertFalse(name.split(".")[0] == "odoo", f"{path.name} imports {name}")

    # Unified social credit code (GB 32100)
    def test_uscc(self):
        self.assertTrue(is_valid_uscc(VALID_USCC))
        for code in ("91110000600037341X", "9111000060003", "", VALID_USCC + "0", "9111000060003734IL"):
            with self.subTest(code=code):
                self.assertFalse(is_valid_uscc(code))

    # Resident ID number (GB 11643)
    def test_resident_id_valid(self):
        self.assertIsNone(resident_id_problem(VALID_ID_NUMBER))
        self.assertEqual(resident_id_birth_date(VALID_ID_NUMBER), date.fromisoformat(VALID_ID_BIRTHDATE))

    def test_resident_id_invalid(self):
        cases = {
            "110105194912310021": "checksum",
            "11010519491331002X": "birth_date",
            "11010518991231002X": "birth_date",
            "11010530001231002X": "birth_date",
            "1101051949123100": "format",
            "11010519491231002Y": "format",
            "01010519491231002X": "format",
            "11010519491231002x": "format",
            "": "format",
        }
        for number, problem in cases.items():
            with self.subTest(number=number):
                self.assertEqual(resident_id_problem(number), problem)

    def test_mask_id_number(self):
        self.assertEqual(mask_id_number(VALID_ID_NUMBER), "110105********002X")
        self.assertEqual(mask_id_number("1234567890"), "**********")
        self.assertFalse(mask_id_number(""))
        self.assertFalse(mask_id_number(False))

    # Phone numbers
    def test_phone_valid(self):
        for number in ("13812345678", " 138 1234 5678 ", "010-62345678 分机 12", "0755 2345678#8", "+86 10 6234 5678"):
            with self.subTest(number=number):
                self.assertTrue(is_valid_phone(number))

    def test_phone_invalid(self):
        for number in ("", "12812345678", "010-62345678 转", "+86 0755 2345678", "+1234", "13812345678 ext 1234567"):
            with self.subTest(number=number):
                self.assertFalse(is_valid_phone(number))

    # Licence keys
    def test_license_key_round_trip(self):
        key = generate_key()
        self.assertTrue(is_valid_key(key))
        compact = normalize_key(key)
        self.assertEqual(format_key(compact), key)
        self.assertEqual(check_character(compact[:-1]), compact[-1])

    def test_license_key_invalid(self):
        compact = normalize_key(generate_key())
        wrong_check = compact[:-1] + next(char for char in "0123456789" if char != compact[-1])
        for text in (wrong_check, compact[:-1], "U" * 25, "", None):
            with self.subTest(text=text):
                self.assertFalse(is_valid_key(text))

    # Signatures (Ed25519)
    def test_canonical_json_is_stable(self):
        self.assertEqual(canonical_json({"b": 1, "a": "客户"}), '{"a":"客户","b":1}'.encode())

    def test_license_file_round_trip_and_tamper(self):
        document = {"license_key": generate_key(), "customer": "华北汽车制造有限公司", "seats": 3}
        content = sign_license_file(document, self.private_pem)
        self.assertEqual(json.loads(content)["license"], document)
        self.assertEqual(json.loads(content)["algorithm"], "Ed25519")
        self.assertTrue(verify_license_file(content, self.public_pem))
        self.assertTrue(verify_license_file(content.decode(), self.public_pem), "str is accepted too")

        tampered = json.loads(content)
        tampered["license"]["seats"] = 300
        self.assertFalse(verify_license_file(json.dumps(tampered), self.public_pem))
        self.assertFalse(verify_license_file(content, self.other_public_pem), "another issuer's key")
        for garbage in (b"garbage", b"{}", b'{"license": {}, "signature": "not base64!"}', "[]"):
            with self.subTest(content=garbage):
                self.assertFalse(verify_license_file(garbage, self.public_pem))
        self.assertFalse(verify_license_file(content, "not a key"))

    def test_token_round_trip_and_tamper(self):
        payload = {"lic": 7, "fp": "ab" * 16, "exp": "2026-01-08 00:00:00"}
        token = sign_token(payload, self.private_pem)
        self.assertNotIn("=", token)
        self.assertEqual(verify_token(token, self.public_pem), payload)

        body, signature = token.split(".")
        forged_body = sign_token({**payload, "lic": 8}, self.private_pem).split(".")[0]
        for bad in (f"{forged_body}.{signature}", f"{body}.{signature[:-2]}", body, "", "a.b.c"):
            with self.subTest(token=bad):
                self.assertIsNone(verify_token(bad, self.public_pem))
        self.assertIsNone(verify_token(token, self.other_public_pem))
