from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveOption(CustomerArchiveCase):
    def test_seeded_lists(self):
        Option = self.env["customer.archive.option"]
        categories = {category for category, _label in Option._fields["category"].selection}
        seeded = set(Option.search([]).mapped("category"))
        self.assertEqual(seeded, categories, "every list of the base data is pre-loaded")
        names = Option.search([("category", "=", "customer_category")]).mapped("code")
        self.assertEqual(names, ["AGR", "DIR", "STR", "DST"])

    def test_delete_unused_option(self):
        option = self.env["customer.archive.option"].create(
            {"category": "welding_method", "code": "FSW", "name": "Friction Stir Welding"}
        )
        option.unlink()
        self.assertFalse(option.exists())

    def test_delete_option_in_use_refused(self):
        with self.assertRaisesMessage(UserError, 'is used by 1 record\\(s\\) of "Contact" and cannot be deleted'):
            self.category_direct.unlink()
        self.assertTrue(self.category_direct.exists())

    def test_delete_option_used_by_archived_record_refused(self):
        self.customer.action_archive()
        with self.assertRaisesMessage(UserError, "Archive it instead"):
            self.category_direct.unlink()

    def test_option_in_use_can_be_archived(self):
        self.category_direct.action_archive()
        self.assertFalse(self.category_direct.active)
        self.assertEqual(self.customer.customer_category_id, self.category_direct)

    @mute_logger("odoo.sql_db")
    def test_duplicate_code_in_one_list_refused(self):
        Option = self.env["customer.archive.option"]
        with self.assertRaises(IntegrityError) as caught:
            Option.create({"category": "customer_category", "code": "DIR", "name": "Duplicate"})
        # The message a user or an RPC client receives for this database error:
        self.assertEqual(
            Option._sql_error_to_message(caught.exception), "An option with this code already exists in this list."
        )
        self.assertEqual(Option.search_count([("code", "=", "DIR"), ("category", "=", "customer_category")]), 1)

    def test_same_code_in_two_lists(self):
        option = self.env["customer.archive.option"].create(
            {"category": "packaging", "code": "DIR", "name": "Direct Packaging"}
        )
        self.assertEqual(option.code, "DIR")

    def test_display_name_with_code(self):
        option = self.category_direct.with_context(show_option_code=True)
        self.assertEqual(option.display_name, "[DIR] Direct-Supply Customer")
