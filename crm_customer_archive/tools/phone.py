"""Phone numbers as people in China type them."""

import re

CN_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
CN_LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")
CN_LANDLINE_NO_TRUNK_RE = re.compile(r"^[1-9]\d{1,2}\d{7,8}$")
INTERNATIONAL_RE = re.compile(r"^\+[1-9]\d{6,14}$")
PHONE_SEPARATORS_RE = re.compile(r"[\s\-().]")
PHONE_EXTENSION_RE = re.compile(r"\s*(?:转|分机|ext\.?|x|#|-)\s*\d{1,6}$", re.IGNORECASE)


def _is_valid_number(text):
    compact = PHONE_SEPARATORS_RE.sub("", text)
    if compact.startswith("+86"):
        national = compact[3:]
        return bool(CN_MOBILE_RE.match(national) or CN_LANDLINE_NO_TRUNK_RE.match(national))
    if compact.startswith("+"):
        return bool(INTERNATIONAL_RE.match(compact))
    return bool(CN_MOBILE_RE.match(compact) or CN_LANDLINE_RE.match(compact))


def is_valid_phone(phone):
    """A Chinese mobile, a landline with its area code (an extension may
    follow), or an international number starting with +country code."""
    phone = phone.strip()
    if _is_valid_number(phone):
        return True
    without_extension = PHONE_EXTENSION_RE.sub("", phone)
    return without_extension != phone and _is_valid_number(without_extension)
