from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerCertificateCase, CustomerComplaintCase
from .helpers import load_chinese, pdf_text


@tagged("post_install", "-at_install")
class TestGradingGate(CustomerCertificateCase, CustomerComplaintCase):
    """No coil a customer would reject leaves the mill: reserving a coil for
    a customer, validating the delivery and issuing its certificate check the
    coil against that customer; what was stopped is counted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.user_grading = new_test_user(
            cls.env, "grading_clerk", groups="crm_customer_archive.group_archive_grading", **companies
        )
        cls.user_warehouse = new_test_user(cls.env, "gate_warehouse", groups="stock.group_stock_user", **companies)
        # The customer complained twice about scratches: ¥12,000 and ¥8,000 of non-quality.
        for amount in (12000.0, 8000.0):
            complaint = cls.create_complaint()
            cls.env["customer.complaint.cost"].create({"complaint_id": complaint.id, "amount": amount})
        cls.coil_scratched = cls.create_coil("C2026-0501", cls.PASSING)
        # The grading station records what it found on the coil.
        cls.env["customer.lot.defect"].with_user(cls.user_grading).create(
            {
                "lot_id": cls.coil_scratched.id,
                "defect_type_id": cls.defect_scratch.id,
                "severity": "minor",
                "position": "外圈 3 圈",
            }
        )
        cls.coil_clean = cls.create_coil("C2026-0502", cls.PASSING)
        cls.coil_untested = cls.create_coil("C2026-0503")
        cls.Interception = cls.env["customer.quality.interception"]

    def order(self, quantity=12.5):
        """A confirmed order of the customer's part, its delivery unreserved."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"customer_part_id": self.part.id, "product_uom_qty": quantity, "price_unit": 5600.0}
                    )
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.do_unreserve()
        return order.picking_ids

    def reserve(self, picking, lot, user=None, lang="en_US"):
        """The warehouse picks a coil in the delivery's detailed operations."""
        move = picking.move_ids
        return (
            self.env["stock.move.line"]
            .with_user(user or self.user_warehouse)
            .with_context(lang=lang)
            .create(
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
            )
        )

    def decide(self, lot, decision, reason="客户对划伤敏感，改判协议品", user=None, **values):
        return (
            self.env["customer.lot.disposition"]
            .with_user(user or self.user_grading)
            .create({"lot_id": lot.id, "decision": decision, "reason": reason, **values})
        )

    def validate(self, picking, user=None):
        picking = picking.with_user(user or self.user_warehouse)
        picking.move_ids.picked = True
        return picking.button_validate()

    # ------------------------------------------------------------------
    # The whole flow
    # ------------------------------------------------------------------

    def test_sensitive_customer_flow(self):
        picking = self.order()
        with self.assertRaisesMessage(UserError, r"华北汽车制造有限公司.*C2026-0501: Scratch, a defect the customer"):
            self.reserve(picking, self.coil_scratched)
        self.assertFalse(picking.move_line_ids, "nothing reserved")

        # Grading regrades the scratched coil to an agreement product for this customer's sake.
        self.decide(self.coil_scratched, "agreement", price_class="b", partner_id=self.customer.id)
        self.assertEqual(self.coil_scratched.grading_disposition, "agreement")
        self.assertIn("客户对划伤敏感", self.coil_scratched.message_ids[0].body)
        interception = self.Interception.search([("lot_id", "=", self.coil_scratched.id)])
        self.assertRecordValues(
            interception,
            [
                {
                    "partner_id": self.customer.id,
                    "reason": "sensitive",
                    "step": "regrade",
                    "defect_type_id": self.defect_scratch.id,
                    "weight": 12.5,
                    "avoided_cost": 10000.0,  # the customer's average scratch complaint
                }
            ],
        )

        # A clean tested coil passes every step; the certificate is issued.
        self.reserve(picking, self.coil_clean)
        self.assertFalse(self.validate(picking) is not True and picking.state != "done", "validated")
        self.assertEqual(picking.state, "done")
        picking.with_user(self.user_process).action_print_quality_certificate()
        self.assertTrue(picking.quality_certificate_ids)

    def test_coil_dialog_shows_the_customer_sensitivity(self):
        """Where the warehouse picks the coils (detailed operations)."""
        move = self.order().move_ids.with_user(self.user_warehouse)
        self.assertIn("Scratch x2", move.customer_sensitivity_warning)
        view = self.env.ref("stock.view_stock_move_operations")
        arch = move.get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("o_customer_sensitivity_banner", arch)

    def test_automatic_reservation_skips_the_coils_the_customer_must_not_get(self):
        # Oldest first would take the scratched coil (created first).
        picking = self.order()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.coil_clean)

    def test_untested_coil_stops_validation_and_is_counted_once(self):
        picking = self.order()
        self.reserve(picking, self.coil_untested)  # results may come after the reservation
        for _attempt in range(2):
            action = self.validate(picking)
            self.assertEqual(action["params"]["type"], "danger")
            self.assertIn("C2026-0503: no test results", action["params"]["message"])
            self.assertNotEqual(picking.state, "done")
        interception = self.Interception.search([("lot_id", "=", self.coil_untested.id)])
        self.assertRecordValues(
            interception, [{"reason": "untested", "step": "validation", "picking_id": picking.id, "weight": 12.5}]
        )
        # No defect named: the customer's average over all its complaints.
        self.assertEqual(interception.avoided_cost, 10000.0)
        self.assertEqual(interception.user_id, self.user_warehouse)

    def test_manager_release_is_logged_and_counted(self):
        picking = self.order()
        release = self.decide(
            self.coil_scratched,
            "release",
            reason="客户书面同意接收轻微划伤，让步单 RB-2026-031",
            user=self.user_sales_manager,
            partner_id=self.customer.id,
        )
        self.assertEqual(release.decided_by_id, self.user_sales_manager)
        self.assertIn("RB-2026-031", self.coil_scratched.message_ids[0].body)
        self.assertRecordValues(
            self.Interception.search([("lot_id", "=", self.coil_scratched.id)]),
            [{"step": "release", "reason": "sensitive", "avoided_cost": 0.0}],
        )
        self.reserve(picking, self.coil_scratched)
        self.validate(picking)
        self.assertEqual(picking.state, "done")
        # The certificate says who released the coil for this customer, and why.
        picking.with_user(self.user_process).action_print_quality_certificate()
        pdf, _format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_customer_archive.report_quality_certificate", picking.quality_certificate_ids.ids)
        )
        text = " ".join(pdf_text(pdf).split())
        self.assertIn("Released for this customer by archive_sales_manager", text)
        self.assertIn("让步单 RB-2026-031", text)
        # Released for this customer only.
        other = self.coil_scratched._grading_findings(self.other_customer, self.part, "validation")
        self.assertFalse(other, "the other customer never complained about scratches")

    def test_regrade_takes_the_coil_out_of_reservations(self):
        picking = self.order()
        self.reserve(picking, self.coil_clean)
        self.assertEqual(picking.state, "assigned")
        self.decide(self.coil_clean, "hold", reason="待复检：表面色差")
        self.assertFalse(picking.move_line_ids)
        self.assertEqual(picking.state, "confirmed")
        self.assertEqual(self.Interception.search([("lot_id", "=", self.coil_clean.id)]).reason, "regraded")

    def test_thickness_and_surface_against_the_part(self):
        ref = self.env.ref
        self.part.write(
            {
                "thickness_tolerance_lower": -0.03,
                "thickness_tolerance_upper": 0.03,
                "surface_quality_id": ref("crm_customer_archive.option_surface_quality_fc").id,
            }
        )
        coil = self.create_coil(
            "C2026-0520",
            self.PASSING,
            coil_thickness=0.85,
            surface_quality_id=ref("crm_customer_archive.option_surface_quality_fb").id,
        )
        texts = [
            text for _reason, _defect, text in coil._grading_findings(self.customer, self.part, "validation")[coil]
        ]
        self.assertEqual(
            texts,
            [
                "thickness 0.85 mm outside 0.77–0.83 mm",
                "surface Better Surface (FB) below the required High-Grade Surface (FC)",
            ],
        )
        self.coil_clean.write(
            {"coil_thickness": 0.83, "surface_quality_id": ref("crm_customer_archive.option_surface_quality_fd").id}
        )
        self.assertFalse(self.coil_clean._grading_findings(self.customer, self.part, "validation"), "within tolerance")
        with self.assertRaisesMessage(UserError, r"C2026-0520: thickness 0.85 mm outside"):
            self.reserve(self.order(), coil)

    def test_certificate_names_a_sensitive_coil(self):
        """A coil graded with a scratch after it was shipped: the certificate is refused."""
        delivery = self.deliver(self.coil_clean)
        self.coil_clean.grading_defect_ids = [Command.create({"defect_type_id": self.defect_scratch.id})]
        with self.assertRaisesMessage(UserError, r"C2026-0502: Scratch, a defect the customer complained about"):
            delivery.with_user(self.user_process).action_print_quality_certificate()

    def test_messages_in_chinese(self):
        load_chinese(self.env)
        picking = self.order()
        with self.assertRaisesMessage(UserError, r"以下钢卷不得发给 华北汽车制造有限公司.*C2026-0501: 划伤"):
            self.reserve(picking, self.coil_scratched, lang="zh_CN")
        # The decision is noted on the coil in the decider's language.
        self.user_grading.lang = "zh_CN"
        self.decide(self.coil_scratched, "agreement", price_class="b", partner_id=self.customer.id)
        self.assertRegex(
            self.coil_scratched.message_ids[0].body, r"改判协议品：华北汽车制造有限公司.*理由：客户对划伤敏感"
        )

    # ------------------------------------------------------------------
    # Bad input: a translated error, nothing written
    # ------------------------------------------------------------------

    def test_bad_decisions(self):
        Disposition = self.env["customer.lot.disposition"]
        count = Disposition.search_count([])
        with self.assertRaisesMessage(UserError, "Give the reason"):
            self.decide(self.coil_clean, "stock", reason="   ")
        with self.assertRaisesMessage(AccessError, "Only grading staff"):
            self.decide(self.coil_clean, "stock", user=self.user_warehouse)
        with self.assertRaisesMessage(AccessError, "Only a Customer Archive Manager releases"):
            self.decide(self.coil_clean, "release", user=self.user_grading, partner_id=self.customer.id)
        with self.assertRaisesMessage(UserError, "Say which customer"):
            self.decide(self.coil_clean, "release", user=self.user_sales_manager)
        with self.assertRaisesMessage(UserError, "price class"):
            self.decide(self.coil_clean, "hold", price_class="a")
        delivered = self.create_coil("C2026-0509", self.PASSING)
        self.deliver(delivered)
        with self.assertRaisesMessage(UserError, "C2026-0509 is no longer in stock"):
            self.decide(delivered, "scrap")
        self.assertEqual(Disposition.search_count([]), count, "nothing written")
        self.assertFalse(self.coil_clean.grading_disposition)

    def test_decisions_are_never_changed_nor_deleted(self):
        decision = self.decide(self.coil_clean, "stock", price_class="a")
        with self.assertRaises(AccessError):
            decision.with_user(self.user_grading).write({"reason": "改"})
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            decision.sudo().write({"reason": "改"})
        with self.assertRaisesMessage(UserError, "cannot be deleted"):
            decision.sudo().unlink()

    # ------------------------------------------------------------------
    # Scale: the gate of a delivery of 200 coils
    # ------------------------------------------------------------------

    def test_gate_query_count_does_not_grow_with_coils(self):
        counts = []
        for size in (20, 200):
            lots = self.env["stock.lot"].create(
                [
                    {
                        "name": f"Q{size}-{i:04d}",
                        "product_id": self.product_dc04.id,
                        "grading_defect_ids": [Command.create({"defect_type_id": self.defect_scratch.id})]
                        if i % 7 == 0
                        else [],
                        "customer_test_result_ids": [
                            Command.create({"characteristic_id": self.element_c.id, "value": 0.003})
                        ],
                    }
                    for i in range(size)
                ]
            )
            lots._grading_findings(self.customer, self.part, "validation")  # warm Odoo's caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            findings = lots._grading_findings(self.customer, self.part, "validation")
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(findings), size, "every coil misses a required result (Mn, Rp0.2, A80)")
        self.assertEqual(counts[0], counts[1], f"queries for 20 and 200 coils: {counts}")


