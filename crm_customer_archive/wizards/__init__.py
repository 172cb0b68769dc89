from . import customer_contract_terminate
from . import customer_process_spec_copy
