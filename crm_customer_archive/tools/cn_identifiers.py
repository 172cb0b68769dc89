"""Chinese identifiers: the resident ID number (公民身份号码, GB 11643) and
the unified social credit code (统一社会信用代码, GB 32100)."""

import re
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

RESIDENT_ID_RE = re.compile(r"^[1-8]\d{16}[\dX]$")


def resident_id_problem(number):
    """What is wrong with a resident ID number (GB 11643), or None.

    Returns ``"format"`` (not 17 digits and a check digit or X),
    ``"birth_date"`` (impossible or future birth date) or ``"checksum"``
    (wrong check character).

    stdnum's ric.validate() is not used: its region look-up reads a data file
    through importlib.resources, which Odoo's import hook breaks."""
    if not RESIDENT_ID_RE.match(number):
        return "format"
    try:
        birth_date = ric.get_birth_date(number)
    except InvalidComponent:
        return "birth_date"
    if birth_date > date.today() or birth_date.year < 1900:
        return "birth_date"
    if number[-1] != ric.calc_check_digit(number):
        return "checksum"
    return None


def resident_id_birth_date(number):
    """The birth date (a date) a valid resident ID number states."""
    return ric.get_birth_date(number)


def mask_id_number(number):
    """110105194912310021 -> 110105********0021: region and check part only.

    False stays False; a number of 10 characters or fewer is fully masked."""
    if not number:
        return False
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def is_valid_uscc(code):
    """True for a unified social credit code of 18 characters with a correct
    check character (GB 32100)."""
    return uscc.is_valid(code)
