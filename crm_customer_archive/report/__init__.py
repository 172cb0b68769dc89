from . import customer_archive_xlsx
from . import customer_contract_xlsx
from . import customer_complaint_xlsx
from . import customer_license_xlsx
from . import customer_process_capability_report
from . import customer_objection_rate_report
from . import res_partner_card
from . import customer_sales_trend_report
