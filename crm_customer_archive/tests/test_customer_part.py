from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CustomerPartCase


@tagged("post_install", "-at_install")
class TestCustomerPart(CustomerPartCase):
    def test_utilization_rate_is_net_over_gross(self):
        # 7.55 kg / 11.62 kg = 64.974 %, stored with two decimals
        self.assertAlmostEqual(self.part.utilization_rate, 64.97, places=6)
        self.part.with_user(self.user_process).write({"part_net_weight": 5.81})
        self.assertAlmostEqual(self.part.utilization_rate, 50.0, places=6)
        stored = self.env["customer.part"].search([("utilization_rate", "=", 50.0), ("id", "=", self.part.id)])
        self.assertEqual(stored, self.part, "the rate is stored, so lists can search and group by it")

    def test_blank_size_and_display_name(self):
        self.assertEqual(self.part.blank_size, "0.8 × 1250 × 1480")
        self.assertEqual(self.part.display_name, "[5701011-K00] 前门内板")
        found = self.env["customer.part"].name_search("5701011")
        self.assertEqual([part_id for part_id, _name in found], [self.part.id])

    @mute_logger("odoo.sql_db")
    def test_part_number_is_unique_per_customer(self):
        values = {"name": "前门内板 B", "blank_gross_weight": 10.0, "part_net_weight": 6.0}
        Part = self.env["customer.part"]
        with self.assertRaises(IntegrityError) as caught:
            Part.create({**values, "partner_id": self.customer.id, "part_number": "5701011-k00"})
        # What a user or an RPC client is told for this database error:
        self.assertEqual(
            Part._sql_error_to_message(caught.exception), "This customer already has a part with this part number."
        )
        self.assertEqual(Part.search_count([("partner_id", "=", self.customer.id)]), 1)
        other = self.env["customer.part"].create(
            {**values, "partner_id": self.other_customer.id, "part_number": "5701011-K00"}
        )
        self.assertEqual(other.part_number, "5701011-K00", "another customer may use the same number")

    def test_bad_weights_are_refused_and_nothing_written(self):
        cases = [
            ({"blank_gross_weight": 0.0}, "blank gross weight .* must be greater than zero"),
            ({"blank_gross_weight": -3.0}, "blank gross weight .* must be greater than zero"),
            ({"part_net_weight": 0.0}, "net weight .* must be greater than zero"),
            ({"blank_gross_weight": 7.0}, r"cannot be below its net weight \(7.55 kg\)"),
            ({"material_quota": -1.0}, "material quota cannot be negative"),
            ({"roughness_min": 1.6, "roughness_max": 0.8}, "Roughness Ra .* minimum"),
            ({"thickness_tolerance_lower": 0.05, "thickness_tolerance_upper": -0.05}, "lower deviation"),
        ]
        part = self.part.with_user(self.user_process)
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesMessage(ValidationError, message):
                part.write(values)
        self.assertRecordValues(
            self.part,
            [{"blank_gross_weight": 11.62, "part_net_weight": 7.55, "material_quota": 11.8, "roughness_min": 0.0}],
        )

    def test_requirement_min_above_max_is_refused(self):
        part = self.part.with_user(self.user_process)
        with self.assertRaisesMessage(ValidationError, r"minimum \(0.4 %\) is above the maximum \(0.3 %\)"):
            part.chemical_requirement_ids.filtered(lambda r: r.element_id == self.element_mn).min_percent = 0.4
        with self.assertRaisesMessage(ValidationError, "between 0 and 100"):
            part.write(
                {
                    "chemical_requirement_ids": [
                        Command.create(
                            {
                                "element_id": self.env.ref("crm_customer_archive.option_chemical_element_si").id,
                                "max_percent": 120.0,
                            }
                        )
                    ]
                }
            )
        with self.assertRaisesMessage(ValidationError, r"minimum \(200.0\) is above the maximum \(180.0\)"):
            part.mechanical_requirement_ids.filtered(lambda r: r.property_id == self.property_yield).min_value = 200
        self.assertEqual(len(self.part.chemical_requirement_ids), 2)
        self.assertEqual(self.part.mechanical_requirement_ids.mapped("min_value"), [140.0, 40.0])

    def test_requirement_unit_comes_from_the_property(self):
        units = self.part.mechanical_requirement_ids.mapped("unit")
        self.assertEqual(units, ["MPa", "%"])

    def test_part_belongs_to_the_company_not_a_contact(self):
        with self.assertRaisesMessage(ValidationError, "belong to the customer company"):
            self.part.copy({"partner_id": self.contact.id, "part_number": "X-1"})

    def test_copy_keeps_requirements_with_a_new_number(self):
        copy = self.part.copy()
        self.assertEqual(copy.part_number, "5701011-K00 (copy)")
        self.assertEqual(copy.chemical_requirement_ids.element_id, self.part.chemical_requirement_ids.element_id)

    def test_part_with_plans_is_archived_not_deleted(self):
        self.create_spec()
        with self.assertRaisesMessage(UserError, "Archive it instead"):
            self.part.unlink()
        self.part.action_archive()
        self.assertFalse(self.part.active)

    def test_sale_order_line_takes_the_product_of_the_part(self):
        order_form = Form(self.env["sale.order"].with_user(self.user_sales_manager))
        order_form.partner_id = self.contact
        with order_form.order_line.new() as line:
            line.customer_part_id = self.part
            self.assertEqual(line.product_id, self.product_dc04)
            self.assertEqual(line.customer_part_number, "5701011-K00")
            line.product_uom_qty = 3.0
        order = order_form.save()
        self.assertEqual(order.order_line.customer_part_id, self.part)
        # An API client may send the part only.
        line = self.env["sale.order.line"].create(
            {"order_id": order.id, "customer_part_id": self.part.id, "product_uom_qty": 1.0}
        )
        self.assertEqual(line.product_id, self.product_dc04)

    def test_sale_order_line_refuses_another_customers_part(self):
        order = self.env["sale.order"].create({"partner_id": self.other_customer.id})
        with self.assertRaisesMessage(ValidationError, "belongs to 华北汽车制造有限公司, not to the customer"):
            self.env["sale.order.line"].create(
                {"order_id": order.id, "customer_part_id": self.part.id, "product_uom_qty": 1.0}
            )
        self.assertFalse(order.order_line)

    def test_customer_archive_counts_parts_and_plans(self):
        self.create_spec()
        self.assertEqual(self.customer.archive_part_count, 1)
        self.assertEqual(self.customer.archive_process_spec_count, 1)
        self.assertEqual(self.contact.archive_part_count, 1, "a contact shows its company's parts")
        action = self.customer.action_view_archive_parts()
        self.assertEqual(self.env["customer.part"].search(action["domain"]), self.part)
