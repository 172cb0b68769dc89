"""Pure helpers (no ORM, no environment): Chinese identifiers, phone
numbers, licence keys, signatures and run charts. The models import them."""

from . import cn_identifiers
from . import license_key
from . import phone
from . import signature
from . import run_chart
from . import id_crypto
from . import semver
