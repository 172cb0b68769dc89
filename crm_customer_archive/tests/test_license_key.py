import re

from odoo.addons.crm_customer_archive.models.license_key import (
    ALPHABET,
    check_character,
    format_key,
    generate_key,
    is_valid_key,
    normalize_key,
)
from odoo.tests import BaseCase, tagged


@tagged("post_install", "-at_install")
class TestLicenseKey(BaseCase):
    def test_format_and_entropy(self):
        keys = {generate_key() for _index in range(500)}
        self.assertEqual(len(keys), 500)
        for key in keys:
            self.assertRegex(key, r"^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$")
            self.assertTrue(is_valid_key(key))
        # 24 random characters of a 32-letter alphabet: 24 x 5 = 120 bits >= 100.
        self.assertEqual(len(ALPHABET), 32)
        self.assertEqual(len(normalize_key(next(iter(keys))).rstrip()) - 1, 24)

    def test_every_single_typo_and_neighbour_swap_is_detected(self):
        key = normalize_key(generate_key())
        for index in range(len(key)):
            for char in ALPHABET:
                if char != key[index]:
                    typo = key[:index] + char + key[index + 1 :]
                    self.assertFalse(is_valid_key(typo), typo)
        for index in range(len(key) - 1):
            if key[index] != key[index + 1]:
                swapped = key[:index] + key[index + 1] + key[index] + key[index + 2 :]
                self.assertFalse(is_valid_key(swapped), swapped)

    def test_typing_is_forgiving(self):
        body = "0123456789ABCDEFGHJKMNPQ"
        key = format_key(body + check_character(body))
        self.assertTrue(is_valid_key(key.lower()))
        self.assertTrue(is_valid_key(key.replace("-", " ")))
        self.assertTrue(is_valid_key(key.replace("0", "O").replace("1", "I")))

    def test_wrong_length_or_alphabet(self):
        for text in ("", "ABC", "U" * 25, generate_key() + "0", None, 12345, "Ä" * 25, "x" * 1000):
            with self.subTest(text=text):
                self.assertFalse(is_valid_key(text))
        self.assertIsNone(normalize_key("ABCDE-FGHJK-MNPQR-STVWX-YZ01U"))
        self.assertFalse(re.search("[ILOU]", ALPHABET))
