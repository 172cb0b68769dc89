from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestAccessRights(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unassigned = cls.env["res.partner"].create({"name": "Unassigned Prospect Co", "is_company": True})
        cls.option_other_company = cls.env["customer.archive.option"].create(
            {
                "category": "vehicle_model",
                "code": "OTHER",
                "name": "Other company model",
                "company_id": cls.other_company.id,
            }
        )

    # Archive user (account manager)
    def test_user_reads_every_customer(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        found = Partner.search([("id", "in", (self.customer | self.other_customer).ids)])
        self.assertEqual(found, self.customer | self.other_customer)
        self.assertEqual(self.other_customer.with_user(self.user_sales).customer_level, False)

    def test_user_edits_own_customer_and_its_contacts(self):
        self.customer.with_user(self.user_sales).write({"customer_level": "b", "archive_state": "active"})
        self.assertEqual(self.customer.customer_level, "b")
        self.contact.with_user(self.user_sales).write({"function": "总经理"})
        contact = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .create({"name": "New Contact", "parent_id": self.customer.id})
        )
        self.assertEqual(contact.commercial_partner_id, self.customer)

    def test_user_edits_unassigned_customer(self):
        self.unassigned.with_user(self.user_sales).write({"user_id": self.user_sales.id})
        self.assertEqual(self.unassigned.user_id, self.user_sales)

    def test_user_creates_customer(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .create({"name": "My New Customer", "is_company": True, "user_id": self.user_sales.id})
        )
        self.assertTrue(customer.ref)

    def test_user_refused_on_other_managers_customer(self):
        with self.assertRaises(AccessError):
            self.other_customer.with_user(self.user_sales).write({"customer_level": "a"})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_sales).create(
                {"name": "Sneaky Contact", "parent_id": self.other_customer.id}
            )
        with self.assertRaises(AccessError):
            self.other_customer.with_user(self.user_sales).unlink()
        self.assertFalse(self.other_customer.customer_level)

    def test_user_reads_but_cannot_change_base_data(self):
        Option = self.env["customer.archive.option"].with_user(self.user_sales)
        self.assertTrue(Option.search([("category", "=", "customer_category")]))
        with self.assertRaises(AccessError):
            Option.create({"category": "vehicle_model", "code": "X", "name": "X"})
        with self.assertRaises(AccessError):
            self.category_direct.with_user(self.user_sales).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.category_direct.with_user(self.user_sales).unlink()

    # Archive officer (quality, process, service)
    def test_officer_edits_every_customer(self):
        self.other_customer.with_user(self.user_officer).write({"customer_level": "b"})
        self.assertEqual(self.other_customer.customer_level, "b")
        self.env["res.partner"].with_user(self.user_officer).create(
            {"name": "Feedback Reporter", "parent_id": self.other_customer.id, "type": "reporter"}
        )

    def test_officer_cannot_change_base_data(self):
        with self.assertRaises(AccessError):
            self.env["customer.archive.option"].with_user(self.user_officer).create(
                {"category": "packaging", "code": "Y", "name": "Y"}
            )

    # Archive manager
    def test_manager_maintains_base_data(self):
        Option = self.env["customer.archive.option"].with_user(self.user_manager)
        option = Option.create({"category": "packaging", "code": "WOOD", "name": "Wooden Crate"})
        option.write({"name": "Wooden Box"})
        option.action_archive()
        self.assertFalse(option.active)
        option.unlink()
        self.assertFalse(option.exists())

    # Plain employees (other apps) keep Odoo's defaults
    def test_plain_employee_keeps_default_partner_access(self):
        """Users outside the archive groups keep Odoo's own partner rights."""
        self.user_plain.group_ids = [Command.link(self.env.ref("base.group_partner_manager").id)]
        self.other_customer.with_user(self.user_plain).write({"comment": "<p>visited</p>"})
        self.assertIn("visited", self.other_customer.comment)
        with self.assertRaises(AccessError):
            self.env["customer.archive.option"].with_user(self.user_plain).create(
                {"category": "packaging", "code": "Z", "name": "Z"}
            )

    def test_menu_visible_to_archive_groups_only(self):
        root = self.env.ref("crm_customer_archive.customer_archive_menu_root")
        config = self.env.ref("crm_customer_archive.customer_archive_menu_configuration")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(root.id, Menu.with_user(self.user_plain)._visible_menu_ids())
        self.assertIn(root.id, Menu.with_user(self.user_sales)._visible_menu_ids())
        self.assertNotIn(config.id, Menu.with_user(self.user_officer)._visible_menu_ids())
        self.assertIn(config.id, Menu.with_user(self.user_manager)._visible_menu_ids())

    # Multi-company
    def test_options_of_other_company_hidden(self):
        Option = self.env["customer.archive.option"].with_user(self.user_manager)
        self.assertNotIn(self.option_other_company, Option.search([("category", "=", "vehicle_model")]))
        shared = self.env.ref("crm_customer_archive.option_vehicle_model_suv")
        self.assertIn(shared, Option.search([("category", "=", "vehicle_model")]))
