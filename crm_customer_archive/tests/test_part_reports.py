import base64
import io
import subprocess
from urllib.parse import urlencode

from PIL import Image

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import CustomerPartCase


def pdf_text(pdf):
    """The text of a PDF, as a reader's copy-paste would give it (poppler)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def png_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestPartReports(CustomerPartCase, HttpCase):
    """Technical sheet, process card and quality certificate rendered by
    wkhtmltopdf in Chinese and read back; the public verification page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_customer_archive"], ["zh_CN"], overwrite=True)
        cls.customer.lang = "zh_CN"
        cls.user_process.lang = "zh_CN"
        cls.part.image_1920 = png_photo()
        cls.spec = cls.create_spec(plate_requirements="<p>板面无划伤、无辊印</p>")
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.delivery = cls.deliver_coils()
        cls.certificate = cls.env["customer.quality.certificate"].create({"picking_id": cls.delivery.id})

    @classmethod
    def deliver_coils(cls):
        """Sell the part's steel as two coils with test results, deliver them."""
        product = cls.product_dc04
        product.write({"is_storable": True, "tracking": "lot"})
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        results = {
            "C26110001": {
                cls.element_c: 0.003,
                cls.element_mn: 0.18,
                cls.property_yield: 162.0,
                cls.property_elongation: 42.5,
            },
            "C26110002": {
                cls.element_c: 0.004,
                cls.element_mn: 0.21,
                cls.property_yield: 171.0,
                cls.property_elongation: 38.0,
            },
        }
        for name, values in results.items():
            lot = cls.env["stock.lot"].create(
                {
                    "name": name,
                    "product_id": product.id,
                    "customer_test_result_ids": [
                        Command.create({"characteristic_id": option.id, "value": value})
                        for option, value in values.items()
                    ],
                }
            )
            cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 12.5, lot_id=lot)
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"customer_part_id": cls.part.id, "product_uom_qty": 25.0, "price_unit": 5600.0})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def render(self, report, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_process)
        pdf, report_format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(report, records.ids)
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = Report._render_qweb_html(report, records.ids)[0].decode()
        return pdf_text(pdf), html

    def test_technical_sheet_pdf(self):
        text, html = self.render("crm_customer_archive.report_technical_sheet", self.part)
        for expected in (
            "技术单",  # title in the user's language
            "华北汽车制造有限公司",  # the customer's Chinese name
            "前门内板",
            "化学成分",
            "力学性能",
            "0.0050",  # C max, a requirement value
            "140.000",  # yield strength min
            "770.000",  # soaking temperature target, a key control point
            "64.97",  # utilisation rate
            "暂无该零件的质量异议记录",  # the (empty) complaint list
        ):
            self.assertIn(expected, text)
        self.assertIn("data:image/png;base64", html, "the part photo is printed")
        self.assertIn("5701011-K00", html)

    def test_process_card_pdf(self):
        text, html = self.render("crm_customer_archive.report_process_card", self.spec)
        for expected in (
            "工艺卡",
            "华北汽车制造有限公司",
            "板面无划伤",
            "连续退火",
            "酸洗冷连轧",
            "770.000",
            "790.000",
        ):
            self.assertIn(expected, text)
        self.assertIn(self.spec.name, html)

    def test_capability_report_pdf(self):
        run = self.env["customer.process.run"].create(
            {
                "spec_id": self.spec.id,
                "measurement_ids": [Command.create({"spec_line_id": self.spec.line_ids[1].id, "value": 795.0})],
            }
        )
        self.assertEqual(run.out_of_limit_count, 1)
        text, _html = self.render("crm_customer_archive.report_process_capability", self.spec)
        for expected in ("实际与设定", "华北汽车制造有限公司", "795.000", "数据不足"):
            self.assertIn(expected, text)

    def test_quality_certificate_pdf(self):
        self.assertRegex(self.certificate.name, r"^ZB\d{10}$")
        self.assertEqual(self.certificate.partner_id, self.customer)
        lots = self.certificate._certificate_lots()
        self.assertEqual([lot["lot"].name for lot in lots], ["C26110001", "C26110002"])
        self.assertEqual(lots[0]["part"], self.part)
        verdicts = {
            (lot["lot"].name, row["result"].characteristic_id.code): row["passed"]
            for lot in lots
            for row in lot["chemical"] + lot["mechanical"]
        }
        self.assertTrue(verdicts[("C26110001", "A80")], "42.5 % ≥ 40 %")
        self.assertFalse(verdicts[("C26110002", "A80")], "38 % < 40 %")
        self.assertTrue(verdicts[("C26110002", "RP02")])
        self.assertFalse(self.certificate._certificate_passed())

        text, html = self.render("crm_customer_archive.report_quality_certificate", self.certificate)
        for expected in ("质保书", "华北汽车制造有限公司", "C26110001", "0.0050", "38.0000", "不合格", "合格"):
            self.assertIn(expected, text)
        self.assertIn(self.certificate.verification_code, text)
        self.assertIn('alt="QR"', html)
        self.assertIn("quality-certificate/verify?number=", self.certificate.verification_url)

    def test_certificate_only_for_validated_deliveries(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product_spcc.id, "product_uom_qty": 1.0})],
            }
        )
        order.action_confirm()
        count = self.env["customer.quality.certificate"].search_count([])
        with self.assertRaisesMessage(UserError, "validated customer delivery"):
            order.picking_ids.action_print_quality_certificate()
        self.assertEqual(self.env["customer.quality.certificate"].search_count([]), count)
        # A validated delivery prints its existing certificate, it is not issued twice.
        action = self.delivery.action_print_quality_certificate()
        self.assertEqual(action["report_name"], "crm_customer_archive.report_quality_certificate")
        self.assertEqual(self.delivery.quality_certificate_ids, self.certificate)

    def test_certificates_are_kept(self):
        with self.assertRaisesMessage(UserError, "archive one to withdraw it"):
            self.certificate.unlink()

    def test_public_verification_of_a_genuine_and_a_forged_certificate(self):
        url = "/quality-certificate/verify?" + urlencode(
            {"number": self.certificate.name, "code": self.certificate.verification_code.lower()}
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_certificate_genuine", response.text)
        self.assertIn(self.certificate.name, response.text)
        self.assertNotIn("华北汽车", response.text, "the page shows no customer data")
        self.assertNotIn("C26110001", response.text)

        forged = self.certificate.verification_code[:-1] + (
            "A" if self.certificate.verification_code[-1] != "A" else "B"
        )
        for params in (
            {"number": self.certificate.name, "code": forged},
            {"number": "ZB2026999999", "code": self.certificate.verification_code},
            {"number": self.certificate.name, "code": "x" * 500},
        ):
            response = self.url_open("/quality-certificate/verify?" + urlencode(params))
            self.assertEqual(response.status_code, 404)
            self.assertIn("o_certificate_not_genuine", response.text)
            self.assertNotIn("o_certificate_genuine", response.text)

        # A withdrawn certificate no longer verifies.
        self.certificate.action_archive()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 404)

    def test_verification_form_without_parameters(self):
        response = self.url_open("/quality-certificate/verify")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_certificate_not_genuine", response.text)
