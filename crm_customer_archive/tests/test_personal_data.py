from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import VALID_ID_BIRTHDATE, VALID_ID_NUMBER, CustomerArchiveCase

MASKED = "110105********002X"


@tagged("post_install", "-at_install")
class TestPersonalData(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales_2.group_ids = [Command.link(cls.env.ref("base.group_allow_export").id)]

    def test_masked_in_read_and_search_read(self):
        contact = self.contact.with_user(self.user_sales_2)
        self.assertEqual(contact.id_number, MASKED)
        self.assertFalse(contact.birthdate)
        self.assertEqual(contact.birthdate_masked, "1949-**-**")
        [values] = contact.read(["id_number", "birthdate", "birthdate_masked"])
        self.assertEqual(
            (values["id_number"], values["birthdate"], values["birthdate_masked"]), (MASKED, False, "1949-**-**")
        )
        [values] = (
            self.env["res.partner"]
            .with_user(self.user_sales_2)
            .search_read([("id", "=", self.contact.id)], ["id_number", "birthdate"])
        )
        self.assertEqual(values["id_number"], MASKED)
        self.assertFalse(values["birthdate"])

    def test_masked_in_web_read(self):
        [values] = self.contact.with_user(self.user_sales_2).web_read({"id_number": {}, "birthdate_masked": {}})
        self.assertEqual(values["id_number"], MASKED)

    def test_export_refused_not_masked(self):
        """Exporting the ID number or birth date needs the Personal Data group
        (not even masked: the export of such a column is refused)."""
        with self.assertRaisesRegex(AccessError, "reserved to the group “Personal Data”"):
            self.contact.with_user(self.user_sales_2).export_data(["name", "id_number", "birthdate"])

    def test_full_value_with_personal_data_group(self):
        contact = self.contact.with_user(self.user_privacy)
        self.assertEqual(contact.id_number, VALID_ID_NUMBER)
        self.assertEqual(str(contact.birthdate), VALID_ID_BIRTHDATE)
        self.assertEqual(contact.birthdate_masked, VALID_ID_BIRTHDATE)
        rows = contact.export_data(["id_number", "birthdate"])["datas"]
        self.assertEqual(rows[0][0], VALID_ID_NUMBER)
        self.assertEqual(str(rows[0][1]), VALID_ID_BIRTHDATE)

    def test_stored_values_hidden_from_other_users(self):
        with self.assertRaises(AccessError):
            self.contact.with_user(self.user_sales_2).read(["private_id_number"])
        fields = self.env["res.partner"].with_user(self.user_sales_2).fields_get()
        self.assertNotIn("private_id_number", fields)
        self.assertNotIn("private_birthdate", fields)
        self.assertIn("id_number", fields)

    def test_write_refused_without_group(self):
        contact = self.contact.with_user(self.user_sales)
        with self.assertRaisesMessage(AccessError, "personal data"):
            contact.write({"id_number": "110105194912310038"})
        with self.assertRaisesMessage(AccessError, "personal data"):
            contact.write({"birthdate": "1949-12-30"})
        self.contact.invalidate_recordset()
        self.assertEqual(self.contact.id_number, VALID_ID_NUMBER)
        self.assertEqual(str(self.contact.birthdate), VALID_ID_BIRTHDATE)

    def test_masked_value_echoed_back_is_refused(self):
        """The form shows the masked value read-only and never sends it; a
        client that does is refused like any other value (no oracle)."""
        with self.assertRaisesMessage(AccessError, "personal data"):
            self.contact.with_user(self.user_sales).write({"id_number": MASKED, "function": "经理"})
        self.contact.invalidate_recordset()
        self.assertEqual(self.contact.id_number, VALID_ID_NUMBER)
        self.assertFalse(self.contact.function == "经理")

    def test_write_with_group(self):
        self.contact.with_user(self.user_privacy).write({"id_number": "110105194912310038"})
        self.assertEqual(self.contact.id_number, "110105194912310038")

    def test_search_by_id_number(self):
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.with_user(self.user_privacy).search([("id_number", "=", VALID_ID_NUMBER)]), self.contact
        )
        with self.assertRaisesMessage(AccessError, "personal data"):
            Partner.with_user(self.user_sales).search([("id_number", "=", VALID_ID_NUMBER)])
        with self.assertRaisesMessage(AccessError, "personal data"):
            Partner.with_user(self.user_sales).search([("birthdate", "<", "1950-01-01")])

    def test_personal_data_not_copied(self):
        copy = self.contact.copy()
        self.assertFalse(copy.id_number)
        self.assertFalse(copy.birthdate)


@tagged("post_install", "-at_install")
class TestPersonalDataRpc(CustomerArchiveCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.enterContext(mute_logger("odoo.addons.rpc.controllers.xmlrpc"))

    def _rpc_read(self, user):
        # An API key: with two-factor login (Personal Data) a password is refused over RPC.
        apikeys = self.env["res.users.apikeys"].with_user(user)
        key = apikeys._generate(None, "rpc", self.env.cr.now() + timedelta(days=1))
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, key, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            key,
            "res.partner",
            "read",
            [[self.contact.id]],
            {"fields": ["id_number", "birthdate"]},
        )[0]

    def test_xmlrpc_masked_without_group(self):
        values = self._rpc_read(self.user_sales_2)
        self.assertEqual(values["id_number"], MASKED)
        self.assertFalse(values["birthdate"])

    def test_xmlrpc_full_with_group(self):
        values = self._rpc_read(self.user_privacy)
        self.assertEqual(values["id_number"], VALID_ID_NUMBER)
        self.assertEqual(str(values["birthdate"]), VALID_ID_BIRTHDATE)
