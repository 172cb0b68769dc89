from . import portal
from . import quality_certificate
