"""Return visits (回访, issue 18 item 3): scheduled when a complaint closes
and periodically per customer level, overdue, raised complaints, bad input,
the customer's portal page and the engineer's tour."""

from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.customer_return_visit_rule import RETURN_VISIT_DELAY_PARAM
from .common import BrowserTourCase, CustomerComplaintCase
from .helpers import load_chinese

CLOSE_VALUES = {"root_cause": "<p>导板间隙未复位</p>", "corrective_action": "<p>换辊点检</p>"}


class ReturnVisitCase(CustomerComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["customer.followup"]
        cls.test_customers = cls.customer | cls.other_customer

    def return_visits(self, **domain):
        """The return visits of the test's customers (not those a database may already hold)."""
        return self.Followup.search(
            [
                ("followup_type", "=", "return_visit"),
                ("partner_id", "in", self.test_customers.ids),
                *((name, "=", value) for name, value in domain.items()),
            ]
        )

    @classmethod
    def plan_visit(cls, **values):
        return cls.Followup.create(
            {
                "name": "回访：划伤整改效果",
                "followup_type": "return_visit",
                "partner_id": cls.customer.id,
                "contact_id": cls.reporter.id,
                "user_id": cls.user_sales.id,
                **values,
            }
        )


class TestReturnVisitScheduling(ReturnVisitCase):
    @freeze_time("2026-03-02 10:00:00")
    def test_closing_a_complaint_plans_a_return_visit(self):
        complaint = self.create_complaint(user_id=self.user_service.id)
        complaint.write({"stage_id": self.stage_investigation.id})
        self.assertFalse(self.return_visits(complaint_id=complaint.id), "only closure plans a visit")
        complaint.with_user(self.user_service).write({**CLOSE_VALUES, "stage_id": self.stage_closed.id})
        self.assertRecordValues(
            self.return_visits(complaint_id=complaint.id),
            [
                {
                    "state": "planned",
                    "partner_id": self.customer.id,
                    "contact_id": self.reporter.id,
                    "user_id": self.user_sales.id,  # the customer's account manager
                    "date_start": datetime(2026, 3, 9, 10, 0),  # 7 days later (default setting)
                    "company_id": complaint.company_id.id,
                    "is_overdue": False,
                }
            ],
        )

    @freeze_time("2026-03-02 10:00:00")
    def test_delay_setting_and_engineer_without_account_manager(self):
        self.env["ir.config_parameter"].set_param(RETURN_VISIT_DELAY_PARAM, "3")
        self.customer.user_id = False
        complaint = self.create_complaint(user_id=self.user_service.id)
        complaint.write({**CLOSE_VALUES, "stage_id": self.stage_closed.id})
        visit = self.return_visits(complaint_id=complaint.id)
        self.assertEqual(visit.user_id, self.user_service, "no account manager: the complaint's engineer")
        self.assertEqual(visit.date_start, datetime(2026, 3, 5, 10, 0))

    def test_rejected_complaint_plans_no_visit(self):
        complaint = self.create_complaint()
        complaint.write({"rejection_reason": "非我方责任", "stage_id": self.stage_rejected.id})
        self.assertFalse(self.return_visits(complaint_id=complaint.id))

    def test_delay_setting_must_be_positive(self):
        for days in (0, -3):
            with self.subTest(days=days), self.assertRaisesMessage(ValidationError, "at least 1 day"):
                self.env["res.config.settings"].create({"return_visit_delay_days": days})
        self.assertFalse(self.env["ir.config_parameter"].get_param(RETURN_VISIT_DELAY_PARAM))


class TestPeriodicReturnVisits(ReturnVisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["customer.return.visit.rule"]
        cls.rule = cls.Rule.create({"customer_level": "a", "interval_days": 30, "company_id": cls.company.id})
        partner_values = {"is_company": True, "archive_state": "active", "user_id": cls.user_sales_2.id}
        cls.key_never = cls.customer  # level a, never visited
        cls.key_recent = cls.env["res.partner"].create(
            {"name": "长春一汽零部件", "customer_level": "a", **partner_values}
        )
        cls.key_old = cls.env["res.partner"].create({"name": "沈阳华晨冲压", "customer_level": "a", **partner_values})
        cls.normal = cls.env["res.partner"].create({"name": "天津小件厂", "customer_level": "c", **partner_values})
        cls.pool = cls.env["res.partner"].create(
            {"name": "公海客户", "customer_level": "a", "is_company": True, "archive_state": "active"}
        )
        cls.test_customers |= cls.key_recent | cls.key_old | cls.normal | cls.pool

    def test_cron_plans_the_customers_due_per_level(self):
        with freeze_time("2026-01-20 09:00:00"):
            self.plan_visit(partner_id=self.key_old.id, contact_id=False, user_id=self.user_sales_2.id)
        with freeze_time("2026-02-20 09:00:00"):
            self.plan_visit(partner_id=self.key_recent.id, contact_id=False, user_id=self.user_sales_2.id)
        with freeze_time("2026-03-01 08:00:00"):
            self.Rule._cron_plan_return_visits()
            planned = self.return_visits(date_start=datetime(2026, 3, 2, 8, 0))
            self.assertEqual(
                set(planned.partner_id.ids),
                {self.key_never.id, self.key_old.id},
                "level a, latest visit older than 30 days or none; not level c, not the pool",
            )
            self.assertEqual(planned.filtered(lambda v: v.partner_id == self.key_old).user_id, self.user_sales_2)
            self.assertEqual(set(planned.mapped("state")), {"planned"})
            # Run again: the planned visits are the latest now, nothing new.
            self.Rule._cron_plan_return_visits()
            self.assertEqual(len(self.return_visits()), 4)

    def test_cancelled_visits_do_not_count_and_sales_followups_neither(self):
        with freeze_time("2026-02-25 09:00:00"):
            self.plan_visit(partner_id=self.key_recent.id, user_id=self.user_sales_2.id, contact_id=False)._cancel(
                "客户停产"
            )
            self.Followup.create({"name": "报价拜访", "partner_id": self.key_old.id, "user_id": self.user_sales_2.id})
        with freeze_time("2026-03-01 08:00:00"):
            self.Rule._cron_plan_return_visits()
        planned = self.return_visits(state="planned")
        self.assertEqual(set(planned.partner_id.ids), {self.key_never.id, self.key_old.id, self.key_recent.id})

    def test_one_grouped_query_whatever_the_number_of_customers(self):
        def queries_of_a_run_with_nothing_due():
            self.Rule._cron_plan_return_visits()  # plans the visits due: the next run has nothing to do
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.Rule._cron_plan_return_visits()
            return self.env.cr.sql_log_count - before

        few = queries_of_a_run_with_nothing_due()
        values = {"customer_level": "a", "is_company": True, "archive_state": "active", "user_id": self.user_sales.id}
        self.env["res.partner"].create([{"name": f"重点客户 {n}", **values} for n in range(10)])
        self.assertEqual(queries_of_a_run_with_nothing_due(), few, "no query per customer")

    def test_interval_must_be_positive(self):
        for days in (0, -7):
            with self.subTest(days=days), self.assertRaisesMessage(ValidationError, "every 1 day or more"):
                self.Rule.create({"customer_level": "b", "interval_days": days})
        self.assertFalse(self.Rule.search([("customer_level", "=", "b")]))


class TestReturnVisitRecord(ReturnVisitCase):
    def test_overdue_computed_and_searched(self):
        with freeze_time("2026-03-02 10:00:00"):
            visit = self.plan_visit(date_start="2026-03-03 09:00:00")
            done = self.plan_visit(date_start="2026-03-02 11:00:00")
        with freeze_time("2026-03-03 12:00:00"):
            done.write({"result": "已回访"})
            done.action_done()
            (visit | done).invalidate_recordset(["is_overdue"])
            self.assertTrue(visit.is_overdue)
            self.assertFalse(done.is_overdue)
            overdue = self.Followup.search([("is_overdue", "=", True), ("id", "in", (visit | done).ids)])
            self.assertEqual(overdue, visit)
            not_overdue = self.Followup.search([("is_overdue", "=", False), ("id", "in", (visit | done).ids)])
            self.assertEqual(not_overdue, done)

    @freeze_time("2026-03-02 10:00:00")
    def test_return_visit_in_the_past_is_refused(self):
        Followup = self.Followup.with_user(self.user_sales)
        with self.assertRaisesMessage(UserError, "planned on .* in the past"):
            Followup.create(
                {
                    "name": "回访（补录）",
                    "followup_type": "return_visit",
                    "partner_id": self.customer.id,
                    "date_start": "2026-03-01 10:00:00",
                }
            )
        self.assertFalse(self.Followup.search([("name", "=", "回访（补录）")]))
        # Earlier today is still today; a sales follow-up may be logged afterwards.
        Followup.create(
            {
                "name": "今日回访",
                "followup_type": "return_visit",
                "partner_id": self.customer.id,
                "date_start": "2026-03-02 01:00:00",
            }
        )
        Followup.create({"name": "补录拜访", "partner_id": self.customer.id, "date_start": "2026-02-20 10:00:00"})

    def test_raise_complaint_from_the_issues(self):
        visit = self.plan_visit(issues_raised="开卷后边部仍有轻微划伤\n希望提供表面检测记录")
        action = visit.with_user(self.user_sales).action_raise_complaint()
        complaint = visit.raised_complaint_id
        self.assertEqual(action["res_id"], complaint.id)
        self.assertRecordValues(
            complaint,
            [
                {
                    "title": "开卷后边部仍有轻微划伤",
                    "partner_id": self.customer.id,
                    "reporter_id": self.reporter.id,
                    "channel": "visit",
                }
            ],
        )
        self.assertIn("希望提供表面检测记录", complaint.description)
        with self.assertRaisesMessage(UserError, "already raised complaint"):
            visit.action_raise_complaint()
        self.assertEqual(self.env["customer.complaint"].search_count([("channel", "=", "visit")]), 1)

    def test_raise_complaint_needs_issues(self):
        count = self.env["customer.complaint"].search_count([])
        for visit in (self.plan_visit(), self.plan_visit(issues_raised="  \n ")):
            with self.assertRaisesMessage(UserError, "Write the issues raised"):
                visit.action_raise_complaint()
        sales = self.Followup.create(
            {"name": "报价拜访", "partner_id": self.customer.id, "user_id": self.user_sales.id}
        )
        with self.assertRaisesMessage(UserError, "Only a return visit raises a complaint"):
            sales.action_raise_complaint()
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)

    def test_error_in_chinese(self):
        load_chinese(self.env, ["crm_customer_archive"])
        visit = self.plan_visit().with_context(lang="zh_CN")
        with self.assertRaisesMessage(UserError, "填写"):
            visit.action_raise_complaint()

    def test_customer_smart_count(self):
        self.plan_visit()
        self.plan_visit()._cancel("取消")
        self.Followup.create({"name": "报价拜访", "partner_id": self.customer.id, "user_id": self.user_sales.id})
        customer = self.customer.with_user(self.user_sales)
        self.assertEqual(customer.archive_return_visit_count, 1)
        action = customer.action_view_archive_return_visits()
        self.assertEqual(self.Followup.search(action["domain"]).mapped("followup_type"), ["return_visit"] * 2)


@tagged("post_install", "-at_install")
class TestReturnVisitPortal(ReturnVisitCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "portal_visits", groups="base.group_portal", password="portal_visits")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.visit = cls.plan_visit(
            date_start="2031-05-06 02:00:00",
            satisfaction="4",
            result="客户内部评价：价格敏感",
            visit_answers="<p>内部问答</p>",
        )
        cls.sales = cls.Followup.create(
            {"name": "报价拜访", "partner_id": cls.customer.id, "user_id": cls.user_sales.id}
        )
        cls.others = cls.plan_visit(
            partner_id=cls.other_customer.id, contact_id=False, user_id=cls.user_sales_2.id, satisfaction="1"
        )

    def test_portal_lists_own_return_visits_without_internal_notes(self):
        self.authenticate("portal_visits", "portal_visits")
        response = self.url_open("/my/visits")
        self.assertEqual(response.status_code, 200)
        rows = html.fromstring(response.text).xpath("//tr[contains(@class, 'o_portal_return_visit')]")
        self.assertEqual(len(rows), 1, "own return visits only: not the sales follow-up nor another customer's")
        text = rows[0].text_content()
        self.assertIn("4 - Satisfied", text)
        self.assertIn("Planned", text)
        self.assertNotIn("价格敏感", response.text)
        self.assertNotIn("内部问答", response.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/visits", home.text)

    def test_portal_reads_no_internal_field(self):
        visits = self.Followup.with_user(self.portal_user)
        self.assertEqual(visits.search([]), self.visit)
        with self.assertRaises(AccessError):
            self.visit.with_user(self.portal_user).read(["result"])
        with self.assertRaises(AccessError):
            self.sales.with_user(self.portal_user).read(["name"])

    def test_employee_without_archive_rights_gets_404(self):
        self.authenticate("plain_employee", "plain_employee")
        self.assertEqual(self.url_open("/my/visits").status_code, 404)


@tagged("post_install", "-at_install")
class TestReturnVisitTour(BrowserTourCase, ReturnVisitCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese(["base", "web", "mail", "crm_customer_archive"])
        cls.engineer = new_test_user(
            cls.env,
            "return_visit_engineer",
            name="王工程师",
            groups="crm_customer_archive.group_archive_user",
            lang="zh_CN",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer.user_id = cls.engineer
        # Planned an hour ago, still to be logged: overdue.
        cls.visit = cls.plan_visit(
            user_id=cls.engineer.id, date_start=datetime.now() - timedelta(hours=1), method="visit"
        )

    def test_engineer_logs_a_visit_that_raises_a_complaint(self):
        self.start_tour("/odoo/customer-archive", "crm_customer_archive_return_visit", login="return_visit_engineer")
        self.assertRecordValues(
            self.visit, [{"state": "done", "satisfaction": "4", "result": "客户对整改基本满意，但提出新问题。"}]
        )
        self.assertRecordValues(
            self.visit.raised_complaint_id,
            [
                {
                    "title": "开卷后边部仍有轻微划伤",
                    "partner_id": self.customer.id,
                    "reporter_id": self.reporter.id,
                    "channel": "visit",
                    "create_uid": self.engineer.id,
                }
            ],
        )
