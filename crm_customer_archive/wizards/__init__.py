from . import customer_contract_terminate
