from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCase
from .helpers import load_chinese


class CustomerPoolCase(CustomerArchiveCase):
    """Three prospects in the customer pool (no account manager) and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"pool_claim_limit": 2, "pool_return_days": 30, "pool_notice_days": 5})
        cls.pool = cls.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "archive_state": "prospect", "company_id": cls.company.id}
                for name in ("东北冲压件有限公司", "华东汽配股份有限公司", "西南车身有限公司")
            ]
        )
        cls.prospect_1, cls.prospect_2, cls.prospect_3 = cls.pool
        cls.Move = cls.env["customer.pool.move"]

    def moves(self, partners, action=None):
        domain = [("partner_id", "in", partners.ids)]
        if action:
            domain.append(("action", "=", action))
        return self.Move.search(domain)

    def return_notices(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref("crm_customer_archive.mail_activity_type_pool_return").id),
            ]
        )


@tagged("post_install", "-at_install")
class TestCustomerPoolClaim(CustomerPoolCase):
    def test_pool_holds_unassigned_prospects_only(self):
        in_pool = self.env["res.partner"].search(
            [("in_pool", "=", True), ("id", "in", (self.pool | self.customer).ids)]
        )
        self.assertEqual(in_pool, self.pool)
        self.assertFalse(self.customer.in_pool, "an active customer is not in the pool")

    @freeze_time("2027-03-01")
    def test_claim_within_limit(self):
        (self.prospect_1 | self.prospect_2).with_user(self.user_sales_2).action_claim()
        for prospect in self.prospect_1 | self.prospect_2:
            self.assertEqual(prospect.user_id, self.user_sales_2)
            self.assertEqual(prospect.pool_date, date(2027, 3, 1))
            self.assertFalse(prospect.in_pool)
        moves = self.moves(self.pool, "claim")
        self.assertEqual(len(moves), 2)
        self.assertEqual(moves.to_user_id, self.user_sales_2)
        self.assertFalse(moves.from_user_id)

    def test_claim_above_limit_writes_nothing(self):
        self.prospect_1.with_user(self.user_sales_2).action_claim()
        with self.assertRaisesMessage(UserError, "at most 2 prospects: you hold 1 and want to claim 2"):
            (self.prospect_2 | self.prospect_3).with_user(self.user_sales_2).action_claim()
        self.assertFalse((self.prospect_2 | self.prospect_3).user_id)
        self.assertFalse(self.moves(self.prospect_2 | self.prospect_3))

    def test_claim_limit_message_in_chinese(self):
        load_chinese(self.env)
        with self.assertRaisesMessage(UserError, "您最多可持有 2 个潜在客户"):
            self.pool.with_user(self.user_sales_2).with_context(lang="zh_CN").action_claim()

    def test_claim_of_taken_prospect(self):
        self.prospect_1.with_user(self.user_sales).action_claim()
        with self.assertRaisesMessage(UserError, "no longer in the customer pool"):
            self.prospect_1.with_user(self.user_sales_2).action_claim()
        self.assertEqual(self.prospect_1.user_id, self.user_sales)
        self.assertEqual(len(self.moves(self.prospect_1)), 1)

    def test_direct_write_cannot_bypass_the_limit(self):
        """Writing the account manager (form, import, API) is a claim too."""
        self.prospect_1.with_user(self.user_sales_2).action_claim()
        self.prospect_2.with_user(self.user_sales_2).write({"user_id": self.user_sales_2.id})
        self.assertEqual(self.moves(self.prospect_2, "claim").to_user_id, self.user_sales_2)
        with self.assertRaisesMessage(UserError, "at most 2 prospects"):
            self.prospect_3.with_user(self.user_sales_2).write({"user_id": self.user_sales_2.id})
        self.assertFalse(self.prospect_3.user_id)
        # Nor by giving a pool prospect to a colleague: officers assign.
        with self.assertRaisesMessage(UserError, "Only archive officers assign"):
            self.prospect_3.with_user(self.user_sales_2).write({"user_id": self.user_sales.id})
        self.assertFalse(self.prospect_3.user_id)

    def test_officer_assigns_and_release(self):
        self.prospect_3.with_user(self.user_officer).write({"user_id": self.user_sales.id})
        self.assertEqual(self.moves(self.prospect_3, "assign").to_user_id, self.user_sales)
        self.assertTrue(self.prospect_3.pool_date)
        with self.assertRaisesMessage(UserError, "Only your own prospects"):
            self.prospect_3.with_user(self.user_sales_2).action_release()
        self.prospect_3.with_user(self.user_sales).action_release()
        self.assertTrue(self.prospect_3.in_pool)
        self.assertFalse(self.prospect_3.pool_date)
        self.assertEqual(self.moves(self.prospect_3, "release").from_user_id, self.user_sales)

    def test_settings_refuse_non_positive_values(self):
        for field in ("pool_claim_limit", "pool_return_days", "pool_notice_days"):
            with self.subTest(field=field), self.assertRaisesMessage(ValidationError, "must be at least 1"):
                self.company.write({field: 0})
        self.assertEqual(self.company.pool_claim_limit, 2)


@tagged("post_install", "-at_install")
class TestCustomerPoolReturn(CustomerPoolCase):
    def run_cron(self, day):
        with freeze_time(day):
            self.env["res.partner"]._cron_customer_pool()

    def test_return_after_days_with_one_notice_before(self):
        with freeze_time("2027-03-01"):
            self.prospect_1.with_user(self.user_sales).action_claim()
        self.run_cron("2027-03-25")  # 24 days: nothing yet
        self.assertFalse(self.return_notices(self.prospect_1))
        self.run_cron("2027-03-26")  # 25 days: 5 days before the return
        notice = self.return_notices(self.prospect_1)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.user_id, self.user_sales)
        self.assertEqual(notice.date_deadline, date(2027, 3, 31))
        self.assertIn("2027-03-31", str(notice.note))
        self.run_cron("2027-03-27")
        self.run_cron("2027-03-28")
        self.assertEqual(len(self.return_notices(self.prospect_1)), 1, "one notice, not one a day")
        self.assertEqual(self.prospect_1.user_id, self.user_sales)

        self.run_cron("2027-03-31")  # 30 days: back to the pool
        self.assertTrue(self.prospect_1.in_pool)
        self.assertFalse(self.prospect_1.pool_date)
        move = self.moves(self.prospect_1, "returned")
        self.assertEqual(move.from_user_id, self.user_sales)
        self.assertFalse(self.return_notices(self.prospect_1), "the notice is obsolete")
        self.assertIn("Returned to the customer pool", self.prospect_1.message_ids[0].body)

    def test_followup_resets_the_clock(self):
        with freeze_time("2027-03-01"):
            self.prospect_1.with_user(self.user_sales).action_claim()
            (self.prospect_2 | self.prospect_3).with_user(self.user_sales_2).action_claim()
        followup = (
            self.env["customer.followup"]
            .with_user(self.user_sales)
            .create(
                {
                    "name": "初次拜访",
                    "partner_id": self.prospect_1.id,
                    "method": "visit",
                    "date_start": datetime(2027, 3, 20, 2, 0),
                    "date_end": datetime(2027, 3, 20, 4, 0),
                    "result": "了解冲压件需求",
                }
            )
        )
        with freeze_time("2027-03-20 05:00:00"):  # done once it has started
            followup.action_done()
        # A planned (not done) follow-up does not count.
        self.env["customer.followup"].with_user(self.user_sales_2).create(
            {"name": "计划拜访", "partner_id": self.prospect_2.id, "date_start": datetime(2027, 3, 25, 2, 0)}
        )
        self.run_cron("2027-03-31")
        self.assertEqual(self.prospect_1.user_id, self.user_sales, "followed up on 03-20: 11 days only")
        self.assertTrue(all((self.prospect_2 | self.prospect_3).mapped("in_pool")))
        self.run_cron("2027-04-14")  # 25 days after the follow-up: the notice
        self.assertEqual(self.return_notices(self.prospect_1).date_deadline, date(2027, 4, 19))
        self.run_cron("2027-04-19")
        self.assertTrue(self.prospect_1.in_pool)

    def cron_queries(self, day):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.run_cron(day)
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_cron_queries_do_not_grow_with_prospects(self):
        """The prospects due are found in one query and returned in a constant
        number of queries. (Each return notice is an activity Odoo mails to its
        assignee: that part grows with the notices, as any activity does.)"""
        self.company.pool_claim_limit = 3
        with freeze_time("2027-02-01"):
            self.prospect_3.with_user(self.user_sales).action_claim()
        self.cron_queries("2027-03-03")  # first return: caches warmed up
        with freeze_time("2027-03-05"):
            self.prospect_1.with_user(self.user_sales).action_claim()
        returned_one = self.cron_queries("2027-04-04")
        with freeze_time("2027-04-05"):
            self.pool.with_user(self.user_sales).action_claim()
        returned_three = self.cron_queries("2027-05-05")
        self.assertTrue(all(self.pool.mapped("in_pool")))
        self.assertEqual(returned_three, returned_one)


@tagged("post_install", "-at_install")
class TestCustomerHandover(CustomerPoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect_1.with_user(cls.user_sales).action_claim()
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "2027 冲压件用钢",
                "type": "opportunity",
                "partner_id": cls.prospect_1.id,
                "user_id": cls.user_sales.id,
                "expected_revenue": 500000.0,
            }
        )
        cls.others_opportunity = cls.env["crm.lead"].create(
            {
                "name": "样件",
                "type": "opportunity",
                "partner_id": cls.prospect_1.id,
                "user_id": cls.user_officer.id,
                "expected_revenue": 20000.0,
            }
        )
        todo = "mail.mail_activity_data_todo"
        cls.partner_activity = cls.prospect_1.activity_schedule(todo, user_id=cls.user_sales.id, summary="回访")
        cls.officer_activity = cls.prospect_1.activity_schedule(todo, user_id=cls.user_officer.id, summary="审核")
        cls.lead_activity = cls.opportunity.activity_schedule(todo, user_id=cls.user_sales.id, summary="报价")

    def handover(self, user, values):
        wizard = (
            self.env["customer.handover"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=self.prospect_1.ids)
            .create(values)
        )
        return wizard.action_handover()

    def test_handover_moves_activities_and_opportunities(self):
        self.handover(self.user_officer, {"user_id": self.user_sales_2.id, "note": "客户关注交期"})
        self.assertEqual(self.prospect_1.user_id, self.user_sales_2)
        self.assertEqual(self.partner_activity.user_id, self.user_sales_2)
        self.assertEqual(self.lead_activity.user_id, self.user_sales_2)
        self.assertEqual(self.officer_activity.user_id, self.user_officer, "others' activities stay theirs")
        self.assertEqual(self.opportunity.user_id, self.user_sales_2)
        self.assertEqual(self.others_opportunity.user_id, self.user_officer)
        move = self.moves(self.prospect_1, "handover")
        self.assertRecordValues(
            move, [{"from_user_id": self.user_sales.id, "to_user_id": self.user_sales_2.id, "note": "客户关注交期"}]
        )
        self.assertIn("客户关注交期", self.prospect_1.message_ids[0].body)

    def test_handover_without_new_manager_or_note_is_refused(self):
        with self.assertRaisesMessage(UserError, "Choose the new account manager"):
            self.handover(self.user_officer, {"note": "客户关注交期"})
        with self.assertRaisesMessage(UserError, "Write a hand-over note"):
            self.handover(self.user_officer, {"user_id": self.user_sales_2.id, "note": "  "})
        self.assertEqual(self.prospect_1.user_id, self.user_sales)
        self.assertEqual(self.partner_activity.user_id, self.user_sales)
        self.assertFalse(self.moves(self.prospect_1, "handover"))

    def test_account_manager_cannot_hand_over(self):
        with self.assertRaises(AccessError):
            self.handover(self.user_sales, {"user_id": self.user_sales_2.id, "note": "交给同事"})
        self.assertEqual(self.prospect_1.user_id, self.user_sales)


@tagged("post_install", "-at_install")
class TestProspectsOnCrm(CustomerPoolCase):
    def test_winning_the_first_opportunity_activates_the_customer(self):
        self.prospect_1.with_user(self.user_sales).action_claim()
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales)
            .create(
                {
                    "name": "车身件用钢",
                    "type": "opportunity",
                    "partner_id": self.prospect_1.id,
                    "expected_revenue": 800000.0,
                }
            )
        )
        self.assertEqual(self.prospect_1.with_user(self.user_sales).open_opportunity_revenue, 800000.0)
        lead.with_user(self.user_sales).action_set_won()
        self.prospect_1.invalidate_recordset()
        self.assertEqual(self.prospect_1.archive_state, "active")
        self.assertIn("车身件用钢", self.prospect_1.message_ids[0].body)
        self.assertEqual(self.prospect_1.with_user(self.user_sales).open_opportunity_revenue, 0.0)

    def test_customer_from_a_lead_enters_as_prospect(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales)
            .create(
                {"name": "展会线索", "type": "lead", "partner_name": "西北新能源汽车有限公司", "contact_name": "王强"}
            )
        )
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.user_sales)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        )
        wizard.name = "convert"
        wizard.action = "create"
        wizard.save().action_apply()
        customer = lead.partner_id.commercial_partner_id
        self.assertEqual(customer.name, "西北新能源汽车有限公司")
        self.assertEqual(customer.archive_state, "prospect")
        self.assertEqual(customer.user_id, self.user_sales)
        self.assertTrue(customer.pool_date)
        self.assertFalse(lead.partner_id.archive_state, "the contact is not a customer of its own")

    def test_won_opportunity_of_an_active_customer_changes_nothing(self):
        self.customer.archive_state = "dormant"
        lead = self.env["crm.lead"].create({"name": "复购", "type": "opportunity", "partner_id": self.contact.id})
        lead.action_set_won()
        self.assertEqual(self.customer.archive_state, "dormant")


@tagged("post_install", "-at_install")
class TestCompetitors(CustomerPoolCase):
    def test_share_out_of_range_is_refused(self):
        Competitor = self.env["customer.competitor"].with_user(self.user_sales)
        for share in (-1.0, 100.5):
            with self.subTest(share=share), self.assertRaisesMessage(ValidationError, "between 0 and 100"):
                Competitor.create({"partner_id": self.customer.id, "competitor_name": "宝钢", "share": share})
        self.assertFalse(self.customer.competitor_ids)

    def test_competitors_and_strategy_as_real_users(self):
        competitor = (
            self.env["customer.competitor"]
            .with_user(self.user_sales)
            .create(
                {
                    "partner_id": self.customer.id,
                    "competitor_name": "宝钢",
                    "products": "DC04 冷轧卷",
                    "share": 60.0,
                    "price_level": "higher",
                    "strengths": "质量稳定",
                }
            )
        )
        self.customer.with_user(self.user_sales).customer_strategy = "<p>争取 50% 份额</p>"
        # Another account manager reads them but changes nothing.
        self.assertEqual(competitor.with_user(self.user_sales_2).competitor_name, "宝钢")
        with self.assertRaises(AccessError):
            competitor.with_user(self.user_sales_2).write({"share": 10.0})
        with self.assertRaises(AccessError):
            self.env["customer.competitor"].with_user(self.user_sales_2).create(
                {"partner_id": self.customer.id, "competitor_name": "鞍钢", "share": 10.0}
            )
        competitor.with_user(self.user_officer).write({"share": 55.0})
        self.assertEqual(competitor.share, 55.0)

    def test_competitor_not_moved_to_another_managers_customer(self):
        competitor = (
            self.env["customer.competitor"]
            .with_user(self.user_sales_2)
            .create({"partner_id": self.other_customer.id, "competitor_name": "宝钢", "share": 40.0})
        )
        with self.assertRaises(AccessError):
            competitor.write({"partner_id": self.customer.id})
        self.assertEqual(competitor.partner_id, self.other_customer)
        competitor.with_user(self.user_officer).write({"partner_id": self.customer.id})
        self.assertEqual(competitor.partner_id, self.customer)

    def test_pool_movements_are_read_not_written(self):
        self.prospect_1.with_user(self.user_sales).action_claim()
        move = self.moves(self.prospect_1).with_user(self.user_sales_2)
        self.assertEqual(move.action, "claim")
        with self.assertRaises(AccessError):
            move.write({"note": "改"})
        with self.assertRaises(AccessError):
            self.env["customer.pool.move"].with_user(self.user_officer).create(
                {"partner_id": self.prospect_2.id, "action": "claim", "to_user_id": self.user_officer.id}
            )
        with self.assertRaises(AccessError):
            self.env["customer.pool.move"].with_user(self.user_plain).search([])
