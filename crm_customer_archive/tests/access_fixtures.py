"""Fixture of the access-matrix tests: one user per role of the declared
access policy (``security/access_policy.py``), three customers in two
companies and, for every model of the policy, one record per customer.

Customers (keys):
    A   company 1, account manager = the ``account_manager`` test user,
        portal user ``portal_a`` is one of its contacts
    B   company 1, another account manager, portal user ``portal_b``
    C   company 2, managed there by ``manager_c2`` (archive Manager of company 2 only)
Configuration models (base data, defect types, stages, SLA policies, licence
features) get one record per company key instead (A and B: company 1, C:
company 2) plus S, shared by every company (no company), when the model has a
company. Server
records of no company and no customer (public request counters) get S only.

Everything is built as superuser; the tests act as the real users.
"""

import importlib.util
import itertools
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from .helpers import png_base64

ADDON_DIR = Path(__file__).resolve().parents[1]
REPOSITORY_DIR = ADDON_DIR.parent


def load_access_policy():
    """security/access_policy.py is data of the addon, not a Python package:
    load it from its file."""
    path = ADDON_DIR / "security" / "access_policy.py"
    spec = importlib.util.spec_from_file_location("crm_customer_archive_access_policy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


access_policy = load_access_policy()

CUSTOMER_KEYS = ("A", "B", "C")
# Models whose records belong to a company rather than to a customer.
CONFIG_MODELS = {
    "customer.archive.option",
    "customer.defect.type",
    "customer.complaint.stage",
    "customer.complaint.sla.policy",
    "customer.license.feature",
    "customer.return.visit.rule",
    "customer.survey.campaign",
}
# Reports (SQL views): their rows come from the other records.
REPORT_MODELS = {
    "customer.objection.rate.report",
    "customer.sales.trend.report",
    "customer.software.feedback.report",
    "customer.service.scorecard",
}
# Server-side records of no company and no customer: one shared record S.
SHARED_MODELS = {
    "customer.public.request",
    "customer.license.rate",
    "customer.archive.access.threshold",
    "customer.archive.access.event",
    "customer.archive.access.counter",
}

# One harmless field per model, written in the "write" cells.
WRITE_VALUES = {
    "customer.archive.option": {"sequence": 77},
    "customer.contract": {"title": "供货合同（矩阵）"},
    "customer.contract.line": {"sequence": 77},
    "customer.contract.payment.line": {"name": "尾款"},
    "customer.part": {"processing": "拉延 + 修边"},
    "customer.part.chemical.requirement": {"sequence": 77},
    "customer.part.mechanical.requirement": {"sequence": 77},
    "customer.process.spec": {"title": "工艺方案（矩阵）"},
    "customer.process.spec.line": {"note": "关键"},
    "customer.process.run": {"note": "夜班"},
    "customer.process.measurement": {"value": 772.0},
    "customer.lot.test.result": {"value": 0.004},
    "customer.quality.certificate": {"active": True},
    "customer.defect.type": {"sequence": 77},
    "customer.complaint.stage": {"description": "矩阵"},
    "customer.complaint.sla.policy": {"sequence": 77},
    "customer.complaint": {"city": "长春"},
    "customer.complaint.photo": {"name": "划伤特写"},
    "customer.complaint.cost": {"note": "运费"},
    "customer.complaint.work": {"note": "现场复核"},
    "customer.service.scorecard": {"work_hours": 1.0},
    "customer.defect.watch": {"active": True},
    "customer.software.build": {"repository_path": "git@example.cn:mes/matrix.git"},
    "customer.license.feature": {"sequence": 77},
    "customer.license": {"feature_ids": [Command.clear()]},
    "customer.license.activation": {"hostname": "QC-PC-99"},
    "customer.license.log": {"result": "ok"},
    "customer.public.request": {"route": "/quality-certificate/verify"},
    "customer.license.rate": {"calls": 7},
    "customer.archive.access.threshold": {"warn_day": 7000},
    "customer.archive.access.event": {"reason": "矩阵"},
    "customer.archive.access.counter": {"count": 7},
    "customer.lot.defect": {"position": "外圈"},
    "customer.lot.disposition": {"reason": "改"},
    "customer.quality.interception": {"detail": "改"},
    "customer.objection.rate.report": {"tonnage": 1.0},
    "customer.software.feedback.report": {"open_count": 1},
    "customer.value": {"revenue_12m": 1.0},
    "customer.sales.trend.report": {"amount": 1.0},
    "customer.followup": {"name": "矩阵回访", "result": "矩阵"},  # name: read by portal users too
    "customer.return.visit.rule": {"interval_days": 77},
    "customer.survey.campaign": {"name": "矩阵满意度调查"},
    "customer.competitor": {"share": 35.0},
    "customer.pool.move": {"note": "矩阵"},
    "customer.data.request": {"result": "矩阵"},
    "customer.consent": {"channel": "email"},
}


@dataclass(frozen=True)
class Subject:
    """Somebody the matrix is checked as: a role of the policy, the real
    user, the companies they work in and, for portal users, their customer."""

    name: str
    role: str
    user: object
    company_ids: frozenset
    customer: object = None


class AccessMatrixFixture:
    """Mixin for a TransactionCase/HttpCase: ``_build_access_fixture()`` in setUpClass."""

    @classmethod
    def _build_access_fixture(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls._serial = itertools.count(1)
        cls.company_1 = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "矩阵第二钢厂"})
        cls._build_users()
        cls._build_customers()
        cls._build_portal_users()
        cls._build_shared_data()
        cls.parents = {key: {} for key in CUSTOMER_KEYS}
        cls.records = {model: {} for model in access_policy.POLICY}
        for key in CUSTOMER_KEYS:
            cls._build_customer_records(key)
        for model in (CONFIG_MODELS | SHARED_MODELS) & set(access_policy.POLICY):
            for key in cls.record_keys(model):
                cls.records[model][key] = cls.env[model].create(cls.create_values(model, key))
        cls.env.flush_all()
        # Reports are views over the records above: one row per customer (this month, no grade).
        for model in REPORT_MODELS & set(access_policy.POLICY):
            for key in CUSTOMER_KEYS:
                cls.records[model][key] = cls.env[model].search([("partner_id", "=", cls.customers[key].id)])

    # ------------------------------------------------------------------
    # Users, customers, products
    # ------------------------------------------------------------------

    @classmethod
    def _new_user(cls, login, groups, company):
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            password=login,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _build_users(cls):
        roles = access_policy.ROLES
        cls.subjects = []
        for role, groups in roles.items():
            if role == "portal":
                continue
            user = cls._new_user(f"matrix_{role}", f"base.group_user,{groups}", cls.company_1)
            cls.subjects.append(Subject(role, role, user, frozenset(cls.company_1.ids)))
        cls.account_manager_b = cls._new_user(
            "matrix_account_manager_b", f"base.group_user,{roles['account_manager']}", cls.company_1
        )
        manager_c2 = cls._new_user(
            "matrix_manager_c2", "base.group_user,crm_customer_archive.group_archive_manager", cls.company_2
        )
        cls.subjects.append(Subject("manager_c2", "manager", manager_c2, frozenset(cls.company_2.ids)))
        cls.users = {subject.name: subject.user for subject in cls.subjects}

    @classmethod
    def _build_customers(cls):
        Partner = cls.env["res.partner"]
        account_managers = {
            "A": cls.users["account_manager"],
            "B": cls.account_manager_b,
            "C": cls.users["manager_c2"],
        }
        companies = {"A": cls.company_1, "B": cls.company_1, "C": cls.company_2}
        names = {"A": "华北汽车制造有限公司", "B": "江南轿车股份有限公司", "C": "西部重卡有限公司"}
        cls.key_company = {key: companies[key] for key in CUSTOMER_KEYS} | {"S": None}
        cls.customers = {
            key: Partner.create(
                {
                    "name": names[key],
                    "is_company": True,
                    "user_id": account_managers[key].id,
                    "company_id": companies[key].id,
                }
            )
            for key in CUSTOMER_KEYS
        }
        cls.key_account_manager = account_managers

    @classmethod
    def _build_portal_users(cls):
        """A contact of customer A and one of customer B with portal access."""
        for key in ("A", "B"):
            login = f"matrix_portal_{key.lower()}"
            user = cls._new_user(login, access_policy.ROLES["portal"], cls.company_1)
            user.partner_id.write({"parent_id": cls.customers[key].id, "company_id": cls.company_1.id})
            cls.subjects.append(
                Subject(f"portal_{key.lower()}", "portal", user, frozenset(cls.company_1.ids), cls.customers[key])
            )
            cls.users[f"portal_{key.lower()}"] = user

    @classmethod
    def _build_shared_data(cls):
        ref = cls.env.ref
        Product = cls.env["product.product"]
        cls.steel = Product.create(
            {"name": "冷轧卷 DC04", "type": "consu", "list_price": 5600.0, "taxes_id": [Command.clear()]}
        )
        cls.coil = Product.create(
            {"name": "冷轧卷 DC04（批次）", "type": "consu", "is_storable": True, "tracking": "lot"}
        )
        cls.software = cls.env["product.template"].create(
            {
                "name": "冷轧 MES 套件",
                "type": "service",
                "is_software": True,
                "license_type": "subscription",
                "license_duration_months": 12,
                "taxes_id": [Command.clear()],
            }
        )
        cls.element_c = ref("crm_customer_archive.option_chemical_element_c")
        cls.element_mn = ref("crm_customer_archive.option_chemical_element_mn")
        cls.property_yield = ref("crm_customer_archive.option_mechanical_property_rp02")
        cls.property_elongation = ref("crm_customer_archive.option_mechanical_property_a80")
        cls.route_tcm = ref("crm_customer_archive.option_process_route_pl_tcm")
        cls.route_cal = ref("crm_customer_archive.option_process_route_cal")
        cls.param_reduction = ref("crm_customer_archive.option_process_parameter_reduction")
        cls.param_soak = ref("crm_customer_archive.option_process_parameter_soak_temp")
        cls.param_speed = ref("crm_customer_archive.option_process_parameter_line_speed")
        cls.defect_scratch = ref("crm_customer_archive.defect_type_scratch")
        # The sales trend report reads posted invoices: the second company needs its accounting.
        if not cls.env["account.journal"].search_count([("company_id", "=", cls.company_2.id), ("type", "=", "sale")]):
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company_2, install_demo=False)
        cls.grade = cls.env["customer.archive.option"].create(
            {"category": "production_grade", "code": "MXDC04", "name": "DC04（矩阵）"}
        )

    # ------------------------------------------------------------------
    # The records of one customer
    # ------------------------------------------------------------------

    @classmethod
    def _build_customer_records(cls, key):
        env, parents, records = cls.env, cls.parents[key], cls.records
        today = fields.Date.context_today(env["customer.contract"])

        # Contracts: a signed one (portal users see signed contracts only) and
        # a draft one to add and remove lines (signed lines are frozen).
        contract = env["customer.contract"].create(
            cls.create_values("customer.contract", key)
            | {
                "line_ids": [Command.create({"product_id": cls.steel.id, "quantity": 10.0, "price_unit": 100.0})],
                "payment_line_ids": [
                    Command.create({"name": "预付款", "due_date": today + timedelta(days=30), "percentage": 100.0})
                ],
            }
        )
        contract.action_activate()
        parents["contract_draft"] = env["customer.contract"].create(
            cls.create_values("customer.contract", key)
            | {"line_ids": [Command.create({"product_id": cls.steel.id, "quantity": 10.0, "price_unit": 100.0})]}
        )
        records["customer.contract"][key] = contract
        records["customer.contract.line"][key] = contract.line_ids
        records["customer.contract.payment.line"][key] = contract.payment_line_ids

        # Part with requirements; plans: a draft one (set points can change)
        # and an approved one (runs are recorded against approved plans).
        part = env["customer.part"].create(
            cls.create_values("customer.part", key)
            | {
                "chemical_requirement_ids": [
                    Command.create({"element_id": cls.element_c.id, "min_percent": 0.0, "max_percent": 0.005})
                ],
                "mechanical_requirement_ids": [
                    Command.create({"property_id": cls.property_yield.id, "min_value": 140.0, "max_value": 180.0})
                ],
            }
        )
        parents["part"] = part
        records["customer.part"][key] = part
        records["customer.part.chemical.requirement"][key] = part.chemical_requirement_ids
        records["customer.part.mechanical.requirement"][key] = part.mechanical_requirement_ids
        spec_draft = env["customer.process.spec"].create(
            cls.create_values("customer.process.spec", key)
            | {"line_ids": [cls._set_point(cls.route_tcm, cls.param_reduction, 80.0, 75.0, 85.0)]}
        )
        parents["spec_draft"] = spec_draft
        records["customer.process.spec"][key] = spec_draft
        records["customer.process.spec.line"][key] = spec_draft.line_ids
        spec_approved = env["customer.process.spec"].create(
            cls.create_values("customer.process.spec", key)
            | {
                "line_ids": [
                    cls._set_point(cls.route_cal, cls.param_soak, 770.0, 750.0, 790.0, sequence=1),
                    cls._set_point(cls.route_cal, cls.param_speed, 120.0, 100.0, 140.0, sequence=2),
                ]
            }
        )
        spec_approved.write({"state": "approved"})
        parents["spec_approved"] = spec_approved
        run = env["customer.process.run"].create(
            {
                "spec_id": spec_approved.id,
                "measurement_ids": [Command.create({"spec_line_id": spec_approved.line_ids[0].id, "value": 771.0})],
            }
        )
        parents["run"] = run
        records["customer.process.run"][key] = run
        records["customer.process.measurement"][key] = run.measurement_ids

        # Coil with a test result; two validated deliveries, the first with its certificate.
        parents["lot"] = env["stock.lot"].create(
            {"name": f"MX{key}2611001", "product_id": cls.coil.id, "company_id": cls.key_company[key].id}
        )
        records["customer.lot.test.result"][key] = env["customer.lot.test.result"].create(
            {"lot_id": parents["lot"].id, "characteristic_id": cls.element_c.id, "value": 0.003}
        )
        delivery = cls._validated_delivery(key)
        parents["free_delivery"] = cls._validated_delivery(key)
        records["customer.quality.certificate"][key] = env["customer.quality.certificate"].create(
            {"picking_id": delivery.id}
        )

        # Grading: a coil in stock with a defect, a decision on it and an interception.
        parents["stock_lot"] = cls._coil_in_stock(key, f"MXS{key}2611001")
        for model in ("customer.lot.defect", "customer.lot.disposition", "customer.quality.interception"):
            records[model][key] = env[model].create(cls.create_values(model, key))

        # Complaint with a photo, a cost and a work record.
        complaint = env["customer.complaint"].create(cls.create_values("customer.complaint", key))
        parents["complaint"] = complaint
        records["customer.complaint"][key] = complaint
        for model in (
            "customer.complaint.photo",
            "customer.complaint.cost",
            "customer.complaint.work",
            "customer.defect.watch",
        ):
            records[model][key] = env[model].create(cls.create_values(model, key))

        # Build, active licence with one machine and a licence-server log line.
        build = env["customer.software.build"].create(cls.create_values("customer.software.build", key))
        parents["build"] = build
        records["customer.software.build"][key] = build
        license_ = env["customer.license"].create(
            cls.create_values("customer.license", key) | {"build_id": build.id, "seats": 2, "state": "active"}
        )
        parents["license"] = license_
        records["customer.license"][key] = license_
        for model in ("customer.license.activation", "customer.license.log"):
            records[model][key] = env[model].create(cls.create_values(model, key))

        # Customer value (written by the nightly refresh) and a posted invoice (sales trend).
        records["customer.value"][key] = env["customer.value"].create(
            {"partner_id": cls.customers[key].id, "company_id": cls.key_company[key].id}
        )
        invoice = (
            env["account.move"]
            .with_company(cls.key_company[key])
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.customers[key].id,
                    "invoice_date": today,
                    "invoice_line_ids": [
                        Command.create({"product_id": cls.steel.id, "quantity": 1.0, "price_unit": 100.0})
                    ],
                }
            )
        )
        invoice.action_post()

        # Follow-up (跟进记录) of the customer by its account manager.
        records["customer.followup"][key] = env["customer.followup"].create(cls.create_values("customer.followup", key))

        # Customer pool: a competitor at the customer and a movement of the customer.
        for model in ("customer.competitor", "customer.pool.move"):
            records[model][key] = env[model].create(cls.create_values(model, key))

        # The customer's consent to marketing mails.
        records["customer.consent"][key] = env["customer.consent"].create(cls.create_values("customer.consent", key))

        # A data-subject request of one of the customer's contacts.
        records["customer.data.request"][key] = env["customer.data.request"].create(
            cls.create_values("customer.data.request", key)
        )

    @classmethod
    def _set_point(cls, route, parameter, target, lower, upper, sequence=10):
        return Command.create(
            {
                "sequence": sequence,
                "route_id": route.id,
                "parameter_id": parameter.id,
                "target": target,
                "lower_limit": lower,
                "upper_limit": upper,
            }
        )

    @classmethod
    def _coil_in_stock(cls, key, name):
        company = cls.key_company[key]
        lot = cls.env["stock.lot"].create({"name": name, "product_id": cls.coil.id, "company_id": company.id})
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.coil, warehouse.lot_stock_id, 1.0, lot_id=lot)
        return lot

    @classmethod
    def _validated_delivery(cls, key):
        """A validated delivery of the key's tested coil: a certificate is
        issued only when every delivered coil was tested and passed."""
        company = cls.key_company[key]
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        lot = cls.parents[key]["lot"]
        env["stock.quant"]._update_available_quantity(cls.coil, warehouse.lot_stock_id, 1.0, lot_id=lot)
        picking = env["stock.picking"].create(
            {
                "partner_id": cls.customers[key].id,
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {"product_id": cls.coil.id, "product_uom_qty": 1.0, "product_uom": cls.coil.uom_id.id}
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        assert picking.state == "done", f"the delivery of customer {key} is not validated"
        return picking

    # ------------------------------------------------------------------
    # Values of a new record, per model (creation cells and deletion victims)
    # ------------------------------------------------------------------

    @classmethod
    def record_keys(cls, model):
        """The fixture keys of a model: A, B, C, plus S (shared) for
        configuration models that have a company."""
        if model in SHARED_MODELS:
            return ("S",)
        if model in CONFIG_MODELS and "company_id" in cls.env[model]._fields:
            return (*CUSTOMER_KEYS, "S")
        return CUSTOMER_KEYS

    @classmethod
    def create_values(cls, model, key):
        """Values of a new record of ``model`` for customer (or company) ``key``,
        each time unique where the model wants unique values."""
        serial = next(cls._serial)
        company = cls.key_company[key]
        company_id = company.id if company else False
        customer = cls.customers.get(key)
        parents = cls.parents.get(key, {})
        today = fields.Date.context_today(cls.env["customer.contract"])
        values = {
            "customer.archive.option": lambda: {
                "category": "packaging",
                "code": f"MX{serial}",
                "name": f"矩阵包装 {serial}",
                "company_id": company_id,
            },
            "customer.defect.type": lambda: {
                "code": f"MX{serial}",
                "name": f"矩阵缺陷 {serial}",
                "category": "other",
                "kind": "service",
                "company_id": company_id,
            },
            "customer.complaint.stage": lambda: {
                "name": f"矩阵阶段 {serial}",
                "sequence": 900,
                "company_id": company_id,
            },
            "customer.complaint.sla.policy": lambda: {
                "name": f"矩阵 SLA {serial}",
                "kind": "service",
                "severity": "minor",
                "response_hours": 4.0,
                "resolution_hours": 20.0,
                "company_id": company_id,
            },
            "customer.return.visit.rule": lambda: {
                "customer_level": "a",
                "interval_days": 90,
                "company_id": company_id,
            },
            "customer.survey.campaign": lambda: {
                "name": f"年度满意度调查 {serial}",
                "survey_id": cls.env.ref("crm_customer_archive.survey_service_satisfaction").id,
                "company_id": company_id,
            },
            "customer.license.feature": lambda: {
                "code": f"mx{serial}",
                "name": f"矩阵功能 {serial}",
                "company_id": company_id,
            },
            "customer.contract": lambda: {
                "title": f"供货合同 {serial}",
                "partner_id": customer.id,
                "company_id": company_id,
                "user_id": cls.key_account_manager[key].id,
                "date_start": today,
                "date_end": today + timedelta(days=364),
            },
            "customer.contract.line": lambda: {
                "contract_id": parents["contract_draft"].id,
                "product_id": cls.steel.id,
                "quantity": 5.0,
                "price_unit": 10.0,
            },
            "customer.contract.payment.line": lambda: {
                "contract_id": parents["contract_draft"].id,
                "name": f"分期 {serial}",
                "due_date": today + timedelta(days=60),
                "percentage": 10.0,
            },
            "customer.part": lambda: {
                "name": "前门内板",
                "part_number": f"5701011-MX{serial}",
                "partner_id": customer.id,
                "company_id": company_id,
            },
            "customer.part.chemical.requirement": lambda: {
                "part_id": parents["part"].id,
                "element_id": cls.element_mn.id,
                "min_percent": 0.1,
                "max_percent": 0.3,
            },
            "customer.part.mechanical.requirement": lambda: {
                "part_id": parents["part"].id,
                "property_id": cls.property_elongation.id,
                "min_value": 38.0,
            },
            "customer.process.spec": lambda: {
                "title": f"DC04 工艺 {serial}",
                "partner_id": customer.id,
                "part_id": parents["part"].id,
                "company_id": company_id,
            },
            "customer.process.spec.line": lambda: {
                "spec_id": parents["spec_draft"].id,
                "route_id": cls.route_cal.id,
                "parameter_id": cls.param_speed.id,
                "target": 120.0,
                "lower_limit": 100.0,
                "upper_limit": 140.0,
            },
            "customer.process.run": lambda: {"spec_id": parents["spec_approved"].id},
            "customer.process.measurement": lambda: {
                "run_id": parents["run"].id,
                "spec_line_id": parents["spec_approved"].line_ids[1].id,
                "value": 118.0,
            },
            "customer.lot.test.result": lambda: {
                "lot_id": parents["lot"].id,
                "characteristic_id": cls.element_mn.id,
                "value": 0.2,
            },
            "customer.quality.certificate": lambda: {"picking_id": parents["free_delivery"].id},
            "customer.complaint": lambda: {
                "title": f"钢卷表面划伤 {serial}",
                "partner_id": customer.id,
                "company_id": company_id,
                "defect_type_id": cls.defect_scratch.id,
                "severity": "minor",
            },
            "customer.complaint.photo": lambda: {
                "complaint_id": parents["complaint"].id,
                "name": f"划伤 {serial}",
                "image_1920": png_base64((4, 3), (200, 30, 30)),
            },
            "customer.complaint.work": lambda: {
                "complaint_id": parents["complaint"].id,
                "duration": 1.5,
                "note": f"电话回复客户 {serial}",
            },
            "customer.service.scorecard": lambda: {"partner_id": customer.id, "work_hours": 1.0},
            "customer.complaint.cost": lambda: {
                "complaint_id": parents["complaint"].id,
                "cost_type": "freight",
                "amount": 50.0,
            },
            # The customer watches a defect learned from its own complaint: the
            # fixture needs no second customer, the rules look at the company only.
            "customer.defect.watch": lambda: {
                "partner_id": customer.id,
                "defect_type_id": cls.env["customer.defect.type"]
                .create({"code": f"MXW{serial}", "name": f"矩阵关注缺陷 {serial}", "kind": "quality"})
                .id,
                "complaint_id": parents["complaint"].id,
                "reason": "production_grade_id",
                "reason_value_id": cls.grade.id,
                "company_id": company_id,
            },
            "customer.software.build": lambda: {
                "product_tmpl_id": cls.software.id,
                "partner_id": customer.id,
                "company_id": company_id,
                "version": f"2.{serial}.0",
            },
            "customer.license": lambda: {
                "partner_id": customer.id,
                "product_tmpl_id": cls.software.id,
                "company_id": company_id,
                "license_type": "subscription",
                "seats": 1,
                "date_start": today,
                "date_end": today + timedelta(days=365),
            },
            "customer.license.activation": lambda: {
                "license_id": parents["license"].id,
                "fingerprint_hash": f"{serial:064x}",
                "hostname": f"QC-PC-{serial:02d}",
            },
            "customer.license.log": lambda: {
                "license_id": parents["license"].id,
                "action": "verify",
                "result": "ok",
                "key_hint": "MX",
            },
            "customer.lot.defect": lambda: {
                "lot_id": parents["stock_lot"].id,
                "defect_type_id": cls.defect_scratch.id,
                "position": f"距头部 {serial} 米",
            },
            "customer.lot.disposition": lambda: {
                "lot_id": parents["stock_lot"].id,
                "decision": "hold",
                "partner_id": customer.id,
                "reason": f"待复检 {serial}",
            },
            "customer.quality.interception": lambda: {
                "partner_id": customer.id,
                "lot_id": cls.env["stock.lot"]
                .create({"name": f"MXI{key}{serial}", "product_id": cls.coil.id, "company_id": company_id})
                .id,
                "reason": "untested",
                "step": "validation",
                "user_id": cls.env.uid,
                "company_id": company_id,
            },
            "customer.objection.rate.report": lambda: {"partner_id": customer.id, "tonnage": 1.0},
            "customer.software.feedback.report": lambda: {"partner_id": customer.id, "open_count": 1},
            # A new customer each time: one value record per customer and company.
            "customer.value": lambda: {
                "partner_id": cls.env["res.partner"]
                .create({"name": f"矩阵价值客户 {serial}", "is_company": True, "company_id": company_id})
                .id,
                "company_id": company_id,
            },
            "customer.sales.trend.report": lambda: {"partner_id": customer.id, "amount": 1.0},
            # A return visit (回访): the portal users of its customer read it.
            "customer.followup": lambda: {
                "name": f"季度回访 {serial}",
                "followup_type": "return_visit",
                "partner_id": customer.id,
                "user_id": cls.key_account_manager[key].id,
                "company_id": company_id,
            },
            "customer.competitor": lambda: {
                "partner_id": customer.id,
                "competitor_name": f"宝钢 {serial}",
                "share": 30.0,
                "price_level": "similar",
                "company_id": company_id,
            },
            "customer.pool.move": lambda: {
                "partner_id": customer.id,
                "action": "assign",
                "to_user_id": cls.key_account_manager[key].id,
                "company_id": company_id,
            },
            "customer.data.request": lambda: {
                "contact_id": cls.env["res.partner"]
                .create({"name": f"矩阵联系人 {serial}", "parent_id": customer.id})
                .id,
                "request_type": "access",
                "company_id": company_id,
            },
            "customer.consent": lambda: {
                "partner_id": customer.id,
                "purpose": f"新品推介邮件 {serial}",
                "scope": "marketing",
                "channel": "paper",
                "company_id": company_id,
            },
            "customer.public.request": lambda: {
                "route": "/quality-certificate/verify",
                "ip_address": f"203.0.113.{serial % 250}",
            },
            # A new group each time: one threshold per group.
            "customer.archive.access.threshold": lambda: {
                "group_id": cls.env["res.groups"].create({"name": f"矩阵阈值组 {serial}"}).id,
            },
            "customer.archive.access.event": lambda: {
                "user_id": cls.users["employee"].id,
                "kind": "warning",
                "period": "day",
                "count": 7,
                "threshold": 6,
            },
            # A window of its own each time: one row per user, period and window.
            "customer.archive.access.counter": lambda: {
                "user_id": cls.users["employee"].id,
                "period": "ten_minutes",
                "window_start": fields.Datetime.to_datetime("2026-01-01") + timedelta(minutes=10 * serial),
                "count": 7,
            },
            "customer.license.rate": lambda: {
                "scope": "ip",
                "name": f"203.0.113.{serial % 250}",
                "window_start": "2026-11-30 10:00:00",
            },
        }
        if model not in values:
            raise KeyError(f"access_fixtures.py builds no {model}: add its values here and to WRITE_VALUES")
        vals = values[model]()
        if "company_id" not in cls.env[model]._fields:
            vals.pop("company_id", None)  # then the record is shared: the company rule cannot apply
        return vals
