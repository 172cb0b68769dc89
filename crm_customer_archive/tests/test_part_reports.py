from urllib.parse import urlencode

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import CustomerCertificateCase
from .helpers import load_chinese, pdf_text, png_base64


@tagged("post_install", "-at_install")
class TestPartReports(CustomerCertificateCase, HttpCase):
    """Technical sheet, process card and quality certificate rendered by
    wkhtmltopdf in Chinese and read back; the public verification page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.company.name = "首钢冷轧薄板有限公司"
        cls.user_manager.name = "刘批准"
        load_chinese(cls.env)
        cls.customer.lang = "zh_CN"
        cls.user_process.lang = "zh_CN"
        # The process engineer prints the technical sheet and the process card
        # (Export and Print, given by management).
        cls.user_process.group_ids = [Command.link(cls.env.ref("crm_customer_archive.group_archive_export").id)]
        cls.part.image_1920 = png_base64((64, 48), (200, 30, 30))
        cls.spec = cls.create_spec(plate_requirements="<p>板面无划伤、无辊印</p>")
        cls.spec.with_user(cls.user_manager).action_approve()
        cls.coils = cls.create_coil("C26110001", cls.PASSING) + cls.create_coil(
            "C26110002", dict(cls.PASSING, **{"C": 0.004, "Mn": 0.21, "Rp0.2": 171.0, "A80": 40.0})
        )
        cls.delivery = cls.deliver(cls.coils)
        cls.certificate = cls.env["customer.quality.certificate"].create({"picking_id": cls.delivery.id})

    def render(self, report, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_process)
        pdf, report_format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(report, records.ids)
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = Report._render_qweb_html(report, records.ids)[0].decode()
        return pdf_text(pdf), html

    def assertLetterhead(self, text, html):
        """The company's letterhead of web.external_layout is in the document
        (wkhtmltopdf prints it where its Qt is patched) and the company's name
        is printed on the page whatever the wkhtmltopdf build."""
        self.assertIn(f'class="header o_company_{self.company.id}_layout"', html)
        self.assertIn("首钢冷轧薄板有限公司", text)

    def test_reports_print_on_a4(self):
        """A4 whatever the company's default paper (US Letter for some countries)."""
        for xmlid, orientation in (
            ("crm_customer_archive.action_report_technical_sheet", "Portrait"),
            ("crm_customer_archive.action_report_process_card", "Portrait"),
            ("crm_customer_archive.action_report_process_capability", "Landscape"),
            ("crm_customer_archive.action_report_quality_certificate", "Portrait"),
        ):
            paperformat = self.env.ref(xmlid).paperformat_id
            self.assertEqual(paperformat.format, "A4", xmlid)
            self.assertEqual(paperformat.orientation, orientation, xmlid)

    def test_technical_sheet_pdf(self):
        text, html = self.render("crm_customer_archive.report_technical_sheet", self.part)
        for expected in (
            "技术单",  # title in the user's language
            "华北汽车制造有限公司",  # the customer's Chinese name
            "前门内板",
            "化学成分",
            "力学性能",
            "0.005",  # C max, a requirement value, as written (not 0.0050)
            "140",  # yield strength min
            "770",  # soaking temperature target, a key control point (not 770.000)
            "64.97",  # utilisation rate
            "暂无该零件的质量异议记录",  # the (empty) complaint list
            "编制",  # prepared / checked / approved boxes
            "审核",
            "批准",
            "刘批准",  # who approved the part's process plan
        ):
            self.assertIn(expected, text)
        self.assertLetterhead(text, html)
        self.assertNotRegex(text, r"\b0\.0+\b", "no minimum the part does not set prints as 0.0000")
        self.assertNotRegex(text, r"\b770\.0+\b", "limits print as written, without the field's digits")
        self.assertNotIn("OdooBot", text, "the part was created by the system: no one is named as its author")
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
            "770",
            "790",
            "编制",
            "审核",
            "批准",
            "王检验",  # prepared by the plan's process engineer
            "刘批准",  # approved by the manager who approved it
        ):
            self.assertIn(expected, text)
        self.assertLetterhead(text, html)
        self.assertIn(self.spec.name, html)

    def test_process_card_approved_by_the_system_names_no_one(self):
        """A plan approved while loading data (as OdooBot) prints an empty
        approver rather than OdooBot."""
        spec = self.create_spec(part=False, partner=self.customer)
        # As the demo data's <function> approves its plan: by the superuser.
        root = self.env.ref("base.user_root")
        spec.sudo().write({"state": "approved", "approved_by_id": root.id, "date_approved": "2026-11-02 08:00:00"})
        text, _html = self.render("crm_customer_archive.report_process_card", spec)
        self.assertIn("批准", text)
        self.assertIn("王检验", text)
        self.assertNotIn("OdooBot", text)
        self.assertNotIn(root.name, text)

    def test_capability_report_pdf(self):
        run = self.env["customer.process.run"].create(
            {
                "spec_id": self.spec.id,
                "measurement_ids": [Command.create({"spec_line_id": self.spec.line_ids[1].id, "value": 795.0})],
            }
        )
        self.assertEqual(run.out_of_limit_count, 1)
        text, html = self.render("crm_customer_archive.report_process_capability", self.spec)
        for expected in ("实际与设定", "华北汽车制造有限公司", "795.000", "数据不足", "运行图"):
            self.assertIn(expected, text)
        self.assertLetterhead(text, html)
        # A run chart per set point with runs; the soaking temperature's point is out of limits (red).
        self.assertEqual(html.count('<svg xmlns="http://www.w3.org/2000/svg" class="o_run_chart"'), 1)
        self.assertIn('fill="#c62828"/>', html)
        self.assertEqual(html.count("暂无生产批次记录"), 2, "the set points without runs say so")

    def test_quality_certificate_pdf(self):
        """Every coil tested and passed: the certificate concludes conformity
        and prints each coil's delivered size, heat, standard and inspector."""
        self.assertRegex(self.certificate.name, r"^ZB\d{10}$")
        self.assertEqual(self.certificate.partner_id, self.customer)
        lots = self.certificate._certificate_lots()
        self.assertEqual([lot["lot"].name for lot in lots], ["C26110001", "C26110002"])
        self.assertEqual(lots[0]["part"], self.part)
        self.assertEqual(self.certificate._certificate_findings(), [])
        verdicts = {
            (lot["lot"].name, row["characteristic"].code): row["passed"]
            for lot in lots
            for row in lot["chemical"] + lot["mechanical"]
        }
        self.assertTrue(verdicts[("C26110002", "A80")], "40 % is the minimum itself")

        text, html = self.render("crm_customer_archive.report_quality_certificate", self.certificate)
        for expected in (
            "质保书",
            "华北汽车制造有限公司",
            "C26110001",
            "0.8 × 1250",  # the delivered coil, not the part's blank (length 1480)
            "H0001",  # heat number
            "GB/T 5213-2019",
            "王检验",  # the inspector who recorded the results
            "12.5",  # coil weight (t)
            "0.005",  # C max, 3 decimals where 4 are not needed
            "162",  # Rp0.2 without decimals
            "42.5",
            "结论：所有交付钢卷均已检验且符合要求。",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("1480", text)
        self.assertNotIn("0.0000", text, "an unset minimum prints as —")
        self.assertRegex(text, r"碳 \(C\)\s+—\s+0\.005\s+0\.003")
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
