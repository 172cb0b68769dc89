from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerComplaintCase, CustomerPartCase


@tagged("post_install", "-at_install")
class TestDefectSensitivity(CustomerComplaintCase, CustomerPartCase, HttpCase):
    """The grading station's question: which defects is this customer sensitive to?"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_part = cls.env["customer.part"].create(
            {
                "name": "后门内板",
                "part_number": "6201011-K00",
                "partner_id": cls.customer.id,
                "blank_gross_weight": 10.0,
                "part_net_weight": 6.5,
            }
        )
        # Known data set: 3 scratches (one critical, last on 2026-10-15, two parts),
        # 1 edge crack, 1 rejected wrinkle (does not count), 1 scratch of another customer.
        cls.create_complaint(date_received="2026-03-02 08:00:00", severity="minor")
        cls.create_complaint(date_received="2026-10-15 08:00:00", severity="critical", part_id=cls.other_part.id)
        cls.create_complaint(date_received="2026-07-01 08:00:00", severity="major")
        cls.create_complaint(
            date_received="2026-05-20 08:00:00", defect_type_id=cls.defect_edge_crack.id, severity="major"
        )
        rejected = cls.create_complaint(date_received="2026-06-01 08:00:00", defect_type_id=cls.defect_wrinkle.id)
        rejected.write({"stage_id": cls.stage_rejected.id, "rejection_reason": "客户冲压参数问题"})
        cls.create_complaint(
            partner_id=cls.other_customer.id, reporter_id=False, part_id=False, date_received="2026-09-01 08:00:00"
        )

    def test_profile_figures(self):
        self.assertEqual(
            self.customer.get_defect_sensitivity(),
            [
                {
                    "code": "SCRATCH",
                    "name": "Scratch",
                    "count": 3,
                    "last_date": "2026-10-15",
                    "worst_severity": "critical",
                    "part_numbers": ["5701011-K00", "6201011-K00"],
                },
                {
                    "code": "EDGE_CRACK",
                    "name": "Edge Crack",
                    "count": 1,
                    "last_date": "2026-05-20",
                    "worst_severity": "major",
                    "part_numbers": ["5701011-K00"],
                },
            ],
        )
        self.assertEqual(self.contact.get_defect_sensitivity()[0]["count"], 3, "a contact answers for its company")
        self.assertEqual([line["count"] for line in self.other_customer.get_defect_sensitivity()], [1])

    def test_banner_on_sale_order_and_delivery(self):
        order = (
            self.env["sale.order"]
            .with_user(self.user_sales_manager)
            .create(
                {
                    "partner_id": self.contact.id,
                    "order_line": [Command.create({"product_id": self.product_spcc.id, "product_uom_qty": 1})],
                }
            )
        )
        self.assertIn("Scratch x3 (last 2026-10-15, worst Critical)", order.customer_sensitivity_warning)
        self.assertIn("Edge Crack x1", order.customer_sensitivity_warning)
        self.assertNotIn("Wrinkling", order.customer_sensitivity_warning)
        order.action_confirm()
        delivery = order.picking_ids.with_user(self.user_sales_manager)
        self.assertIn("Scratch x3", delivery.customer_sensitivity_warning)
        clean = self.env["sale.order"].create(
            {"partner_id": self.env["res.partner"].create({"name": "新客户", "is_company": True}).id}
        )
        self.assertFalse(clean.customer_sensitivity_warning)
        # The form shows it as a banner.
        arch = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn("o_customer_sensitivity_banner", arch)
        arch = self.env["stock.picking"].get_view(view_type="form")["arch"]
        self.assertIn("o_customer_sensitivity_banner", arch)
        arch = self.env["res.partner"].with_user(self.user_sales).get_view(view_type="form")["arch"]
        self.assertIn("o_customer_sensitivity_banner", arch)

    def test_banner_costs_at_most_two_queries(self):
        order = self.env["sale.order"].with_user(self.user_sales_manager).create({"partner_id": self.contact.id})
        self.assertTrue(order.customer_sensitivity_warning)  # warm the caches (selection labels, rules)
        self.env.flush_all()
        self.env.invalidate_all()
        order.read(["partner_id", "name", "state"])
        self.assertEqual(order.partner_id.commercial_partner_id, self.customer)  # loaded by the form anyway
        # the grouped complaint query and the defect names
        with self.assertQueryCount(2):
            self.assertTrue(order.customer_sensitivity_warning)

    def test_customer_archive_shows_the_profile(self):
        html = self.customer.with_user(self.user_sales).defect_sensitivity_html
        self.assertIn("Scratch", html)
        self.assertIn("6201011-K00", html)

    def test_technical_sheet_lists_the_parts_complaints(self):
        lines = self.part._technical_sheet_complaints()
        self.assertEqual([line["date"] for line in lines], ["2026-07-01", "2026-05-20", "2026-03-02"])
        self.assertEqual([line["defect"] for line in lines], ["Scratch", "Edge Crack", "Scratch"])
        self.assertEqual(len(self.other_part._technical_sheet_complaints()), 1)

    def test_profile_over_xmlrpc(self):
        new_test_user(self.env, "mes_client", groups="stock.group_stock_user", password="mes_client_pw")
        with mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http"):
            uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "mes_client", "mes_client_pw", {})
            profile = self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, uid, "mes_client_pw", "res.partner", "get_defect_sensitivity", [[self.customer.id]]
            )
        self.assertEqual(
            [(line["code"], line["count"], line["worst_severity"]) for line in profile],
            [("SCRATCH", 3, "critical"), ("EDGE_CRACK", 1, "major")],
        )
        self.assertEqual(profile[0]["last_date"], "2026-10-15")
