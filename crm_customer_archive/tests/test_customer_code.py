from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestCustomerCode(CustomerArchiveCase):
    def setUp(self):
        super().setUp()
        self.sequence = self.env.ref("crm_customer_archive.seq_customer_code")
        self.Partner = self.env["res.partner"]

    def test_code_assigned_from_sequence(self):
        self.sequence.write({"prefix": "KH", "padding": 4, "number_next_actual": 42})
        partner = self.Partner.create({"name": "Sequence Test Co", "is_company": True})
        self.assertEqual(partner.ref, "KH0042")
        second = self.Partner.create({"name": "Sequence Test Co 2", "is_company": True})
        self.assertEqual(second.ref, "KH0043")

    def test_code_kept_when_given(self):
        partner = self.Partner.create({"name": "Given Code Co", "is_company": True, "ref": "X-001"})
        self.assertEqual(partner.ref, "X-001")

    def test_no_code_for_contacts_and_persons(self):
        contact = self.Partner.create({"name": "Contact", "parent_id": self.customer.id})
        person = self.Partner.create({"name": "Private Person"})
        self.assertFalse(contact.ref)
        self.assertFalse(person.ref)

    def test_sequence_skips_code_typed_by_hand(self):
        self.sequence.write({"prefix": "Z", "padding": 3, "number_next_actual": 7})
        self.Partner.create({"name": "Hand Typed", "is_company": True, "ref": "Z007"})
        partner = self.Partner.create({"name": "Next", "is_company": True})
        self.assertEqual(partner.ref, "Z008")

    def test_duplicate_code_refused_on_create(self):
        self.Partner.create({"name": "First", "is_company": True, "ref": "DUP-1"})
        count = self.Partner.search_count([])
        with self.assertRaisesMessage(ValidationError, "The customer code DUP-1 is already used"):
            self.Partner.create({"name": "Second", "is_company": True, "ref": "DUP-1"})
        self.assertEqual(self.Partner.search_count([]), count, "nothing must be written")

    def test_duplicate_code_refused_inside_one_batch(self):
        with self.assertRaisesMessage(ValidationError, "The customer code BATCH is already used"):
            self.Partner.create(
                [
                    {"name": "A", "is_company": True, "ref": "BATCH"},
                    {"name": "B", "is_company": True, "ref": "BATCH"},
                ]
            )
        self.assertFalse(self.Partner.search([("ref", "=", "BATCH")]))

    def test_duplicate_code_refused_on_write(self):
        first = self.Partner.create({"name": "First", "is_company": True, "ref": "W-1"})
        second = self.Partner.create({"name": "Second", "is_company": True, "ref": "W-2"})
        with self.assertRaisesMessage(ValidationError, "The customer code W-1 is already used"):
            second.write({"ref": "W-1"})
        second.invalidate_recordset()
        self.assertEqual(second.ref, "W-2")
        self.assertEqual(first.ref, "W-1")

    def test_same_code_in_two_companies(self):
        first = self.Partner.create({"name": "Mine", "is_company": True, "ref": "MC-1", "company_id": self.company.id})
        other = self.Partner.create(
            {"name": "Theirs", "is_company": True, "ref": "MC-1", "company_id": self.other_company.id}
        )
        self.assertEqual((first.ref, other.ref), ("MC-1", "MC-1"))
        with self.assertRaisesMessage(ValidationError, "MC-1"):
            self.Partner.create(
                {"name": "Mine again", "is_company": True, "ref": "MC-1", "company_id": self.company.id}
            )
        with self.assertRaisesMessage(ValidationError, "MC-1"):
            other.write({"company_id": self.company.id})

    def test_contacts_may_share_a_code(self):
        """Only commercial partners carry customer codes; contacts are free."""
        self.Partner.create({"name": "Top", "is_company": True, "ref": "SHARED"})
        contact = self.Partner.create({"name": "Child", "parent_id": self.customer.id, "ref": "SHARED"})
        self.assertEqual(contact.ref, "SHARED")

    def test_database_index_guards_the_code(self):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'res_partner_customer_code_unique'")
        (definition,) = self.env.cr.fetchone()
        self.assertIn("UNIQUE", definition)
        self.assertIn("parent_id IS NULL", definition)

    def test_only_managers_change_a_code(self):
        code = self.customer.ref
        self.assertTrue(code)
        with self.assertRaisesMessage(AccessError, "Only archive managers may change a customer code"):
            self.customer.with_user(self.user_sales).write({"ref": "NEW-CODE"})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_officer).write({"ref": "NEW-CODE"})
        self.assertEqual(self.customer.ref, code)
        self.customer.with_user(self.user_manager).write({"ref": "NEW-CODE"})
        self.assertEqual(self.customer.ref, "NEW-CODE")

    def test_can_edit_customer_code_flag(self):
        self.assertFalse(self.customer.with_user(self.user_sales).can_edit_customer_code)
        self.assertTrue(self.customer.with_user(self.user_manager).can_edit_customer_code)
        person = self.Partner.create({"name": "Without Code"})
        self.assertTrue(person.with_user(self.user_sales).can_edit_customer_code)
