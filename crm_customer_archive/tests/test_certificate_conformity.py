from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged

from .common import CustomerCertificateCase
from .helpers import load_chinese, pdf_text

RELEASE_REASON = "客户同意让步接收，见让步单 RB-2026-017"


@tagged("post_install", "-at_install")
class TestCertificateConformity(CustomerCertificateCase, HttpCase):
    """A certificate states conformity only when every delivered coil was
    tested and passed; otherwise it is refused, or issued on a manager's
    explicit release that the printed certificate states."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        load_chinese(cls.env)
        cls.customer.lang = "zh_CN"
        cls.user_sales_manager.name = "李经理"
        cls.coil_ok = cls.create_coil("C2026-0001", cls.PASSING)
        cls.coil_untested = cls.create_coil("C2026-0003")
        cls.coil_failed = cls.create_coil("C2026-0004", dict(cls.PASSING, **{"Rp0.2": 131.0}))
        cls.delivery = cls.deliver(cls.coil_ok + cls.coil_untested + cls.coil_failed)
        cls.Certificate = cls.env["customer.quality.certificate"]

    def certificate_count(self):
        return self.Certificate.with_context(active_test=False).search_count([])

    def render_pdf(self, certificate):
        pdf, _format = (
            self.env["ir.actions.report"]
            .with_user(self.user_process)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_customer_archive.report_quality_certificate", certificate.ids)
        )
        return pdf_text(pdf)

    def release(self, reason=RELEASE_REASON, user=None, picking=None):
        wizard = (
            self.env["customer.quality.certificate.release"]
            .with_user(user or self.user_sales_manager)
            .create({"picking_id": (picking or self.delivery).id, "reason": reason})
        )
        return wizard.action_release()

    def test_untested_coil_refuses_the_certificate(self):
        """Today's bug: a coil without test results got a certificate saying all coils conform."""
        delivery = self.deliver(self.create_coil("C2026-0011", self.PASSING) + self.create_coil("C2026-0012"))
        count = self.certificate_count()
        for user in (self.user_sales, self.user_process):
            with self.subTest(user=user.login), self.assertRaisesMessage(UserError, r"\nC2026-0012: no test results\n"):
                delivery.with_user(user).action_print_quality_certificate()
        with self.assertRaises(UserError) as caught:
            self.Certificate.create({"picking_id": delivery.id})
        self.assertNotIn("C2026-0011", str(caught.exception), "only the coils that do not conform are named")
        self.assertEqual(self.certificate_count(), count, "nothing issued")
        self.assertFalse(delivery.quality_certificate_ids)

    def test_failed_and_untested_coils_are_listed(self):
        count = self.certificate_count()
        with self.assertRaises(UserError) as caught:
            self.delivery.with_user(self.user_sales).action_print_quality_certificate()
        message = str(caught.exception)
        self.assertIn("C2026-0003: no test results", message)
        self.assertIn("C2026-0004: Yield Strength (Rp0.2) 131 < 140", message)
        self.assertNotIn("C2026-0001", message)
        self.assertIn(self.delivery.name, message)
        self.assertEqual(self.certificate_count(), count)

    def test_refusal_in_chinese(self):
        delivery = self.delivery.with_user(self.user_sales).with_context(lang="zh_CN")
        with self.assertRaisesMessage(
            UserError, r"不能出具.*C2026-0003: 无检验结果.*C2026-0004: 屈服强度 \(Rp0\.2\) 131 < 140"
        ):
            delivery.action_print_quality_certificate()

    def test_required_property_not_tested(self):
        coil = self.create_coil("C2026-0021", {"C": 0.003, "Mn": 0.18, "A80": 42.0})
        delivery = self.deliver(coil)
        with self.assertRaisesMessage(UserError, r"C2026-0021: Yield Strength \(Rp0\.2\) not tested"):
            self.Certificate.create({"picking_id": delivery.id})

    def test_above_maximum(self):
        delivery = self.deliver(self.create_coil("C2026-0031", dict(self.PASSING, C=0.006, Mn=0.35)))
        with self.assertRaisesMessage(
            UserError, r"C2026-0031: Carbon \(C\) 0.006 > 0.005; Manganese \(Mn\) 0.35 > 0.30"
        ):
            self.Certificate.create({"picking_id": delivery.id})

    def test_manager_is_asked_for_a_reason(self):
        count = self.certificate_count()
        action = self.delivery.with_user(self.user_sales_manager).action_print_quality_certificate()
        self.assertEqual(action["res_model"], "customer.quality.certificate.release")
        self.assertEqual(action["context"]["default_picking_id"], self.delivery.id)
        wizard = Form(
            self.env[action["res_model"]].with_user(self.user_sales_manager).with_context(**action["context"])
        )
        self.assertIn("C2026-0003: no test results", wizard.findings)
        self.assertIn("C2026-0004: Yield Strength (Rp0.2) 131 < 140", wizard.findings)
        self.assertEqual(self.certificate_count(), count, "asking issues nothing")

    def test_release_needs_a_reason(self):
        count = self.certificate_count()
        with self.assertRaisesMessage(UserError, "Give the reason"):
            self.release(reason="   ")
        self.assertEqual(self.certificate_count(), count)

    def test_only_managers_release(self):
        for user in (self.user_sales, self.user_process):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.release(user=user)
                with self.assertRaisesMessage(AccessError, "Only a Customer Archive Manager"):
                    self.delivery.with_user(user)._release_quality_certificate(RELEASE_REASON)
                # The release fields are the server's: a client cannot send them to skip the check.
                with self.assertRaisesMessage(AccessError, "set by the system"):
                    self.Certificate.with_user(user).create(
                        {"picking_id": self.delivery.id, "release_reason": "x", "released_by_id": user.id}
                    )
        self.assertFalse(self.delivery.quality_certificate_ids)

    def test_release_is_logged_stored_and_printed(self):
        action = self.release()
        self.assertEqual(action["report_name"], "crm_customer_archive.report_quality_certificate")
        self.assertTrue(action["close_on_report_download"])
        certificate = self.delivery.quality_certificate_ids
        self.assertEqual(len(certificate), 1)
        self.assertEqual(certificate.released_by_id, self.user_sales_manager)
        self.assertEqual(certificate.issued_by_id, self.user_sales_manager)
        self.assertEqual(certificate.release_reason, RELEASE_REASON)
        for document in (certificate, self.delivery):
            message = document.message_ids[:1]
            self.assertEqual(message.author_id, self.user_sales_manager.partner_id)
            for expected in (certificate.name, RELEASE_REASON, "C2026-0003: no test results", "131 &lt; 140"):
                self.assertIn(expected, message.body, document._name)

        # Printed for the customer in Chinese: the exception, never "all conform".
        text = self.render_pdf(certificate)
        for expected in (
            r"结论：并非所有交付钢卷都已检验且符合要求。",
            r"已检验且符合要求：\s*C2026-0001\n",
            r"未检验或不符合要求：",
            r"C2026-0003: 无检验结果",
            r"C2026-0004: 屈服强度 \(Rp0\.2\) 131 < 140",
            r"该钢卷尚未记录检验结果。",
            r"例外放行人：\s*李经理",
            r"放行理由：\s*" + RELEASE_REASON,
        ):
            self.assertRegex(text, expected)
        self.assertNotIn("所有交付钢卷均已检验且符合要求", text.replace("并非所有交付钢卷都已", ""))
        self.assertRegex(text, r"屈服强度 \(Rp0\.2\)\s+140\s+180\s+131\s+MPa\s+不合格")
        # Printing again prints the same certificate, it is not issued twice.
        action = self.delivery.with_user(self.user_sales_manager).action_print_quality_certificate()
        self.assertEqual(action["report_name"], "crm_customer_archive.report_quality_certificate")
        self.assertEqual(self.delivery.quality_certificate_ids, certificate)

    def test_pdf_prints_the_coil_not_the_blank(self):
        """Delivered size, heat number, standard and inspector of each coil; "—" for what is not recorded."""
        certificate = self.env["customer.quality.certificate"].create({"picking_id": self.deliver(self.coil_ok).id})
        self.coil_ok.coil_length = 2500.0
        text = self.render_pdf(certificate)
        for expected in ("0.8 × 1250 × 2500", "H0001", "GB/T 5213-2019", "王检验", "12.5"):
            self.assertIn(expected, text)
        self.assertNotIn("1480", text, "the part's blank length")
        self.assertRegex(text, r"碳 \(C\)\s+—\s+0\.005\s+0\.003\s+%\s+合格")
        self.assertRegex(text, r"锰 \(Mn\)\s+0\.10\s+0\.30\s+0\.18\s+%\s+合格")
        self.assertRegex(text, r"断后伸长率 \(A80\)\s+40\s+—\s+42\.5\s+%\s+合格")
        self.assertNotIn("0.0000", text)

    def test_coil_dimensions_must_be_positive(self):
        lot = self.coil_ok.with_user(self.user_process)
        for field, value in (("coil_thickness", -0.8), ("coil_width", -1.0), ("coil_weight", -12.5)):
            with (
                self.subTest(field=field),
                self.assertRaisesMessage(ValidationError, "C2026-0001 must be greater than zero"),
            ):
                lot.write({field: value})
        self.assertEqual((lot.coil_thickness, lot.coil_width, lot.coil_weight), (0.8, 1250.0, 12.5))
        with self.assertRaisesMessage(ValidationError, "Coil Length \\(mm\\) of coil C2026-0099"):
            self.create_coil("C2026-0099", coil_length=-2500.0)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "C2026-0099")]))

    def test_inspector_is_who_recorded_the_results(self):
        self.assertEqual(self.coil_ok.inspector_id, self.user_process)
        self.assertFalse(self.coil_untested.inspector_id)
        # Changed by hand, kept when more results are recorded.
        self.coil_ok.inspector_id = self.user_sales_manager
        self.coil_untested.with_user(self.user_process).write(
            {"customer_test_result_ids": [Command.create({"characteristic_id": self.element_c.id, "value": 0.002})]}
        )
        self.coil_ok.customer_test_result_ids.filtered(
            lambda result: result.characteristic_id == self.element_c
        ).value = 0.002
        self.assertEqual(self.coil_untested.inspector_id, self.user_process)
        self.assertEqual(self.coil_ok.inspector_id, self.user_sales_manager)
