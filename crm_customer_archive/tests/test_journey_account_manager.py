"""The account manager's day through the rendered web client, in Chinese:
claim a prospect from the customer pool, log the visit, open an opportunity
and win it (issue 16)."""

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BrowserTourCase, CustomerArchiveCase

# Odoo's own screens the journey crosses (CRM's opportunity form), and ours.
TRANSLATED_MODULES = ["base", "web", "mail", "crm", "sales_team", "crm_customer_archive"]


@tagged("post_install", "-at_install")
class TestAccountManagerDay(BrowserTourCase, CustomerArchiveCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(TRANSLATED_MODULES)
        cls.user_manager_day = new_test_user(
            cls.env,
            "journey_am_day",
            name="赵客户经理",
            groups="crm_customer_archive.group_archive_user,sales_team.group_sale_salesman",
            lang="zh_CN",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.prospect = cls.env["res.partner"].create(
            {
                "name": "烟台新材料科技有限公司",
                "is_company": True,
                "archive_state": "prospect",
                "company_id": cls.company.id,
            }
        )

    def test_claim_visit_and_win(self):
        self.assertTrue(self.prospect.in_pool)
        self.start_tour(
            "/odoo/customer-archive", "crm_customer_archive_journey_account_manager_day", login="journey_am_day"
        )
        self.assertEqual(self.prospect.user_id, self.user_manager_day, "claimed from the pool")
        self.assertEqual(self.prospect.archive_state, "active", "won its first opportunity")
        moves = self.env["customer.pool.move"].search([("partner_id", "=", self.prospect.id)])
        self.assertEqual(moves.mapped("action"), ["claim"])
        visit = self.env["customer.followup"].search([("partner_id", "=", self.prospect.id)])
        self.assertRecordValues(
            visit,
            [
                {
                    "state": "done",
                    "method": "visit",
                    "user_id": self.user_manager_day.id,
                    "next_step": "寄送试样并报价",
                }
            ],
        )
        self.assertIn("3000 吨", visit.result)
        lead = self.env["crm.lead"].search([("partner_id", "=", self.prospect.id)])
        self.assertRecordValues(
            lead,
            [{"name": "2027 年冲压件年度供货", "expected_revenue": 1200000.0, "won_status": "won"}],
        )