@tagged("post_install", "-at_install")
class TestInterceptionFigures(CustomerCertificateCase, CustomerComplaintCase):
    """The dashboard's figures on a known data set: interceptions and avoided
    cost per customer and defect; objections per 1 000 t delivered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_grading = new_test_user(
            cls.env,
            "figures_grading",
            groups="crm_customer_archive.group_archive_grading",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        complaint = cls.create_complaint()
        cls.env["customer.complaint.cost"].create({"complaint_id": complaint.id, "amount": 6000.0})
        cls.create_complaint(defect_type_id=cls.defect_edge_crack.id)  # no cost
        # 4 coils of 12.5 t delivered = 50 t; 2 objections → 40 per 1 000 t.
        cls.deliver(cls.env["stock.lot"].union(*(cls.create_coil(f"C2026-07{i:02d}", cls.PASSING) for i in range(4))))
        for name in ("C2026-0801", "C2026-0802"):
            coil = cls.create_coil(name, cls.PASSING)
            cls.env["customer.lot.defect"].with_user(cls.user_grading).create(
                {"lot_id": coil.id, "defect_type_id": cls.defect_scratch.id}
            )
            cls.env["customer.lot.disposition"].with_user(cls.user_grading).create(
                {"lot_id": coil.id, "decision": "agreement", "partner_id": cls.customer.id, "reason": "划伤改判"}
            )

    def test_interceptions_per_customer_and_defect(self):
        groups = (
            self.env["customer.quality.interception"]
            .with_user(self.user_officer)
            ._read_group(
                [("step", "!=", "release")],
                ["partner_id", "defect_type_id"],
                ["__count", "weight:sum", "avoided_cost:sum"],
            )
        )
        # The customer's scratch complaints cost ¥6,000 on average.
        self.assertEqual(groups, [(self.customer, self.defect_scratch, 2, 25.0, 12000.0)])

    def test_objection_rate_per_1000_tonnes(self):
        Report = self.env["customer.objection.rate.report"].with_user(self.user_officer)
        [(tonnage, objections, rate)] = Report._read_group(
            [("partner_id", "=", self.customer.id)], [], ["tonnage:sum", "objection_count:sum", "objection_rate:sum"]
        )
        self.assertEqual((tonnage, objections), (50.0, 2))
        self.assertAlmostEqual(rate, 40.0, msg="the ratio of the sums, not a sum of monthly rates")
        # Per production grade: the delivered coils and the complaints are the part's (DC04).
        by_grade = dict(
            Report._read_group([("partner_id", "=", self.customer.id)], ["production_grade_id"], ["objection_rate:sum"])
        )
        self.assertAlmostEqual(by_grade[self.grade_dc04], 40.0)
        self.assertFalse(
            self.env["customer.objection.rate.report"].with_user(self.user_plain).has_access("read"),
            "a plain employee sees no figures",
        )
