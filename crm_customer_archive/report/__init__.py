from . import customer_contract_xlsx
