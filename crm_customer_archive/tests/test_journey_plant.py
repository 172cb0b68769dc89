"""Role journeys through the rendered web client, in Chinese: the tours run
as the real role user (lang zh_CN) and the tests then check what the journey
left in the database."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    BrowserTourCase,
    CustomerCertificateCase,
    CustomerComplaintCase,
    CustomerLicenseCase,
    CustomerPartCase,
)

# Odoo's own screens the journeys cross, and ours, in Chinese.
TRANSLATED_MODULES = ["base", "web", "mail", "product", "stock", "crm_customer_archive"]


@tagged("post_install", "-at_install")
class TestProcessEngineerJourney(BrowserTourCase, CustomerPartCase, HttpCase):
    """Customer → part → approved plan → a production run → run chart → technical sheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(TRANSLATED_MODULES)
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        # The process engineer prints the technical sheet: Export and Print (as in the demo).
        cls.user_process.write(
            {
                "lang": "zh_CN",
                "name": "王工艺",
                "group_ids": [Command.link(cls.env.ref("crm_customer_archive.group_archive_export").id)],
            }
        )
        # The engineer wrote the plan, a manager approved it: runs are recorded against it.
        cls.spec = cls.create_spec()
        cls.spec.with_user(cls.user_manager).action_approve()

    def test_engineer_records_a_run_and_reads_its_chart(self):
        self.assertEqual(self.spec.state, "approved")
        self.start_tour(
            "/odoo/customer-archive", "crm_customer_archive_journey_process_engineer", login="archive_process"
        )
        run = self.env["customer.process.run"].search([("spec_id", "=", self.spec.id)])
        self.assertEqual(len(run), 1, "one run recorded on the plan")
        self.assertRecordValues(
            run,
            [
                {
                    "create_uid": self.user_process.id,
                    "partner_id": self.customer.id,
                    "part_id": self.part.id,
                    "out_of_limit_count": 1,
                    "note": "3号连退线带钢跑偏，降速运行",
                }
            ],
        )
        values = {measure.parameter_id: measure.value for measure in run.measurement_ids}
        self.assertEqual(
            values,
            {self.param_reduction: 82.0, self.param_soak: 795.0, self.param_speed: 118.0},
            "one value per set point",
        )
        soak = run.measurement_ids.filtered(lambda measure: measure.parameter_id == self.param_soak)
        self.assertFalse(soak.in_limits, "795 °C is above the 790 °C limit")
        self.assertEqual(soak.deviation, 25.0)


