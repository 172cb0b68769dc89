import re
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tests import common as odoo_test_common

from .helpers import load_chinese

# Valid numbers, checked by hand against GB 32100 / GB 11643.
VALID_USCC = "91110000600037341L"
VALID_ID_NUMBER = "11010519491231002X"
VALID_ID_BIRTHDATE = "1949-12-31"


def identity_consent(**values):
    """A consent in force for keeping a person's ID number and birth date
    (PIPL): give it, in consent_ids, to a contact created with them."""
    return Command.create({"purpose": "合同签署人身份核验", "scope": "personal_identity", "channel": "paper", **values})


class CustomerArchiveCase(TransactionCase):
    """Users of every role and a few customers, built once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Steel Works"})
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.user_plain = new_test_user(cls.env, "plain_employee", groups="base.group_user", **companies)
        cls.user_sales = new_test_user(
            cls.env,
            "archive_sales",
            groups="crm_customer_archive.group_archive_user,sales_team.group_sale_salesman,"
            "stock.group_stock_user,account.group_account_invoice",
            **companies,
        )
        cls.user_sales_2 = new_test_user(
            cls.env, "archive_sales_2", groups="crm_customer_archive.group_archive_user", **companies
        )
        cls.user_officer = new_test_user(
            cls.env, "archive_officer", groups="crm_customer_archive.group_archive_officer", **companies
        )
        cls.user_manager = new_test_user(
            cls.env, "archive_manager", groups="crm_customer_archive.group_archive_manager", **companies
        )
        cls.user_privacy = new_test_user(
            cls.env,
            "archive_privacy",
            groups="crm_customer_archive.group_archive_officer,crm_customer_archive.group_archive_personal_data,"
            "base.group_allow_export",
            **companies,
        )
        cls.category_direct = cls.env.ref("crm_customer_archive.option_customer_category_dir")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "华北汽车制造有限公司",
                "is_company": True,
                "user_id": cls.user_sales.id,
                "customer_category_id": cls.category_direct.id,
                "customer_level": "a",
                "archive_state": "active",
                "company_id": cls.company.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "赵明",
                "parent_id": cls.customer.id,
                "function": "采购部经理",
                "phone": "13910001001",
                "email": "zhaoming@example.cn",
                "consent_ids": [identity_consent()],
                "private_id_number": VALID_ID_NUMBER,
                "private_birthdate": VALID_ID_BIRTHDATE,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "江南轿车股份有限公司",
                "is_company": True,
                "user_id": cls.user_sales_2.id,
                "archive_state": "active",
            }
        )

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint and clears the cache,
        unlike unittest's assertRaisesRegex) plus a check of the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), re.compile(pattern, re.DOTALL))


class SteelSalesCase(CustomerArchiveCase):
    """Two steel products sold by the tonne and a sales manager who sells them
    (what contracts, parts and deliveries are made of)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_ton = cls.env.ref("uom.product_uom_ton")
        product_values = {
            "type": "consu",
            "uom_id": cls.uom_ton.id,
            "invoice_policy": "delivery",
            "taxes_id": [Command.clear()],
        }
        cls.product_dc04 = cls.env["product.product"].create(
            {"name": "冷轧卷 DC04 1.0×1250", "list_price": 5600.0, **product_values}
        )
        cls.product_spcc = cls.env["product.product"].create(
            {"name": "冷轧卷 SPCC 0.8×1000", "list_price": 4300.0, **product_values}
        )
        cls.user_sales_manager = new_test_user(
            cls.env,
            "archive_sales_manager",
            groups="crm_customer_archive.group_archive_manager,sales_team.group_sale_salesman_all_leads,"
            "stock.group_stock_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )


class CustomerContractCase(SteelSalesCase):
    """Contracts: the steel products and a helper to build contracts."""

    @classmethod
    def create_contract(cls, user=None, partner=None, lines=((None, 100.0, 5000.0), (None, 50.0, 4000.0)), **values):
        """A draft contract; lines are (product or None for DC04/SPCC in turn, quantity, unit price)."""
        default_products = [cls.product_dc04, cls.product_spcc]
        line_commands = [
            Command.create(
                {
                    "product_id": (product or default_products[index % 2]).id,
                    "quantity": quantity,
                    "price_unit": price,
                }
            )
            for index, (product, quantity, price) in enumerate(lines)
        ]
        today = fields.Date.context_today(cls.env["customer.contract"])
        vals = {
            "title": "2027 年度冷轧板供货合同",
            "partner_id": (partner or cls.customer).id,
            "date_start": today - relativedelta(days=5),
            "date_end": today + relativedelta(days=360),
            "line_ids": line_commands,
            **values,
        }
        return cls.env["customer.contract"].with_user(user or cls.user_sales).create(vals)


class CustomerEngineeringCase(SteelSalesCase):
    """Engineering: a customer part (of the DC04 steel) with requirements, a
    process engineer and a helper to build process control plans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.user_process = new_test_user(
            cls.env,
            "archive_process",
            groups="crm_customer_archive.group_archive_officer,stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.grade_dc04 = cls.env["customer.archive.option"].create(
            {"category": "production_grade", "code": "TDC04", "name": "DC04"}
        )
        cls.element_c = ref("crm_customer_archive.option_chemical_element_c")
        cls.element_mn = ref("crm_customer_archive.option_chemical_element_mn")
        cls.property_yield = ref("crm_customer_archive.option_mechanical_property_rp02")
        cls.property_elongation = ref("crm_customer_archive.option_mechanical_property_a80")
        cls.route_tcm = ref("crm_customer_archive.option_process_route_pl_tcm")
        cls.route_cal = ref("crm_customer_archive.option_process_route_cal")
        cls.param_soak = ref("crm_customer_archive.option_process_parameter_soak_temp")
        cls.param_speed = ref("crm_customer_archive.option_process_parameter_line_speed")
        cls.param_reduction = ref("crm_customer_archive.option_process_parameter_reduction")
        cls.part = cls.env["customer.part"].create(
            {
                "name": "前门内板",
                "part_number": "5701011-K00",
                "partner_id": cls.customer.id,
                "product_id": cls.product_dc04.id,
                "vehicle_model_id": ref("crm_customer_archive.option_vehicle_model_sedan").id,
                "usage_position_id": ref("crm_customer_archive.option_usage_position_door_in").id,
                "production_grade_id": cls.grade_dc04.id,
                "blank_thickness": 0.8,
                "blank_width": 1250.0,
                "blank_length": 1480.0,
                "blank_gross_weight": 11.62,
                "material_quota": 11.8,
                "part_net_weight": 7.55,
                "chemical_requirement_ids": [
                    Command.create({"element_id": cls.element_c.id, "min_percent": 0.0, "max_percent": 0.005}),
                    Command.create({"element_id": cls.element_mn.id, "min_percent": 0.1, "max_percent": 0.3}),
                ],
                "mechanical_requirement_ids": [
                    Command.create({"property_id": cls.property_yield.id, "min_value": 140.0, "max_value": 180.0}),
                    Command.create({"property_id": cls.property_elongation.id, "min_value": 40.0}),
                ],
            }
        )

    @classmethod
    def create_spec(cls, user=None, part=None, partner=None, lines=None, **values):
        """A draft plan: pickling/tandem rolling then continuous annealing."""
        part = cls.part if part is None else part
        if lines is None:
            lines = [
                (cls.route_tcm, cls.param_reduction, 80.0, 75.0, 85.0, False),
                (cls.route_cal, cls.param_soak, 770.0, 750.0, 790.0, True),
                (cls.route_cal, cls.param_speed, 120.0, 100.0, 140.0, False),
            ]
        vals = {
            "title": "DC04 前门内板工艺",
            "partner_id": (partner or part.partner_id or cls.customer).id,
            "part_id": part.id if part else False,
            "thickness_min": 0.6,
            "thickness_max": 1.2,
            "width_min": 1000.0,
            "width_max": 1500.0,
            "line_ids": [
                Command.create(
                    {
                        "sequence": index,
                        "route_id": route.id,
                        "parameter_id": parameter.id,
                        "target": target,
                        "lower_limit": lower,
                        "upper_limit": upper,
                        "is_key_point": key,
                    }
                )
                for index, (route, parameter, target, lower, upper, key) in enumerate(lines)
            ],
            **values,
        }
        return cls.env["customer.process.spec"].with_user(user or cls.user_process).create(vals)


# The name the test modules use for the engineering fixture.
CustomerPartCase = CustomerEngineeringCase


class CustomerComplaintCase(CustomerArchiveCase):
    """Complaints: stages, defect types (their SLA policies are data), a
    customer-service user, a reporter and a helper to record complaints. No
    part: a test class that needs one adds CustomerPartCase to its bases, and
    its complaints are then about the part by default."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.stage_new = ref("crm_customer_archive.complaint_stage_new")
        cls.stage_investigation = ref("crm_customer_archive.complaint_stage_investigation")
        cls.stage_waiting = ref("crm_customer_archive.complaint_stage_waiting")
        cls.stage_verification = ref("crm_customer_archive.complaint_stage_verification")
        cls.stage_closed = ref("crm_customer_archive.complaint_stage_closed")
        cls.stage_rejected = ref("crm_customer_archive.complaint_stage_rejected")
        cls.defect_scratch = ref("crm_customer_archive.defect_type_scratch")
        cls.defect_edge_crack = ref("crm_customer_archive.defect_type_edge_crack")
        cls.defect_wrinkle = ref("crm_customer_archive.defect_type_wrinkle")
        cls.user_service = new_test_user(
            cls.env,
            "archive_service",
            groups="crm_customer_archive.group_archive_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.reporter = cls.env["res.partner"].create(
            {
                "name": "李娜（质检）",
                "parent_id": cls.customer.id,
                "type": "reporter",
                "email": "lina.qc@example.cn",
                "lang": "zh_CN",
            }
        )

    @classmethod
    def create_complaint(cls, user=None, **values):
        part = getattr(cls, "part", cls.env["customer.part"])
        vals = {
            "title": "钢卷表面划伤",
            "partner_id": cls.customer.id,
            "reporter_id": cls.reporter.id,
            "defect_type_id": cls.defect_scratch.id,
            "severity": "major",
            "part_id": part.id,
            "description": "<p>开卷后发现表面划伤</p>",
            **values,
        }
        return cls.env["customer.complaint"].with_user(user or cls.user_service).create(vals)


class CustomerLicenseCase(CustomerArchiveCase):
    """Licences: a software product, a licence desk officer and manager, and a helper
    to issue licences."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.user_license_manager = new_test_user(
            cls.env, "license_manager", groups="crm_customer_archive.group_license_manager", **companies
        )
        cls.software = cls.env["product.template"].create(
            {
                "name": "冷轧 MES 套件",
                "type": "service",
                "is_software": True,
                "license_type": "subscription",
                "license_duration_months": 12,
                "license_feature_ids": [
                    Command.set(
                        [
                            cls.env.ref("crm_customer_archive.license_feature_mes").id,
                            cls.env.ref("crm_customer_archive.license_feature_spc").id,
                        ]
                    )
                ],
                "list_price": 20000.0,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def create_license(cls, user=None, **values):
        vals = {
            "partner_id": cls.customer.id,
            "product_tmpl_id": cls.software.id,
            "license_type": "subscription",
            "seats": 2,
            "date_start": fields.Date.context_today(cls.env["customer.license"]),
            "date_end": fields.Date.context_today(cls.env["customer.license"]) + relativedelta(months=12),
            "state": "active",
            **values,
        }
        return cls.env["customer.license"].with_user(user or cls.user_officer).create(vals)


class CustomerCertificateCase(CustomerEngineeringCase):
    """Coils and certificates: the part's steel tracked by coil, coils with their delivered size and
    test results, and a helper to sell and deliver chosen coils."""

    # Test results of a coil that meets every requirement of the part.
    PASSING = {"C": 0.003, "Mn": 0.18, "Rp0.2": 162.0, "A80": 42.5}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_dc04.write({"is_storable": True, "tracking": "lot"})
        cls.part.product_standard = "GB/T 5213-2019"
        cls.user_process.name = "王检验"
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)

    @classmethod
    def create_coil(cls, name, results=None, **values):
        """A coil of 12.5 t in stock; results by short name ("C", "Rp0.2"…), recorded by the process engineer."""
        options = {
            "C": cls.element_c,
            "Mn": cls.element_mn,
            "Rp0.2": cls.property_yield,
            "A80": cls.property_elongation,
        }
        vals = {
            "name": name,
            "product_id": cls.product_dc04.id,
            "coil_thickness": 0.8,
            "coil_width": 1250.0,
            "coil_weight": 12.5,
            "heat_number": f"H{name[-4:]}",
            "customer_test_result_ids": [
                Command.create({"characteristic_id": options[key].id, "value": value})
                for key, value in (results or {}).items()
            ],
            **values,
        }
        lot = cls.env["stock.lot"].with_user(cls.user_process).create(vals).with_env(cls.env)
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_dc04, cls.warehouse.lot_stock_id, 12.5, lot_id=lot
        )
        return lot

    @classmethod
    def deliver(cls, lots, partner=None, client_order_ref="HB-PO-2026-031"):
        """Sell these coils (as the customer's part, for our customer) and
        deliver exactly them. Coils the grading gate would stop (untested, not
        conforming) are first released for the customer by a manager, as a
        plant does to ship them: tests of what comes after the gate."""
        line = {"product_uom_qty": 12.5 * len(lots), "price_unit": 5600.0}
        if partner:
            line["product_id"] = cls.product_dc04.id
        else:
            line["customer_part_id"] = cls.part.id
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "client_order_ref": client_order_ref,
                "order_line": [Command.create(line)],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        move = picking.move_ids
        move.move_line_ids.unlink()
        stopped = lots._grading_findings(order.partner_id, move.sale_line_id.customer_part_id, "validation")
        cls.env["customer.lot.disposition"].with_user(cls.user_sales_manager).create(
            [
                {
                    "lot_id": lot.id,
                    "decision": "release",
                    "partner_id": order.partner_id.id,
                    "reason": "让步接收（测试）",
                }
                for lot in stopped
            ]
        )
        cls.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "lot_id": lot.id,
                    "quantity": 12.5,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
                for lot in lots
            ]
        )
        move.picked = True
        picking.button_validate()
        assert picking.state == "done", "the delivery is not validated"
        return picking


class BrowserTourCase:
    """For test classes that run Chromium (tours, screens): more time for the
    browser to start, for this class only, and the Chinese terms."""

    # Odoo gives Chromium 10 s to start; a busy machine can need more, and a
    # tour that cannot start is skipped, which our test command treats as failed.
    CHECK_BROWSER_ITERATIONS = 600

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # classPatch restores Odoo's value in a class cleanup.
        cls.classPatch(odoo_test_common, "CHECK_BROWSER_ITERATIONS", cls.CHECK_BROWSER_ITERATIONS)

    @classmethod
    def load_chinese(cls, modules=("crm_customer_archive",)):
        """Activate zh_CN and load the Chinese terms of these modules."""
        load_chinese(cls.env, modules)
