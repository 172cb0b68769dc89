from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerComplaintCase, CustomerLicenseCase
from .helpers import load_chinese


class SoftwareFeedbackCase(CustomerComplaintCase, CustomerLicenseCase):
    """The customer's builds 2.3.1 (published, on its licence) and 2.3.2 (in
    development) of the software, and a helper to report software problems."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.defect_sw_bug = cls.env.ref("crm_customer_archive.defect_type_sw_bug")
        cls.build_231 = cls.create_build("2.3.1", state="released")
        cls.build_232 = cls.create_build("2.3.2")
        cls.license = cls.create_license(build_id=cls.build_231.id)

    @classmethod
    def create_build(cls, version, partner=None, product=None, **values):
        return cls.env["customer.software.build"].create(
            {
                "product_tmpl_id": (product or cls.software).id,
                "partner_id": (partner or cls.customer).id,
                "version": version,
                **values,
            }
        )

    @classmethod
    def create_issue(cls, user=None, **values):
        return cls.create_complaint(
            user=user,
            **{"kind": "software", "defect_type_id": cls.defect_sw_bug.id, "title": "SPC 图漏点", **values},
        )

    def fix_messages(self, complaint):
        return complaint.message_ids.filtered(lambda message: "2.3.2" in (message.subject or ""))


@tagged("post_install", "-at_install")
class TestSoftwareFeedback(SoftwareFeedbackCase):
    def test_the_build_follows_the_licence(self):
        complaint = self.create_issue(license_id=self.license.id)
        self.assertEqual(complaint.build_id, self.build_231)
        # Without a build on the licence the engineer picks it.
        other_license = self.create_license()
        complaint.write({"license_id": other_license.id, "build_id": self.build_232.id})
        self.assertEqual(complaint.build_id, self.build_232)

    def test_per_build_counts_and_report(self):
        closing = {"root_cause": "<p>取样区间</p>", "corrective_action": "<p>修复</p>"}
        open_1 = self.create_issue(build_id=self.build_231.id)
        self.create_issue(build_id=self.build_231.id)
        resolved = self.create_issue(build_id=self.build_231.id, **closing)
        resolved.write({"stage_id": self.stage_closed.id})
        rejected = self.create_issue(build_id=self.build_231.id)
        rejected.write({"stage_id": self.stage_rejected.id, "rejection_reason": "操作错误"})
        self.create_issue(build_id=self.build_232.id, **closing).write({"stage_id": self.stage_verification.id})
        open_1.fixed_in_build_id = self.build_232
        builds = self.build_231 | self.build_232
        self.assertEqual(builds.mapped("open_issue_count"), [2, 0])
        self.assertEqual(builds.mapped("resolved_issue_count"), [1, 1])
        self.assertEqual(self.build_232.fixed_complaint_ids, open_1)
        self.env.flush_all()
        rows = (
            self.env["customer.software.feedback.report"]
            .with_user(self.user_officer)
            .search_read(
                [("build_id", "in", builds.ids)],
                ["version", "issue_count", "open_count", "resolved_count", "fixed_count"],
                order="version",
            )
        )
        self.assertEqual(
            [(r["version"], r["issue_count"], r["open_count"], r["resolved_count"], r["fixed_count"]) for r in rows],
            [("2.3.1", 3, 2, 1, 0), ("2.3.2", 1, 0, 1, 1)],
        )
        # The smart button opens the build's open issues.
        action = self.build_231.with_user(self.user_officer).action_open_issues()
        found = self.env["customer.complaint"].search(action["domain"])
        self.assertEqual(len(found), 2)
        self.assertIn(open_1, found)

    def test_issue_counts_query_count_is_constant(self):
        def queries(count):
            builds = self.env["customer.software.build"]
            for index in range(count):
                build = self.create_build(f"3.{count}.{index}")
                self.create_issue(build_id=build.id)
                builds |= build
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            builds.mapped("open_issue_count")
            builds.mapped("resolved_issue_count")
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(2), queries(12))

    def test_bad_builds_are_refused_and_nothing_written(self):
        complaint = self.create_issue(build_id=self.build_231.id)
        other_customer_build = self.create_build("2.3.5", partner=self.other_customer)
        other_product = self.software.copy({"name": "能耗管理系统"})
        other_product_build = self.create_build("2.4.0", product=other_product)
        older = self.create_build("2.3.0")
        prerelease = self.create_build("2.3.1-rc.1")
        cases = (
            ({"fixed_in_build_id": other_customer_build.id}, "belongs to 江南轿车"),
            ({"fixed_in_build_id": other_product_build.id}, "not of the same product"),
            ({"fixed_in_build_id": older.id}, "must be a later version than"),
            ({"fixed_in_build_id": prerelease.id}, "must be a later version than"),
            ({"fixed_in_build_id": self.build_231.id}, "must be a later version than"),
            ({"build_id": other_customer_build.id}, "belongs to 江南轿车"),
            ({"build_id": False, "fixed_in_build_id": self.build_232.id}, "Record the build"),
            ({"license_id": self.create_license(partner_id=self.other_customer.id).id}, "belongs to 江南轿车"),
            ({"license_id": self.license.id, "build_id": other_product_build.id}, "not a build of the licence's"),
        )
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesMessage(ValidationError, message):
                complaint.with_user(self.user_service).write(values)
            self.assertRecordValues(
                complaint, [{"build_id": self.build_231.id, "fixed_in_build_id": False, "license_id": False}]
            )
        # A pre-release of the next patch is later: accepted.
        next_rc = self.create_build("2.3.2-rc.1")
        complaint.write({"fixed_in_build_id": next_rc.id})
        self.assertEqual(complaint.fixed_in_version, "2.3.2-rc.1")

    def test_bad_version_message_is_translated(self):
        load_chinese(self.env)
        complaint = self.create_issue(build_id=self.build_231.id)
        older = self.create_build("2.2.9")
        with self.assertRaisesMessage(ValidationError, "必须是比 .* 更新的版本"):
            complaint.with_user(self.user_service).with_context(lang="zh_CN").write({"fixed_in_build_id": older.id})
        self.assertFalse(complaint.fixed_in_build_id)

    def test_reporter_is_told_once_when_the_fixing_build_is_published(self):
        load_chinese(self.env)
        complaint = self.create_issue(build_id=self.build_231.id)
        self.env["mail.mail"].search([]).unlink()
        complaint.with_user(self.user_service).fixed_in_build_id = self.build_232
        # The fixing build is still in development: nothing said yet.
        self.assertFalse(self.fix_messages(complaint))
        self.assertFalse(complaint.fix_notified)
        self.build_232.with_user(self.user_officer).state = "released"
        message = self.fix_messages(complaint)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment")
        self.assertIn("已在版本", message.subject)
        self.assertIn("2.3.2", message.body)
        self.assertTrue(complaint.fix_notified)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn(self.reporter, mails.recipient_ids)
        # Published again, or the complaint written again: no second message.
        self.build_232.state = "retired"
        self.build_232.state = "released"
        complaint.fixed_in_build_id = self.build_232
        self.assertEqual(len(self.fix_messages(complaint)), 1)

    def test_reporter_is_told_at_once_when_the_build_is_already_published(self):
        self.build_232.state = "released"
        complaint = self.create_issue(build_id=self.build_231.id, fixed_in_build_id=self.build_232.id)
        self.assertEqual(len(self.fix_messages(complaint)), 1)
        self.assertTrue(complaint.fix_notified)

    def test_plain_employee_cannot_read_the_report(self):
        self.assertFalse(self.env["customer.software.feedback.report"].with_user(self.user_plain).has_access("read"))
        self.assertTrue(self.env["customer.software.feedback.report"].with_user(self.user_sales).has_access("read"))


@tagged("post_install", "-at_install")
class TestSoftwareFeedbackPortal(SoftwareFeedbackCase, HttpCase):
    def test_portal_page_shows_the_build_and_the_published_fix(self):
        portal = new_test_user(self.env, "portal_sw", groups="base.group_portal", password="portal_sw")
        portal.partner_id.parent_id = self.customer
        complaint = self.create_issue(build_id=self.build_231.id, fixed_in_build_id=self.build_232.id)
        self.authenticate("portal_sw", "portal_sw")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_complaint_build", page.text)
        self.assertIn(self.build_231.display_name, page.text)
        # Not published yet: the customer is not shown the planned version.
        self.assertNotIn("o_complaint_fixed_in", page.text)
        self.build_232.state = "released"
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertIn("o_complaint_fixed_in", page.text)
        self.assertIn("2.3.2", page.text)
