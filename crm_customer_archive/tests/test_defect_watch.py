from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerComplaintCase, CustomerPartCase
from .helpers import load_chinese


@tagged("post_install", "-at_install")
class TestDefectWatch(CustomerComplaintCase, CustomerPartCase):
    """Lessons for similar customers (举一反三): a complaint with a root cause
    puts its defect on the watch list of customers with similar parts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Option = cls.env["customer.archive.option"]
        cls.end_use_door = Option.create({"category": "end_use", "code": "TEUDOOR", "name": "汽车外板"})
        cls.difficulty_deep = Option.create({"category": "forming_difficulty", "code": "TFDDEEP", "name": "深冲"})
        cls.grade_q235 = Option.create({"category": "production_grade", "code": "TQ235", "name": "Q235"})
        cls.part.write({"end_use_id": cls.end_use_door.id, "forming_difficulty_id": cls.difficulty_deep.id})
        cls.user_sales_2.lang = "zh_CN"
        # other_customer (account manager user_sales_2, Chinese): the same production grade
        cls.part_same_grade = cls.add_part(cls.other_customer, production_grade_id=cls.grade_dc04.id)
        cls.customer_end_use = cls.add_customer("东风车身有限公司", cls.user_sales)
        cls.add_part(cls.customer_end_use, production_grade_id=cls.grade_q235.id, end_use_id=cls.end_use_door.id)
        cls.customer_difficulty = cls.add_customer("长城冲压有限公司")
        cls.add_part(cls.customer_difficulty, forming_difficulty_id=cls.difficulty_deep.id)
        cls.customer_unrelated = cls.add_customer("西南五金厂", cls.user_sales)
        cls.add_part(cls.customer_unrelated, production_grade_id=cls.grade_q235.id)
        cls.complaint = cls.create_complaint(root_cause="<p>平整机辊面划伤</p>")

    @classmethod
    def add_customer(cls, name, account_manager=None):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": account_manager and account_manager.id}
        )

    @classmethod
    def add_part(cls, partner, **values):
        return cls.env["customer.part"].create(
            {"name": "侧围", "part_number": f"P-{partner.id}-{len(partner.name)}", "partner_id": partner.id, **values}
        )

    def wizard(self, complaint=None, user=None):
        complaint = (complaint or self.complaint).with_user(user or self.user_officer)
        action = complaint.action_warn_similar_customers()
        return Form(
            self.env[action["res_model"]].with_user(user or self.user_officer).with_context(**action["context"])
        )

    def found(self, complaint=None):
        lines = self.env["customer.defect.watch"]._similar_customers(complaint or self.complaint)
        return {line["partner"]: line["reason"] for line in lines}

    # ------------------------------------------------------------------

    def test_similar_customers_by_each_attribute(self):
        self.assertEqual(
            self.found(),
            {
                self.other_customer: "production_grade_id",
                self.customer_end_use: "end_use_id",
                self.customer_difficulty: "forming_difficulty_id",
            },
        )

    def test_not_the_own_customer_nor_those_already_aware(self):
        self.add_part(self.customer, production_grade_id=self.grade_dc04.id)  # a second part of its own
        # complained about scratches itself
        self.create_complaint(partner_id=self.customer_end_use.id, part_id=False, reporter_id=False)
        self.env["customer.defect.watch"].create(
            {
                "partner_id": self.customer_difficulty.id,
                "defect_type_id": self.defect_scratch.id,
                "complaint_id": self.create_complaint(root_cause="<p>x</p>").id,
                "reason": "forming_difficulty_id",
                "reason_value_id": self.difficulty_deep.id,
            }
        )
        self.assertEqual(self.found(), {self.other_customer: "production_grade_id"})

    def test_confirm_warns_the_chosen_customers(self):
        form = self.wizard()
        self.assertEqual(len(form.line_ids), 3)
        form.line_ids.remove(index=2)  # the forming difficulty is not relevant here
        wizard = form.save()
        load_chinese(self.env)
        wizard.action_confirm()
        watches = self.env["customer.defect.watch"].search([("complaint_id", "=", self.complaint.id)])
        self.assertEqual(watches.partner_id, self.other_customer | self.customer_end_use)
        self.assertEqual(watches.create_uid, self.user_officer)
        # each account manager a to-do on the customer, in the manager's language
        todo_zh = self.other_customer.activity_ids
        self.assertEqual(todo_zh.user_id, self.user_sales_2)
        self.assertIn("关注", todo_zh.summary)
        self.assertIn("华北汽车制造有限公司", todo_zh.summary)
        todo_en = self.customer_end_use.activity_ids
        self.assertEqual(todo_en.user_id, self.user_sales)
        self.assertEqual(todo_en.summary, "Watch for Scratch (learned from 华北汽车制造有限公司)")
        self.assertFalse(self.customer_difficulty.activity_ids)
        note = self.complaint.message_ids[0].body
        self.assertIn(self.other_customer.name, note)
        self.assertNotIn(self.customer_difficulty.name, note)
        # the next time they are not proposed again
        self.assertEqual(self.found(), {self.customer_difficulty: "forming_difficulty_id"})

    def test_profile_shows_learned_from(self):
        self.wizard().save().action_confirm()
        html = self.other_customer.with_user(self.user_sales).defect_sensitivity_html
        self.assertIn("learned from 华北汽车制造有限公司 " + self.complaint.name, html)
        self.assertIn("Production Grade: DC04", html)
        warning = self.other_customer._defect_sensitivity_warnings()[self.other_customer.id]
        self.assertIn("watch Scratch (learned from", warning)
        # a warning, not a block: the customer never complained (README, grading gate)
        self.assertFalse(self.other_customer._sensitive_defect_types())

    def test_bad_input_is_refused_with_nothing_written(self):
        Watch = self.env["customer.defect.watch"]
        cases = [
            (self.create_complaint(), "has no root cause"),
            (self.create_complaint(root_cause="<p>x</p>", part_id=False), "names no customer part"),
            (self.create_complaint(root_cause="<p>x</p>", defect_type_id=False), "has no defect type"),
        ]
        for complaint, message in cases:
            with self.subTest(message), self.assertRaisesMessage(UserError, message):
                complaint.with_user(self.user_officer).action_warn_similar_customers()
        self.assertFalse(Watch.search([("complaint_id", "in", [complaint.id for complaint, _message in cases])]))

    def test_chinese_error(self):
        load_chinese(self.env)
        with self.assertRaisesMessage(UserError, "根本原因"):
            self.create_complaint().with_user(self.user_officer).with_context(
                lang="zh_CN"
            ).action_warn_similar_customers()

    def test_account_manager_may_not_warn(self):
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.user_sales).action_warn_similar_customers()
        with self.assertRaises(AccessError):
            self.env["customer.complaint.warn.similar"].with_user(self.user_sales).create(
                {"complaint_id": self.complaint.id}
            )

    def test_a_watch_is_archived_not_changed(self):
        self.wizard().save().action_confirm()
        watch = self.env["customer.defect.watch"].search([("complaint_id", "=", self.complaint.id)], limit=1)
        watch = watch.with_user(self.user_officer)
        with self.assertRaisesMessage(UserError, "only archived"):
            watch.reason = "end_use_id"
        watch.action_archive()
        self.assertFalse(watch.active)

    def test_finding_similar_customers_costs_constant_queries(self):
        Watch = self.env["customer.defect.watch"].with_user(self.user_officer)
        complaint = self.complaint.with_user(self.user_officer)
        counts = []
        for size in (5, 50):
            for index in range(size):
                partner = self.add_customer(f"规模客户 {size}-{index}", self.user_sales)
                self.add_part(partner, production_grade_id=self.grade_dc04.id)
            self.env.flush_all()
            Watch._similar_customers(complaint)  # warm the caches (access rules, groups)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertGreaterEqual(len(Watch._similar_customers(complaint)), size)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install")
class TestDefectWatchCompany(CustomerComplaintCase, CustomerPartCase):
    def test_other_company_customers_are_not_similar(self):
        partner = self.env["res.partner"].create({"name": "外厂客户", "is_company": True})
        self.env["customer.part"].create(
            {
                "name": "侧围",
                "part_number": "X-1",
                "partner_id": partner.id,
                "production_grade_id": self.grade_dc04.id,
                "company_id": self.other_company.id,
            }
        )
        complaint = self.create_complaint(root_cause="<p>x</p>")
        lines = self.env["customer.defect.watch"]._similar_customers(complaint)
        self.assertNotIn(partner, [line["partner"] for line in lines])
