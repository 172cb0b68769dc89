import re

from odoo.addons.crm_customer_archive.tools.license_key import (
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

    def test_every_single_typo_is_detected(self):
        key = normalize_key(generate_key())
        for index in range(len(key)):
            for char in ALPHABET:
                if char != key[index]:
                    typo = key[:index] + char + key[index + 1 :]
                    self.assertFalse(is_valid_key(typo), typo)

    def test_neighbour_swaps_are_detected_but_zero_and_last_letter(self):
        # Every pair of neighbours at every position, not a random key: a
        # random key made this test fail whenever it held "0Z" or "Z0". Luhn
        # mod N cannot see that one swap (0 and N-1), as Luhn mod 10 cannot see
        # 09 <-> 90; the keys already issued keep their check character.
        body = "0123456789ABCDEFGHJKMNPQ"
        for index in range(len(body) - 1):
            for first in ALPHABET:
                for second in ALPHABET:
                    if first == second:
                        continue
                    original = body[:index] + first + second + body[index + 2 :]
                    swapped = body[:index] + second + first + body[index + 2 :]
                    detected = check_character(original) != check_character(swapped)
                    self.assertEqual(detected, {first, second} != {"0", "Z"}, (index, first, second))

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
