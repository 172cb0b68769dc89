from . import customer_contract_terminate
from . import customer_process_spec_copy
from . import customer_quality_certificate_release
from . import customer_complaint_warn_similar
from . import customer_followup_cancel
from . import customer_handover
from . import customer_consent_withdraw
from . import customer_archive_access_release
