from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerArchiveCase
from .helpers import load_chinese


@tagged("post_install", "-at_install")
class TestCustomerFollowup(CustomerArchiveCase):
    """Follow-up records (跟进记录): created from the customer, the opportunity
    and the calendar; searched, cancelled, done; who may see and log them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["customer.followup"]
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "2027 年 DC04 冷轧卷供货",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": cls.user_sales.id,
            }
        )

    def followup(self, user=None, **values):
        return self.Followup.with_user(user or self.user_sales).create(
            {
                "name": "季度拜访",
                "partner_id": self.customer.id,
                "date_start": datetime(2026, 11, 30, 9, 0),
                **values,
            }
        )

    # ------------------------------------------------------------------
    # Where follow-ups are created
    # ------------------------------------------------------------------

    def test_create_from_customer(self):
        customer = self.customer.with_user(self.user_sales)
        action = customer.action_view_archive_followups()
        self.assertEqual(action["res_model"], "customer.followup")
        with Form(self.Followup.with_user(self.user_sales).with_context(**action["context"])) as form:
            form.name = "新车型前门内板用料沟通"
            form.contact_id = self.contact
            form.method = "call"
        followup = form.record
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.user_id, self.user_sales)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(customer.followup_ids, followup)
        self.assertEqual(self.Followup.search(action["domain"]), followup)
        self.assertEqual(customer.archive_followup_count, 1)

    def test_create_from_opportunity(self):
        lead = self.lead.with_user(self.user_sales)
        action = lead.action_log_followup()
        with Form(self.Followup.with_user(self.user_sales).with_context(**action["context"])) as form:
            self.assertEqual(form.name, "2027 年 DC04 冷轧卷供货")
            form.stage = "proposal"
        followup = form.record
        self.assertEqual(followup.partner_id, self.customer)  # the company, not the contact on the lead
        self.assertEqual(followup.contact_id, self.contact)
        self.assertEqual(followup.lead_id, self.lead)
        self.assertEqual(lead.followup_count, 1)
        self.assertEqual(self.Followup.search(lead.action_view_followups()["domain"]), followup)

    def test_opportunity_without_customer_refused(self):
        lead = self.env["crm.lead"].create({"name": "展会线索", "type": "opportunity", "user_id": self.user_sales.id})
        with self.assertRaisesMessage(UserError, "Set the customer of opportunity “展会线索”"):
            lead.with_user(self.user_sales).action_log_followup()

    def test_create_from_calendar(self):
        event = self.env["calendar.event"].create(
            {
                "name": "华北汽车年度商务会谈",
                "start": datetime(2026, 12, 2, 2, 0),
                "stop": datetime(2026, 12, 2, 4, 30),
                "partner_ids": [Command.set([self.user_sales.partner_id.id, self.contact.id])],
                "opportunity_id": self.lead.id,
            }
        )
        event = event.with_user(self.user_sales)
        action = event.action_log_followup()
        with Form(self.Followup.with_user(self.user_sales).with_context(**action["context"])) as form:
            form.result = "客户同意下月试料"
        followup = form.record
        self.assertEqual(followup.name, "华北汽车年度商务会谈")
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.contact_id, self.contact)
        self.assertEqual(followup.lead_id, self.lead)
        self.assertEqual(followup.event_id, event)
        self.assertEqual(followup.date_start, datetime(2026, 12, 2, 2, 0))
        self.assertEqual(followup.date_end, datetime(2026, 12, 2, 4, 30))
        # The meeting's follow-up is logged once: the button opens it again.
        self.assertEqual(event.action_log_followup()["res_id"], followup.id)

    def test_calendar_without_customer_refused(self):
        event = self.env["calendar.event"].create(
            {
                "name": "内部周会",
                "start": datetime(2026, 12, 2, 2, 0),
                "stop": datetime(2026, 12, 2, 3, 0),
                "partner_ids": [Command.set(self.user_sales.partner_id.ids)],
            }
        )
        with self.assertRaisesMessage(UserError, "has no customer among its attendees"):
            event.with_user(self.user_sales).action_log_followup()

    # ------------------------------------------------------------------
    # Searching and the visit report
    # ------------------------------------------------------------------

    def test_search_and_visit_report(self):
        visit = self.followup(name="拜访采购部", result="确认 Q1 需求")
        visit.action_done()
        self.followup(name="电话回访", method="call")
        self.followup(name="上周拜访", date_start=datetime(2026, 11, 25, 9, 0), result="报价")
        self.followup(user=self.user_officer, name="质量部拜访", result="审核通过").action_done()
        Followup = self.Followup.with_user(self.user_sales)
        self.assertEqual(Followup.search([("name", "ilike", "采购")]), visit)
        self.assertEqual(Followup.search([("method", "=", "call")]).name, "电话回访")
        self.assertEqual(Followup.search([("result", "ilike", "Q1")]), visit)

        action = self.env.ref("crm_customer_archive.customer_followup_action_visit_report")
        context = safe_eval(action.context)
        domain = self._filter_domain(*[name.removeprefix("search_default_") for name in context])
        groups = self.Followup.with_user(self.user_officer)._read_group(
            [*domain, ("partner_id", "=", self.customer.id)], ["user_id", "date_start:week"], ["__count"]
        )
        # Weeks as the language counts them (en_US and Odoo's zh_CN: from Sunday).
        week = datetime(2026, 11, 29)
        self.assertEqual(
            sorted((user.login, start, count) for user, start, count in groups),
            [("archive_officer", week, 1), ("archive_sales", week, 1)],
        )

    def test_this_week_filter(self):
        this_week = self.followup(name="本周拜访")
        self.followup(name="上周拜访", date_start=datetime(2026, 11, 29, 9, 0))  # a Sunday
        self.followup(name="下周拜访", date_start=datetime(2026, 12, 7, 9, 0))
        with freeze_time("2026-12-03 10:00:00"):
            domain = self._filter_domain("this_week")
        self.assertEqual(self.Followup.search([*domain, ("partner_id", "=", self.customer.id)]), this_week)

    def _filter_domain(self, *names):
        """The domain of the search view's filters ``names`` (ANDed), as the web client evaluates it."""
        arch = etree.fromstring(self.env.ref("crm_customer_archive.customer_followup_view_search").arch)
        today = date.today()
        domain = []
        for name in names:
            node = arch.find(f".//filter[@name='{name}']")
            self.assertIsNotNone(node, name)
            domain += safe_eval(
                node.get("domain"),
                {"context_today": lambda: today, "relativedelta": relativedelta, "uid": self.env.uid},
            )
        return domain

    # ------------------------------------------------------------------
    # Done, cancelled, bad input
    # ------------------------------------------------------------------

    def test_done_posts_notes_and_schedules_the_next_step(self):
        followup = self.followup(
            lead_id=self.lead.id,
            result="客户计划明年增量 20%",
            next_step="寄送 DC04 样板并报价",
            next_date=date(2026, 12, 15),
        )
        # Marked done by an officer: the next step goes to the follow-up's account
        # manager, in the manager's language.
        load_chinese(self.env)
        self.user_sales.lang = "zh_CN"
        followup.with_user(self.user_officer).action_done()
        self.assertEqual(followup.state, "done")
        for document in (self.customer, self.lead):
            note = document.message_ids[:1]
            self.assertIn("季度拜访", note.body, document)
            self.assertIn(self.user_sales.name, note.body, document)
            self.assertIn(f'data-oe-model="customer.followup" data-oe-id="{followup.id}"', note.body, document)
            # The result stays on the follow-up: not in the chatter every employee reads.
            self.assertNotIn("客户计划明年增量 20%", note.body, document)
            self.assertNotIn("寄送 DC04 样板并报价", note.body, document)
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        activity = self.customer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 12, 15))
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertIn("寄送 DC04 样板并报价", activity.note)
        self.assertEqual(activity.summary, "“季度拜访”的下一步")

    def test_result_hidden_from_employees_without_follow_up_access(self):
        followup = self.followup(lead_id=self.lead.id, result="客户对价格不满，考虑转向宝钢", next_step="降价 3%")
        followup.action_done()
        Message = self.env["mail.message"].with_user(self.user_plain)
        # The employee reads the customer's chatter, the done note included...
        notes = Message.search([("model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertIn("季度拜访", "".join(notes.mapped("body")))
        # ... but finds no result nor next step in any message.
        self.assertFalse(Message.search([("body", "ilike", "宝钢")]))
        self.assertFalse(Message.search([("body", "ilike", "降价 3%")]))
        self.assertEqual(followup.result, "客户对价格不满，考虑转向宝钢")

    def test_not_started_refused(self):
        start = fields.Datetime.now() + relativedelta(days=2)
        followup = self.followup(date_start=start, result="提前写好的结果")
        with self.assertRaisesMessage(UserError, "cannot be done before it has started"):
            followup.action_done()
        self.assertEqual(followup.state, "planned")
        with freeze_time(start + relativedelta(hours=1)):
            followup.action_done()
        self.assertEqual(followup.state, "done")

    def test_done_without_result_refused(self):
        followup = self.followup(next_date=date(2026, 12, 15), next_step="报价")
        messages = self.customer.message_ids
        with self.assertRaisesMessage(UserError, "Write the result of follow-up “季度拜访”"):
            followup.action_done()
        self.assertEqual(followup.state, "planned")
        self.assertEqual(self.customer.message_ids, messages)
        self.assertFalse(self.customer.activity_ids)

    def test_done_twice_refused(self):
        followup = self.followup(result="已沟通")
        followup.action_done()
        with self.assertRaisesMessage(UserError, "is not planned"):
            followup.action_done()

    def test_cancel_keeps_the_follow_up(self):
        followup = self.followup()
        action = followup.action_cancel()
        wizard = Form(self.env[action["res_model"]].with_user(self.user_sales).with_context(**action["context"]))
        wizard.reason = "客户临时取消会面"
        wizard.save().action_cancel()
        self.assertTrue(followup.exists())
        self.assertEqual(followup.state, "cancelled")
        self.assertEqual(followup.cancel_reason, "客户临时取消会面")
        self.assertEqual(
            self.Followup.search([("state", "=", "cancelled"), ("partner_id", "=", self.customer.id)]), followup
        )
        self.assertEqual(self.customer.archive_followup_count, 0)  # not counted on the customer
        with self.assertRaisesMessage(UserError, "is not planned"):
            followup.action_done()
        with self.assertRaisesMessage(UserError, "already cancelled"):
            followup._cancel("再次撤销")
        followup.action_reset_planned()
        self.assertEqual((followup.state, followup.cancel_reason), ("planned", False))

    def test_cancel_without_reason_refused(self):
        followup = self.followup()
        with self.assertRaisesMessage(UserError, "Give the reason"):
            followup._cancel("  ")
        self.assertEqual(followup.state, "planned")

    def test_end_before_start_refused(self):
        with self.assertRaisesMessage(ValidationError, "Follow-up “倒序拜访” ends before it starts"):
            self.followup(name="倒序拜访", date_end=datetime(2026, 11, 30, 8, 0))
        self.assertFalse(self.Followup.search([("name", "=", "倒序拜访")]))
        followup = self.followup(date_end=datetime(2026, 11, 30, 10, 0))
        with self.assertRaisesMessage(ValidationError, "ends before it starts"):
            followup.write({"date_start": datetime(2026, 11, 30, 11, 0)})
        self.assertEqual(followup.date_start, datetime(2026, 11, 30, 9, 0))

    def test_wrong_partners_refused(self):
        with self.assertRaisesMessage(ValidationError, "not of its contact 华北汽车制造有限公司, 赵明"):
            self.followup(partner_id=self.contact.id)
        with self.assertRaisesMessage(ValidationError, "赵明 is not a contact of 江南轿车股份有限公司"):
            self.followup(user=self.env.user, partner_id=self.other_customer.id, contact_id=self.contact.id)
        with self.assertRaisesMessage(ValidationError, "is of 华北汽车制造有限公司, not of 江南轿车股份有限公司"):
            self.followup(user=self.env.user, partner_id=self.other_customer.id, lead_id=self.lead.id)
        self.assertFalse(self.Followup.search([("partner_id", "in", (self.customer | self.other_customer).ids)]))

    # ------------------------------------------------------------------
    # Access, as the real users
    # ------------------------------------------------------------------

    def test_account_managers_own_customers_only(self):
        followup = self.followup(result="已沟通")
        other_manager = self.Followup.with_user(self.user_sales_2)
        self.assertFalse(other_manager.search([("id", "=", followup.id)]))
        with self.assertRaises(AccessError):
            followup.with_user(self.user_sales_2).read(["name"])
        with self.assertRaises(AccessError):
            followup.with_user(self.user_sales_2).write({"result": "改"})
        with self.assertRaises(AccessError):
            self.followup(user=self.user_sales_2)
        # Their own customer: yes; deleting: no (cancelled, kept).
        own = self.followup(user=self.user_sales_2, partner_id=self.other_customer.id)
        own.write({"result": "已沟通"})
        with self.assertRaises(AccessError):
            own.unlink()
        # An officer sees and changes every customer's; a manager deletes.
        self.assertEqual(
            self.Followup.with_user(self.user_officer).search([("id", "in", (followup | own).ids)]), followup | own
        )
        followup.with_user(self.user_officer).write({"stage": "negotiation"})
        own.with_user(self.user_manager).unlink()
        self.assertFalse(own.exists())

    def test_forged_follow_ups_refused(self):
        for state in ("done", "cancelled"):
            with self.assertRaisesMessage(UserError, "must be logged as planned"):
                self.followup(name="伪造拜访", state=state, result="伪造")
        with self.assertRaisesMessage(UserError, "must be logged as planned"):
            self.Followup.with_user(self.user_sales).with_context(default_state="done").create(
                {"name": "伪造拜访", "partner_id": self.customer.id}
            )
        # Not in another account manager's name, even on their own customer.
        with self.assertRaisesMessage(AccessError, "in your own name only, not in the name of archive_sales_2"):
            self.followup(name="伪造拜访", user_id=self.user_sales_2.id)
        self.assertFalse(self.Followup.search([("name", "=", "伪造拜访")]))

        followup = self.followup(result="已沟通").with_user(self.user_sales)
        with self.assertRaisesMessage(UserError, "changes only with its buttons"):
            followup.write({"state": "done"})
        # The actions' context key cannot be sent by a client.
        with self.assertRaisesMessage(UserError, "changes only with its buttons"):
            followup.with_context(customer_followup_state_change=True).write({"state": "cancelled"})
        with self.assertRaisesMessage(AccessError, "in your own name only"):
            followup.write({"user_id": self.user_sales_2.id})
        self.assertRecordValues(followup, [{"state": "planned", "user_id": self.user_sales.id}])

        # Officers log follow-ups for an account manager; the superuser imports done ones.
        by_officer = self.followup(user=self.user_officer, user_id=self.user_sales.id)
        self.assertEqual(by_officer.user_id, self.user_sales)
        by_officer.with_user(self.user_officer).write({"user_id": self.user_sales_2.id})
        imported = self.Followup.create(
            {"name": "历史拜访", "partner_id": self.customer.id, "state": "done", "result": "导入"}
        )
        self.assertEqual(imported.state, "done")

    def test_move_to_another_managers_customer_refused(self):
        followup = self.followup(user=self.user_sales_2, partner_id=self.other_customer.id)
        with self.assertRaises(AccessError):
            followup.with_user(self.user_sales_2).write({"partner_id": self.customer.id})
        self.assertEqual(followup.partner_id, self.other_customer)
        # An officer moves it (a follow-up logged on the wrong customer).
        followup.with_user(self.user_officer).write({"partner_id": self.customer.id})
        self.assertEqual(followup.partner_id, self.customer)

    def test_plain_employee_refused(self):
        followup = self.followup()
        with self.assertRaises(AccessError):
            self.Followup.with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            followup.with_user(self.user_plain).read(["name"])

    # ------------------------------------------------------------------
    # Counts
    # ------------------------------------------------------------------

    def test_partner_count_constant_queries(self):
        def count_queries(partners):
            partners = partners.with_user(self.user_sales)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            counts = partners.mapped("archive_followup_count")
            self.assertEqual(counts, [2] * len(partners))
            return self.env.cr.sql_log_count - before

        partners = self.env["res.partner"].create(
            [{"name": f"跟进客户 {i}", "is_company": True, "user_id": self.user_sales.id} for i in range(20)]
        )
        for partner in partners:
            self.followup(partner_id=partner.id)
            self.followup(partner_id=partner.id, method="call")
        self.env.flush_all()
        count_queries(partners[:1])  # warm the caches (rules, groups)
        self.assertEqual(count_queries(partners), count_queries(partners[:1]))
