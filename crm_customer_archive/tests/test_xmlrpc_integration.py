"""An ERP integration client talking XML-RPC to the running test server.

It sees the addon only through its public names (res.partner: ref,
customer_category_id, customer_level, archive_state,
id_number, birthdate; customer.archive.option: category, code, name).
"""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestErpIntegrationClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration_user = new_test_user(
            cls.env,
            "erp_integration",
            groups="crm_customer_archive.group_archive_user",
            name="ERP Integration",
        )

    def setUp(self):
        super().setUp()
        # Odoo 19 logs that /xmlrpc is deprecated (removal planned for 22).
        self.enterContext(mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http"))
        self.db = self.env.cr.dbname
        self.uid = self.xmlrpc_common.authenticate(self.db, "erp_integration", "erp_integration", {})
        self.assertTrue(self.uid, "the integration user logs in over XML-RPC")

    def call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(self.db, self.uid, "erp_integration", model, method, list(args), kwargs)

    def test_create_customer_with_two_contacts_and_read_it_back(self):
        [category_id] = self.call(
            "customer.archive.option", "search", [("category", "=", "customer_category"), ("code", "=", "STR")]
        )
        partner_id = self.call(
            "res.partner",
            "create",
            {
                "name": "华东汽车零部件有限公司",
                "is_company": True,
                "user_id": self.uid,
                "customer_category_id": category_id,
                "customer_level": "a",
                "archive_state": "active",
                "phone": "021-69571234",
                "email": "purchase@hdqp.example.cn",
                # Raw x2many commands: an XML-RPC client has no odoo.fields.Command.
                "child_ids": [
                    (0, 0, {"name": "孙浩", "function": "采购总监", "phone": "13816002001"}),
                    (0, 0, {"name": "周静", "function": "材料工程师", "email": "zhoujing@hdqp.example.cn"}),
                ],
            },
        )
        [customer] = self.call(
            "res.partner",
            "read",
            [partner_id],
            fields=["ref", "customer_category_id", "customer_level", "archive_state", "child_ids"],
        )
        self.assertTrue(customer["ref"], "a customer code was assigned")
        self.assertEqual(customer["customer_category_id"][0], category_id)
        self.assertEqual((customer["customer_level"], customer["archive_state"]), ("a", "active"))
        self.assertEqual(len(customer["child_ids"]), 2)

        [found] = self.call("res.partner", "search_read", [("ref", "=", customer["ref"])], fields=["name"])
        self.assertEqual(found["name"], "华东汽车零部件有限公司")
        contacts = self.call(
            "res.partner",
            "search_read",
            [("parent_id", "=", partner_id)],
            fields=["name", "function", "id_number"],
            order="name",
        )
        self.assertEqual(sorted(c["name"] for c in contacts), ["周静", "孙浩"])
        self.assertEqual({c["id_number"] for c in contacts}, {False})

    def test_bad_input_answers_a_clear_error(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call("res.partner", "create", {"name": "Bad Phone Co", "is_company": True, "phone": "12"})
        self.assertIn("The phone number 12", caught.exception.faultString)
        self.assertFalse(self.call("res.partner", "search", [("name", "=", "Bad Phone Co")]))

    def test_personal_data_refused_without_the_group(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call("res.partner", "create", {"name": "王五", "id_number": "11010519491231002X"})
        self.assertIn("personal data", caught.exception.faultString)
