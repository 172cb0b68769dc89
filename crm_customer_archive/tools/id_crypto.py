"""Resident ID numbers encrypted at rest (README, Identity numbers).

The database holds a Fernet token (AES-128-CBC + HMAC-SHA256) of each number
and, for exact searches, a keyed hash (HMAC-SHA256): a plain hash of an ID
number is no protection, there are too few of them. The keys live outside the
database, comma-separated, the first one current, the others only decrypt
(key rotation), taken from the first of:

- the environment variable ``CUSTOMER_ARCHIVE_ID_KEY`` (set, even empty, it wins);
- the server option ``customer_archive_id_key`` (``[options]`` of odoo.conf;
  Odoo warns about it as an unknown option);
- ``id_key`` in the ``[crm_customer_archive]`` section of odoo.conf (read
  like OCA queue_job reads ``[queue_job]``; what scripts/common.sh writes).
"""

import base64
import functools
import hashlib
import hmac
import os
from configparser import ConfigParser

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

ENV_VARIABLE = "CUSTOMER_ARCHIVE_ID_KEY"
CONFIG_OPTION = "customer_archive_id_key"
CONFIG_SECTION = "crm_customer_archive"
CONFIG_SECTION_OPTION = "id_key"
# Separates the search hash key from the encryption key derived from the same secret.
HASH_KEY_LABEL = b"crm_customer_archive resident ID number search hash"


class IdKeyMissingError(Exception):
    """No key is configured."""


class IdKeyInvalidError(Exception):
    """A configured key is not a Fernet key (32 url-safe base64-encoded bytes)."""


class IdKeyMismatchError(Exception):
    """A stored number was encrypted with none of the configured keys."""


@functools.cache
def _section_keys(path):
    parser = ConfigParser(interpolation=None)
    parser.read(path)
    return parser.get(CONFIG_SECTION, CONFIG_SECTION_OPTION, fallback="")


def configured_keys(options):
    """The configured keys, the current one first. ``options``: the server's
    configuration (``odoo.tools.config``), passed in so that this file needs
    no Odoo (backup scripts load it alone)."""
    if ENV_VARIABLE in os.environ:  # set, even empty, it wins
        raw = os.environ[ENV_VARIABLE]
    else:
        raw = options.get(CONFIG_OPTION) or (options.get("config") and _section_keys(options["config"])) or ""
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    if not keys:
        raise IdKeyMissingError()
    return keys


@functools.cache
def _fernets(keys):
    try:
        return [Fernet(key) for key in keys]
    except ValueError as error:
        raise IdKeyInvalidError() from error


def _hash_key(key):
    return hmac.new(base64.urlsafe_b64decode(key), HASH_KEY_LABEL, hashlib.sha256).digest()


def _digest(number, key):
    return hmac.new(_hash_key(key), number.encode(), hashlib.sha256).hexdigest()


def encrypt(number, keys):
    """(token, search hash) of a number with the current key."""
    fernets = _fernets(keys)
    return fernets[0].encrypt(number.encode()).decode(), _digest(number, keys[0])


def decrypt(token, keys):
    """The number of a token encrypted with any configured key."""
    try:
        return MultiFernet(_fernets(keys)).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise IdKeyMismatchError() from error


def search_hashes(number, keys):
    """The hash of a number under every configured key: a search still finds
    the numbers hashed with the previous key before the rotation ran."""
    _fernets(keys)  # refuses malformed keys
    return [_digest(number, key) for key in keys]


def generate_key():
    return Fernet.generate_key().decode()