@tagged("post_install", "-at_install")
class TestWarehouseJourney(BrowserTourCase, CustomerCertificateCase, HttpCase):
    """Deliveries: choose the coils, validate, print the certificate; an untested coil is stopped at validation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(TRANSLATED_MODULES)
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.customer.lang = "zh_CN"
        cls.user_warehouse = new_test_user(
            cls.env,
            "journey_warehouse",
            name="孙仓管",
            groups="stock.group_stock_user,stock.group_production_lot",
            lang="zh_CN",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.coil_a = cls.create_coil("C2026-0101", cls.PASSING)
        cls.coil_b = cls.create_coil("C2026-0102", dict(cls.PASSING, **{"Rp0.2": 158.0}))
        cls.coil_untested = cls.create_coil("C2026-0103")
        cls.delivery = cls.confirmed_delivery("S-JOURNEY-01", 2)
        cls.delivery_untested = cls.confirmed_delivery("S-JOURNEY-02", 1)

    @classmethod
    def confirmed_delivery(cls, order_name, coils):
        """The delivery of a confirmed order for the part, no coil chosen yet."""
        order = cls.env["sale.order"].create(
            {
                "name": order_name,
                "partner_id": cls.customer.id,
                "client_order_ref": "HB-PO-2026-031",
                "order_line": [
                    Command.create(
                        {"customer_part_id": cls.part.id, "product_uom_qty": 12.5 * coils, "price_unit": 5600.0}
                    )
                ],
            }
        )
        order.action_confirm()
        # Reservation picked coils by date; the warehouse chooses them itself.
        order.picking_ids.do_unreserve()
        return order.picking_ids

    def test_warehouse_delivers_coils_and_prints_certificate(self):
        self.start_tour("/odoo/deliveries", "crm_customer_archive_journey_warehouse", login="journey_warehouse")

        self.assertEqual(self.delivery.state, "done")
        self.assertEqual(self.delivery.move_line_ids.lot_id, self.coil_a + self.coil_b, "the coils chosen on screen")
        self.assertEqual(sum(self.delivery.move_line_ids.mapped("quantity")), 25.0)
        certificate = self.delivery.quality_certificate_ids
        self.assertEqual(len(certificate), 1, "issued once, by the print")
        self.assertRecordValues(
            certificate,
            [
                {
                    "partner_id": self.customer.id,
                    "issued_by_id": self.user_warehouse.id,
                    "active": True,
                    "released_by_id": False,
                    "customer_order_reference": "HB-PO-2026-031",
                }
            ],
        )
        coils = certificate._certificate_lots()
        self.assertEqual([coil["lot"] for coil in coils], [self.coil_a, self.coil_b])
        self.assertEqual([coil["findings"] for coil in coils], [[], []], "both coils tested and passed")
        self.assertFalse(certificate._certificate_findings())

        # The delivery of the untested coil was stopped at validation, and counted.
        self.assertNotEqual(self.delivery_untested.state, "done")
        self.assertEqual(self.delivery_untested.move_line_ids.lot_id, self.coil_untested)
        self.assertFalse(self.delivery_untested.quality_certificate_ids)
        self.assertRecordValues(
            self.env["customer.quality.interception"].search([("lot_id", "=", self.coil_untested.id)]),
            [{"reason": "untested", "step": "validation", "user_id": self.user_warehouse.id}],
        )
        self.assertFalse(
            self.env["customer.quality.certificate"]
            .with_context(active_test=False)
            .search([("picking_id", "=", self.delivery_untested.id)])
        )


@tagged("post_install", "-at_install")
class TestLicenseDeskJourney(BrowserTourCase, CustomerLicenseCase, HttpCase):
    """A licence about to end, with a machine activated through the licence API, is renewed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(TRANSLATED_MODULES)
        cls.user_license_manager.write({"lang": "zh_CN", "name": "周授权"})
        today = fields.Date.context_today(cls.env["customer.license"])
        cls.date_end = today + relativedelta(days=20)
        cls.license = cls.create_license(
            user=cls.user_license_manager, date_start=today - relativedelta(days=345), date_end=cls.date_end
        )
        # The customer's software activated a machine, as the licence API does.
        status, _body = cls.env["customer.license.api"]._handle(
            "activate",
            {
                "key": cls.license.sudo().key,
                "fingerprint": "mes-srv-01-8c1f4e2a",
                "hostname": "MES-SRV-01",
                "os": "Windows Server 2022",
            },
            "10.12.3.41",
        )
        assert status == 200, "the machine is not activated"

    def test_license_desk_renews_the_licence(self):
        self.assertEqual(self.license.seats_used, 1)
        self.start_tour(
            "/odoo/action-crm_customer_archive.customer_license_action",
            "crm_customer_archive_journey_license_desk",
            login="license_manager",
        )
        self.assertRecordValues(
            self.license,
            [
                {
                    "state": "active",
                    "date_end": self.date_end + relativedelta(months=12),
                    "previous_date_end": self.date_end,
                    "seats_used": 1,
                }
            ],
        )
        renewals = self.license.log_ids.filtered(lambda log: log.action == "renew")
        self.assertEqual(renewals.user_id, self.user_license_manager, "one renewal, by the licence desk")
        self.assertEqual(self.license.activation_ids.mapped("state"), ["active"], "the machine keeps its seat")


@tagged("post_install", "-at_install")
class TestGradingJourney(BrowserTourCase, CustomerCertificateCase, CustomerComplaintCase, HttpCase):
    """Inventory → 质量判定: a scratch found on a coil reserved for a customer
    who complained about scratches; the clerk regrades it to an agreement product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(TRANSLATED_MODULES)
        cls.customer.lang = "zh_CN"
        cls.user_grading = new_test_user(
            cls.env,
            "journey_grading",
            name="刘判定",
            groups="crm_customer_archive.group_archive_grading,stock.group_production_lot",
            lang="zh_CN",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.create_complaint()  # 华北汽车 complained about scratches
        cls.coil = cls.create_coil("C2026-0601", cls.PASSING)
        # The clean coil is reserved for 华北汽车's order before grading finds the scratch.
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"customer_part_id": cls.part.id, "product_uom_qty": 12.5, "price_unit": 5600.0})
                ],
            }
        )
        order.action_confirm()
        cls.delivery = order.picking_ids
        assert cls.delivery.move_line_ids.lot_id == cls.coil, "the coil is reserved"

    def test_grading_clerk_regrades_a_scratched_coil(self):
        self.start_tour("/odoo/inventory", "crm_customer_archive_journey_grading", login="journey_grading")
        self.assertRecordValues(
            self.coil.grading_defect_ids,
            [
                {
                    "defect_type_id": self.defect_scratch.id,
                    "position": "外圈 3 圈，操作侧",
                    "create_uid": self.user_grading.id,
                }
            ],
        )
        self.assertRecordValues(
            self.coil.disposition_ids,
            [
                {
                    "decision": "agreement",
                    "price_class": "b",
                    "partner_id": self.customer.id,
                    "decided_by_id": self.user_grading.id,
                    "reason": "客户两次投诉划伤，改判协议品 B 类价",
                }
            ],
        )
        self.assertEqual(self.coil.grading_disposition, "agreement")
        self.assertFalse(self.delivery.move_line_ids, "the coil left the customer's reservation")
        self.assertRecordValues(
            self.env["customer.quality.interception"].search([("lot_id", "=", self.coil.id)]),
            [{"partner_id": self.customer.id, "reason": "sensitive", "step": "regrade", "weight": 12.5}],
        )
