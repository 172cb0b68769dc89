"""Pure helpers (no ORM, no environment): Chinese identifiers, phone
numbers, licence keys and signatures. The models import them."""

from . import cn_identifiers
from . import license_key
from . import phone
from . import signature
