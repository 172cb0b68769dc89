from . import portal
from . import quality_certificate
from . import license_api
