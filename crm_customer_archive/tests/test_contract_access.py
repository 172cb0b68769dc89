from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerContractCase


@tagged("post_install", "-at_install")
class TestContractAccess(CustomerContractCase):
    """Who reads and changes contracts, as the real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_contract = cls.create_contract(user=cls.user_sales)
        cls.others_contract = cls.create_contract(user=cls.env.user, partner=cls.other_customer, user_id=False)
        cls.user_salesman_only = new_test_user(cls.env, "salesman_only", groups="sales_team.group_sale_salesman")

    def test_account_manager(self):
        Contract = self.env["customer.contract"].with_user(self.user_sales)
        # reads every contract ...
        self.assertEqual(
            Contract.search([("id", "in", (self.own_contract | self.others_contract).ids)]),
            self.own_contract | self.others_contract,
        )
        # ... changes those of the customers it manages
        self.own_contract.with_user(self.user_sales).title = "修订后的合同"
        self.own_contract.line_ids[0].with_user(self.user_sales).quantity = 120.0
        with self.assertRaises(AccessError):
            self.others_contract.with_user(self.user_sales).title = "不该改"
        with self.assertRaises(AccessError):
            self.others_contract.line_ids[0].with_user(self.user_sales).quantity = 1.0
        with self.assertRaises(AccessError):
            self.create_contract(user=self.user_sales, partner=self.other_customer, user_id=False)
        with self.assertRaises(AccessError):
            self.others_contract.with_user(self.user_sales).unlink()
        self.assertEqual(self.others_contract.line_ids[0].quantity, 100.0)
        # being made responsible for a contract lets one change it
        self.others_contract.user_id = self.user_sales
        self.others_contract.with_user(self.user_sales).title = "负责人可改"

    def test_officer_changes_every_contract(self):
        self.others_contract.with_user(self.user_officer).title = "质量部修改"
        self.others_contract.with_user(self.user_officer).action_activate()
        self.assertEqual(self.others_contract.state, "active")

    def test_salesman_reads_only(self):
        contract = self.own_contract.with_user(self.user_salesman_only)
        self.assertEqual(contract.amount_total, 700000.0)
        with self.assertRaises(AccessError):
            contract.title = "销售员不能改"
        with self.assertRaises(AccessError):
            self.create_contract(user=self.user_salesman_only)

    def test_plain_employee_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.own_contract.with_user(self.user_plain).read(["name"])
        with self.assertRaises(AccessError):
            self.env["customer.contract.line"].with_user(self.user_plain).search([])

    def test_portal_reads_own_signed_contracts_only(self):
        portal = new_test_user(self.env, "portal_hbqc", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        self.own_contract.action_activate()
        draft = self.create_contract()
        self.others_contract.action_activate()
        Contract = self.env["customer.contract"].with_user(portal)
        self.assertEqual(Contract.search([]), self.own_contract)
        self.assertEqual(self.env["customer.contract.line"].with_user(portal).search([]), self.own_contract.line_ids)
        for hidden in (draft, self.others_contract):
            with self.assertRaises(AccessError):
                hidden.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.own_contract.with_user(portal).title = "客户不能改"

    def test_other_company_hidden(self):
        partner = self.env["res.partner"].create({"name": "其他公司客户", "is_company": True})
        foreign = self.create_contract(user=self.env.user, partner=partner, company_id=self.other_company.id)
        self.assertFalse(self.env["customer.contract"].with_user(self.user_officer).search([("id", "=", foreign.id)]))
