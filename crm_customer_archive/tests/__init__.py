from . import test_access_rights
from . import test_archive_option
from . import test_customer_code
from . import test_document_counts
from . import test_partner_validation
from . import test_personal_data
from . import test_translation
from . import test_ui_tour
