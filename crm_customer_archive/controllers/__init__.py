from . import portal
from . import portal_contract
from . import portal_complaint
from . import portal_license
from . import portal_certificate
from . import portal_credit
from . import quality_certificate
from . import license_api
