{
    "name": "Customer Archive",
    "summary": "Complete customer archive (客户档案): customers, contacts, "
    "classification, personal data protection and base data",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_customer_archive developers",
    "website": "https://github.com/crm-customer-archive/crm_customer_archive",
    "depends": [
        "base",
        "mail",
        "contacts",
        "product",
        "sale_management",
        "stock",
        "portal",
        "utm",
        "report_xlsx",
    ],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/res_groups.xml",
        "security/ir.model.access.csv",
        "security/customer_archive_option_security.xml",
        "security/res_partner_security.xml",
        "data/ir_sequence_data.xml",
        "data/customer_archive_option_data.xml",
        "views/customer_archive_option_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_customer_archive/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
