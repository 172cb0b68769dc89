from . import customer_archive_option
from . import res_partner
