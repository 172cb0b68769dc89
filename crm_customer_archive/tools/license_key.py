"""Licence keys: 24 random characters of Crockford's base-32 alphabet
(120 bits from `secrets`) and one Luhn mod 32 check character, shown in
five groups of five (ABCDE-FGHJK-MNPQR-STVWX-YZ012). The check character
catches every single mistyped character and most swapped neighbours."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 24
KEY_LENGTH = RANDOM_LENGTH + 1
# Crockford decoding is forgiving of letters that look like digits.
_TYPO_MAP = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_character(body):
    """Luhn mod N over the alphabet: every second value doubled from the right."""
    factor = 2
    total = 0
    n = len(ALPHABET)
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def generate_key():
    body = "".join(secrets.choice(ALPHABET) for _index in range(RANDOM_LENGTH))
    return format_key(body + check_character(body))


def normalize_key(text):
    """The 25 characters of a key as typed (case, dashes and spaces ignored,
    O/I/L read as 0/1), or None when it cannot be a key."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    compact = text.upper().replace("-", "").replace(" ", "").translate(_TYPO_MAP)
    if len(compact) != KEY_LENGTH or any(char not in ALPHABET for char in compact):
        return None
    return compact


def is_valid_key(text):
    compact = normalize_key(text)
    return bool(compact) and check_character(compact[:-1]) == compact[-1]


def format_key(compact):
    return "-".join(compact[index : index + 5] for index in range(0, len(compact), 5))
