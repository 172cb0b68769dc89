import importlib.util
import re
from datetime import datetime, timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import CustomerComplaintCase
from .helpers import load_chinese

MIGRATION = Path(__file__).parent.parent / "migrations" / "19.0.6.0.0"
OUT_OF_SCALE = "评价只能是 1（不满意）、3（一般）或 5（满意），不能是 %s。"


def run_migration_script(cr, name):
    spec = importlib.util.spec_from_file_location(f"crm_customer_archive_{name}", MIGRATION / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.migrate(cr, "19.0.5.0.0")


class ComplaintRatingCase(CustomerComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env, ("crm_customer_archive", "rating"))
        cls.stage_corrective = cls.env.ref("crm_customer_archive.complaint_stage_corrective")
        cls.engineer = cls.user_service
        cls.resolution = {"root_cause": "<p>导辊划伤</p>", "corrective_action": "<p>更换导辊</p>"}

    def resolved_complaint(self, **values):
        complaint = self.create_complaint(user_id=self.engineer.id, **self.resolution, **values)
        complaint.with_user(self.engineer).stage_id = self.stage_verification
        return complaint

    def pending_rating(self, complaint):
        return complaint.sudo().rating_ids.filtered(lambda rating: not rating.consumed)


@tagged("post_install", "-at_install")
class TestComplaintRating(ComplaintRatingCase, HttpCase):
    """The reporter rates a resolved complaint with Odoo's rating mail and its
    /rate pages; only Odoo's three faces are accepted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The reporter has a portal login: rating as themselves.
        cls.reporter_user = cls.env["res.users"].create(
            {
                "login": "lina_qc",
                "password": "lina_qc_pw",
                "partner_id": cls.reporter.id,
                "group_ids": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def rating_mails(self, complaint):
        return self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "=", complaint.id), ("body_html", "like", "/rate/")]
        )

    def test_rating_mail_on_resolution(self):
        complaint = self.create_complaint(user_id=self.engineer.id, **self.resolution)
        complaint.with_user(self.engineer).stage_id = self.stage_corrective
        self.assertFalse(self.rating_mails(complaint), "not resolved yet")
        complaint.with_user(self.engineer).stage_id = self.stage_verification
        mail = self.rating_mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.reporter)
        token = self.pending_rating(complaint).access_token
        self.assertTrue(token)
        for rate in (5, 3, 1):
            self.assertIn(f"/rate/{token}/{rate}", mail.body_html)
        # In the reporter's language.
        self.assertIn(complaint.name, mail.subject)
        self.assertIn("已解决，您满意吗", mail.subject)
        self.assertIn("请点击下面的表情", mail.body_html)
        self.assertIn("更换导辊", mail.body_html, "what was done: it is the resolution notice too")
        all_mails = self.env["mail.mail"].search([("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)])
        self.assertEqual(all_mails, mail, "one mail, not a notice and a rating request")
        self.assertEqual(self.pending_rating(complaint).partner_id, self.reporter)
        self.assertEqual(self.pending_rating(complaint).rated_partner_id, self.engineer.partner_id)
        # Verification -> Closed: still resolved, no second request.
        complaint.with_user(self.engineer).stage_id = self.stage_closed
        self.assertEqual(len(self.rating_mails(complaint)), 1)

    def test_no_reporter_the_customer_is_asked(self):
        self.customer.email = "quality@hbqc.example.cn"
        complaint = self.resolved_complaint(reporter_id=False)
        self.assertEqual(self.rating_mails(complaint).recipient_ids, self.customer)

    def test_reporter_rates_on_odoo_rate_page(self):
        complaint = self.resolved_complaint()
        token = self.pending_rating(complaint).access_token
        self.authenticate("lina_qc", "lina_qc_pw")
        page = self.url_open(f"/rate/{token}/5")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'action="/rate/{token}/submit_feedback"', page.text)
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/rate/{token}/submit_feedback", data={"csrf_token": csrf, "rate": "5", "feedback": "处理及时"}
        )
        self.assertEqual(response.status_code, 200)
        rating = complaint.sudo().rating_ids
        self.assertRecordValues(
            rating,
            [
                {
                    "rating": 5.0,
                    "feedback": "处理及时",
                    "consumed": True,
                    "partner_id": self.reporter.id,
                    "parent_res_model": "res.partner",
                    "parent_res_id": self.customer.id,
                }
            ],
        )
        self.assertEqual(complaint.rating_last_value, 5.0)
        self.assertEqual(complaint.message_ids.filtered("rating_id").author_id, self.reporter)
        self.assertEqual(self.customer.complaint_rating_avg, 5.0)
        self.assertEqual(self.customer.complaint_rating_count, 1)

    def test_portal_page_shows_the_faces_then_the_rating(self):
        portal = self.env["res.users"].create(
            {
                "login": "hbqc_buyer",
                "password": "hbqc_buyer_pw",
                "name": "采购 王",
                "parent_id": self.customer.id,
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self.assertEqual(portal.partner_id.commercial_partner_id, self.customer)
        complaint = self.create_complaint(user_id=self.engineer.id, **self.resolution)
        self.authenticate("hbqc_buyer", "hbqc_buyer_pw")
        self.assertNotIn("/rate/", self.url_open(f"/my/complaints/{complaint.id}").text, "not resolved yet")
        complaint.with_user(self.engineer).stage_id = self.stage_verification
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        token = self.pending_rating(complaint).access_token
        for rate in (5, 3, 1):
            self.assertIn(f'href="/rate/{token}/{rate}"', page, "the same /rate pages as the mail's")
        self.assertNotIn("o_complaint_rated", page)
        complaint.sudo().rating_apply(3, token=token, feedback="还可以")
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertIn("o_complaint_rated", page)
        self.assertIn("还可以", page)
        self.assertNotIn("/rate/", page)

    def test_rating_outside_the_scale_is_refused(self):
        complaint = self.resolved_complaint()
        rating = self.pending_rating(complaint)
        for rate in (0, 2, 4, 6):
            with self.subTest(rate=rate), self.assertRaisesRegex(UserError, f"not {rate}"):
                complaint.rating_apply(rate, token=rating.access_token)
        # Through Odoo's real route, in the reporter's language.
        self.authenticate("lina_qc", "lina_qc_pw")
        response = self.url_open(f"/rate/{rating.access_token}/4")
        self.assertEqual(response.status_code, 400)
        self.assertIn(OUT_OF_SCALE % 4, response.text)
        csrf = re.search(
            r'name="csrf_token"\s+value="([^"]+)"', self.url_open(f"/rate/{rating.access_token}/5").text
        ).group(1)
        for rate in ("2", "五"):
            response = self.url_open(
                f"/rate/{rating.access_token}/submit_feedback", data={"csrf_token": csrf, "rate": rate}
            )
            self.assertEqual(response.status_code, 400)
            self.assertIn(OUT_OF_SCALE % rate, response.text)
        self.assertRecordValues(rating, [{"consumed": False, "rating": 0.0, "feedback": False}])
        self.assertFalse(complaint.message_ids.filtered("rating_id"))
        self.assertEqual(complaint.rating_last_value, 0.0)


@tagged("post_install", "-at_install")
class TestCustomerRatingStats(ComplaintRatingCase):
    """The archive's average rating and its trend: one grouped query for the
    page of customers, on a known set of ratings."""

    def rate(self, customer, rate, days_ago):
        complaint = self.create_complaint(partner_id=customer.id, reporter_id=False)
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "res_id": complaint.id,
                "partner_id": customer.id,
                "rating": rate,
                "consumed": True,
            }
        )
        rating.rated_on = datetime(2026, 6, 30, 10, 0) - timedelta(days=days_ago)
        return rating

    def test_average_and_trend(self):
        up, down, stable, new, unrated = self.env["res.partner"].create(
            [
                {"name": name, "is_company": True}
                for name in ("上升客户", "下降客户", "平稳客户", "新客户", "未评价客户")
            ]
        )
        ratings = [
            self.rate(customer, rate, days_ago)
            for customer, rate, days_ago in [
                (up, 5, 10),
                (up, 5, 80),  # last 90 days: 5.0
                (up, 1, 100),
                (up, 3, 170),  # the 90 days before: 2.0
                (up, 1, 400),  # counts in the average only
                (down, 1, 5),
                (down, 5, 120),
                (stable, 3, 30),
                (stable, 5, 95),
                (stable, 1, 175),  # 3.0 against 3.0
                (new, 3, 1),
            ]
        ]
        self.assertEqual(ratings[0].parent_res_id, up.id, "every rating carries its customer")
        # A pending (not consumed) rating does not count.
        complaint = self.create_complaint(partner_id=down.id, reporter_id=False)
        complaint._rating_get_access_token()
        customers = up | down | stable | new | unrated
        with freeze_time("2026-06-30 12:00:00"):
            customers.invalidate_recordset()
            self.assertRecordValues(
                customers,
                [
                    {"complaint_rating_count": 5, "complaint_rating_avg": 3.0, "complaint_rating_trend": "up"},
                    {"complaint_rating_count": 2, "complaint_rating_avg": 3.0, "complaint_rating_trend": "down"},
                    {"complaint_rating_count": 3, "complaint_rating_avg": 3.0, "complaint_rating_trend": "stable"},
                    {"complaint_rating_count": 1, "complaint_rating_avg": 3.0, "complaint_rating_trend": False},
                    {"complaint_rating_count": 0, "complaint_rating_avg": 0.0, "complaint_rating_trend": False},
                ],
            )
            # One grouped query, whatever the number of customers.
            self.env.flush_all()
            for batch in (up, customers):
                batch.invalidate_recordset()
                with self.assertQueryCount(1):
                    batch.mapped("complaint_rating_trend")

    def test_rating_button_opens_the_customers_ratings(self):
        rating = self.rate(self.customer, 5, 1)
        action = self.customer.with_user(self.user_service).action_view_complaint_ratings()
        self.assertEqual(self.env["rating.rating"].search(action["domain"]), rating)


@tagged("post_install", "-at_install")
class TestRatingMigration(ComplaintRatingCase, TransactionCase):
    """19.0.6.0.0: the former 1-5 selection and comment become consumed
    rating.rating rows on Odoo's scale, then the columns go."""

    def test_old_values_become_odoo_ratings(self):
        cr = self.env.cr
        cr.execute("ALTER TABLE customer_complaint ADD COLUMN rating VARCHAR, ADD COLUMN rating_comment TEXT")
        old = {}
        for value, comment in [
            ("1", "很差"),
            ("2", None),
            ("3", " "),
            ("4", "不错"),
            ("5", "非常满意"),
            (None, "无评价"),
        ]:
            complaint = self.create_complaint(user_id=self.engineer.id)
            cr.execute(
                "UPDATE customer_complaint SET rating = %s, rating_comment = %s WHERE id = %s",
                (value, comment, complaint.id),
            )
            old[value] = complaint
        no_reporter = self.create_complaint(reporter_id=False)
        cr.execute("UPDATE customer_complaint SET rating = '4' WHERE id = %s", (no_reporter.id,))

        run_migration_script(cr, "pre-migration")
        run_migration_script(cr, "post-migration")

        for value, rate, feedback in [
            ("1", 1, "很差"),
            ("2", 1, False),
            ("3", 3, False),
            ("4", 5, "不错"),
            ("5", 5, "非常满意"),
        ]:
            with self.subTest(value=value):
                complaint = old[value]
                self.assertRecordValues(
                    complaint.rating_ids,
                    [
                        {
                            "rating": rate,
                            "feedback": feedback,
                            "consumed": True,
                            "partner_id": self.reporter.id,
                            "rated_partner_id": self.engineer.partner_id.id,
                            "parent_res_model": "res.partner",
                            "parent_res_id": self.customer.id,
                            "res_name": complaint.display_name,
                        }
                    ],
                )
                self.assertEqual(complaint.rating_last_value, rate)
                self.assertTrue(complaint.rating_ids.access_token)
        self.assertFalse(old[None].rating_ids)
        self.assertRecordValues(no_reporter.rating_ids, [{"rating": 5, "partner_id": self.customer.id}])
        self.assertEqual(self.customer.complaint_rating_count, 6)
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'customer_complaint'"
            " AND column_name IN ('rating', 'rating_comment', 'legacy_rating', 'legacy_rating_comment')"
        )
        self.assertEqual(cr.fetchall(), [], "the old columns are gone")
