import io
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerComplaintCase
from .helpers import load_chinese

FIXED = {"root_cause": "<p>平整辊辊面缺陷</p>", "corrective_action": "<p>更换平整辊并加严点检</p>"}


@tagged("post_install", "-at_install")
class TestServiceKpis(CustomerComplaintCase):
    """Work records, reopenings, service teams and the service KPIs per
    engineer and team on a known data set, computed in one grouped SQL
    statement: the KPIs, the scorecard and the XLSX service report agree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Deadlines in plain hours (no working calendar): 4 h to respond, 40 h to resolve.
        cls.company.resource_calendar_id = False
        cls.policy = cls.env["customer.complaint.sla.policy"].create(
            {"name": "考核 SLA", "response_hours": 4.0, "resolution_hours": 40.0, "sequence": 1}
        )
        groups = "crm_customer_archive.group_archive_user"
        cls.engineer_a = new_test_user(cls.env, "service_engineer_a", groups=groups, name="王工")
        cls.engineer_b = new_test_user(cls.env, "service_engineer_b", groups=groups, name="刘工")
        Team = cls.env["crm.team"]
        cls.team_north = Team.create({"name": "华北服务组", "member_ids": [Command.link(cls.engineer_a.id)]})
        cls.team_south = Team.create({"name": "华南服务组", "member_ids": [Command.link(cls.engineer_b.id)]})

    def complaint(self, engineer, received, **values):
        return self.create_complaint(
            user=self.engineer_a,
            user_id=engineer.id,
            date_received=received,
            sla_policy_id=self.policy.id,
            **FIXED,
            **values,
        )

    def move(self, complaint, stage, at, **values):
        with freeze_time(at):
            complaint.with_user(complaint.user_id).write({"stage_id": stage.id, **values})

    def rate(self, complaint, value):
        return self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "res_id": complaint.id,
                "partner_id": self.reporter.id,
                "rating": value,
                "consumed": True,
            }
        )

    def log_work(self, complaint, hours, user=None, day="2026-03-05"):
        user = user or complaint.user_id
        return (
            self.env["customer.complaint.work"]
            .with_user(user)
            .create({"complaint_id": complaint.id, "date": day, "duration": hours, "note": "现场处理"})
        )

    def build_known_set(self):
        """Engineer A (华北): responded in 2 h and 6 h; resolved in 10 h (in
        time) and, after a reopening, in 50 h (late); rated 5 and 3 (first
        1, then 3: the latest counts); 7.5 h of work. Engineer B (华南): one
        open complaint answered in 4 h, past its deadline (a miss), 1 h of
        work; one rejected complaint (left out, its hour too)."""
        a1 = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        self.move(a1, self.stage_investigation, "2026-03-02 02:00:00")
        self.move(a1, self.stage_closed, "2026-03-02 10:00:00")
        a2 = self.complaint(self.engineer_a, "2026-03-03 00:00:00")
        self.move(a2, self.stage_investigation, "2026-03-03 06:00:00")
        self.move(a2, self.stage_closed, "2026-03-04 06:00:00")
        self.move(a2, self.stage_investigation, "2026-03-05 00:00:00")  # reopened
        self.move(a2, self.stage_closed, "2026-03-05 02:00:00")
        b1 = self.complaint(self.engineer_b, "2026-03-04 00:00:00")
        self.move(b1, self.stage_investigation, "2026-03-04 04:00:00")
        rejected = self.complaint(self.engineer_b, "2026-03-04 00:00:00")
        self.move(rejected, self.stage_rejected, "2026-03-04 01:00:00", rejection_reason="不成立")
        self.rate(a1, 5)
        self.rate(a2, 1)
        self.rate(a2, 3)
        self.log_work(a1, 2.0)
        self.log_work(a1, 1.5)
        self.log_work(a2, 4.0)
        self.log_work(b1, 1.0)
        self.log_work(rejected, 1.0)
        return a1 | a2 | b1 | rejected

    # ------------------------------------------------------------------
    # Work records
    # ------------------------------------------------------------------

    def test_work_hours_are_summed_on_the_complaint(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        work = self.log_work(complaint, 2.5)
        self.log_work(complaint, 1.25, user=self.engineer_b)
        self.assertEqual(complaint.work_hours, 3.75)
        self.assertEqual(work.user_id, self.engineer_a, "the current user by default")
        self.assertEqual(work.company_id, complaint.company_id)
        work.duration = 0.5
        self.assertEqual(complaint.work_hours, 1.75)

    def test_work_default_user_is_the_current_one(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        work = (
            self.env["customer.complaint.work"]
            .with_user(self.engineer_b)
            .create({"complaint_id": complaint.id, "duration": 1.0})
        )
        self.assertEqual(work.user_id, self.engineer_b)

    def test_bad_work_records_are_refused_and_nothing_is_written(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        Work = self.env["customer.complaint.work"].with_user(self.engineer_a)
        portal = new_test_user(self.env, "service_portal", groups="base.group_portal")
        load_chinese(self.env)
        cases = (
            ({"duration": -2.0}, "The time spent must be more than 0 and at most 24.0 hours, not -2.0"),
            ({"duration": 0.0}, "The time spent must be more than 0"),
            ({"duration": 24.5}, "at most 24.0 hours, not 24.5"),
            ({"duration": 1.0, "date": "2026-03-06"}, r"Work cannot be recorded for a future day \(2026-03-06\)"),
            ({"duration": 1.0, "user_id": portal.id}, "is not an employee: only employees record work"),
        )
        with freeze_time("2026-03-05 12:00:00"):
            for values, message in cases:
                with self.subTest(values=values), self.assertRaisesMessage(ValidationError, message):
                    Work.create({"complaint_id": complaint.id, **values})
            with self.assertRaisesMessage(ValidationError, "花费时间必须大于 0"):
                Work.with_context(lang="zh_CN").create({"complaint_id": complaint.id, "duration": -1.0})
            work = self.log_work(complaint, 2.0)
            with self.assertRaisesMessage(ValidationError, "not -1.0"):
                work.duration = -1.0
        self.assertEqual(self.env["customer.complaint.work"].search([("complaint_id", "=", complaint.id)]), work)
        self.assertEqual(work.duration, 2.0)
        self.assertEqual(complaint.work_hours, 2.0)

    def test_work_records_follow_the_access_policy(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        work = self.log_work(complaint, 1.0)
        with self.assertRaises(AccessError):
            work.with_user(self.engineer_a).unlink()
        with self.assertRaises(AccessError):
            self.env["customer.complaint.work"].with_user(self.user_plain).search([])
        work.with_user(self.user_manager).unlink()
        self.assertFalse(work.exists())

    # ------------------------------------------------------------------
    # Service team and reopenings
    # ------------------------------------------------------------------

    def test_team_follows_the_responsible_engineer(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        self.assertEqual(complaint.team_id, self.team_north)
        complaint.user_id = self.engineer_b
        self.assertEqual(complaint.team_id, self.team_south)
        complaint.team_id = self.team_north  # chosen by hand: kept
        complaint.title = "钢卷边裂"
        self.assertEqual(complaint.team_id, self.team_north)

    def test_reopening_counts_and_restarts_the_resolution(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        self.move(complaint, self.stage_investigation, "2026-03-02 02:00:00")
        self.move(complaint, self.stage_waiting, "2026-03-02 03:00:00")
        self.assertEqual(complaint.reopen_count, 0, "open to open is no reopening")
        self.move(complaint, self.stage_closed, "2026-03-02 10:00:00")
        self.assertEqual(complaint.date_resolved, datetime(2026, 3, 2, 10, 0))
        self.move(complaint, self.stage_investigation, "2026-03-03 09:00:00")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertEqual(complaint.date_reopened, datetime(2026, 3, 3, 9, 0))
        self.assertFalse(complaint.date_resolved, "measured again at the next resolution")
        self.assertFalse(complaint.date_closed)
        self.move(complaint, self.stage_closed, "2026-03-03 10:00:00")
        self.assertEqual(complaint.resolution_hours, 34.0)
        self.move(complaint, self.stage_new, "2026-03-04 09:00:00")
        self.assertEqual(complaint.reopen_count, 2)

    def test_reopening_a_rejected_complaint_is_no_reopening(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        self.move(complaint, self.stage_rejected, "2026-03-02 01:00:00", rejection_reason="不成立")
        self.move(complaint, self.stage_investigation, "2026-03-02 05:00:00")
        self.assertEqual(complaint.reopen_count, 0)

    # ------------------------------------------------------------------
    # KPIs on the known data set
    # ------------------------------------------------------------------

    def test_kpis_on_a_known_data_set(self):
        complaints = self.build_known_set()
        with freeze_time("2026-04-01 00:00:00"):
            kpis = complaints._service_kpis()
            by_engineer = {key[0]: figures for key, figures in complaints._service_kpis_by(["user_id"]).items()}
            by_team = {key[0]: figures for key, figures in complaints._service_kpis_by(["team_id"]).items()}
        self.assertEqual((kpis["count"], kpis["resolved"]), (3, 2), "the rejected complaint does not count")
        self.assertAlmostEqual(kpis["average_first_response_hours"], 4.0)  # (2 + 6 + 4) / 3
        self.assertAlmostEqual(kpis["average_resolution_hours"], 30.0)  # (10 + 50) / 2
        self.assertAlmostEqual(kpis["reopen_rate"], 50.0)  # 1 of the 2 resolved
        self.assertAlmostEqual(kpis["average_rating"], 4.0)  # (5 + 3) / 2: the latest rating of each
        self.assertAlmostEqual(kpis["sla_hit_rate"], 100.0 / 3)  # in time, late, open past the deadline
        self.assertAlmostEqual(kpis["work_hours"], 8.5)

        engineer_a = by_engineer[self.engineer_a]
        self.assertEqual((engineer_a["count"], engineer_a["resolved"]), (2, 2))
        self.assertAlmostEqual(engineer_a["average_first_response_hours"], 4.0)  # (2 + 6) / 2
        self.assertAlmostEqual(engineer_a["average_resolution_hours"], 30.0)
        self.assertAlmostEqual(engineer_a["reopen_rate"], 50.0)
        self.assertAlmostEqual(engineer_a["average_rating"], 4.0)
        self.assertAlmostEqual(engineer_a["sla_hit_rate"], 50.0)
        self.assertAlmostEqual(engineer_a["work_hours"], 7.5)
        engineer_b = by_engineer[self.engineer_b]
        self.assertEqual((engineer_b["count"], engineer_b["resolved"]), (1, 0))
        self.assertAlmostEqual(engineer_b["average_first_response_hours"], 4.0)
        self.assertIsNone(engineer_b["average_resolution_hours"])
        self.assertIsNone(engineer_b["reopen_rate"], "nothing resolved: no rate, not 0 %")
        self.assertIsNone(engineer_b["average_rating"], "not rated: no average, not 0")
        self.assertAlmostEqual(engineer_b["sla_hit_rate"], 0.0)
        self.assertAlmostEqual(engineer_b["work_hours"], 1.0)
        self.assertEqual(by_team[self.team_north], engineer_a)
        self.assertEqual(by_team[self.team_south], engineer_b)

    def test_kpis_take_one_statement_whatever_the_number_of_complaints(self):
        def count(size):
            complaints = self.env["customer.complaint"]
            for index in range(size):
                engineer = self.engineer_a if index % 2 else self.engineer_b
                complaint = self.complaint(engineer, "2026-03-02 00:00:00")
                self.move(complaint, self.stage_closed, "2026-03-02 10:00:00")
                self.rate(complaint, 5)
                self.log_work(complaint, 1.0)
                complaints |= complaint
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            figures = complaints._service_kpis_by(["user_id", "team_id"])
            scorecard = self.env["customer.service.scorecard"]._read_group(
                [("complaint_id", "in", complaints.ids)], ["user_id"], ["rating:avg", "work_hours:sum"]
            )
            queries = self.cr.sql_log_count - before
            self.assertEqual(sum(group["count"] for group in figures.values()), size)
            self.assertEqual(sum(hours for _user, _rating, hours in scorecard), size)
            return queries

        self.assertEqual(count(2), count(20))

    # ------------------------------------------------------------------
    # Scorecard and XLSX
    # ------------------------------------------------------------------

    def test_scorecard_agrees_with_the_kpis(self):
        complaints = self.build_known_set()
        with freeze_time("2026-04-01 00:00:00"):
            kpis = complaints._service_kpis_by(["user_id"])
            rows = (
                self.env["customer.service.scorecard"]
                .with_user(self.engineer_b)
                ._read_group(
                    [("complaint_id", "in", complaints.ids)],
                    ["user_id", "team_id", "date_received:month"],
                    [
                        "request_count:sum",
                        "resolved_count:sum",
                        "first_response_hours:avg",
                        "resolution_hours:avg",
                        "reopen_rate:avg",
                        "rating:avg",
                        "sla_hit_rate:avg",
                        "work_hours:sum",
                    ],
                )
            )
        self.assertEqual(len(rows), 2, "one row per engineer, team and month; the rejected one left out")
        for user, team, month, count, resolved, response, resolution, reopen, rating, sla, hours in rows:
            figures = kpis[(user,)]
            self.assertEqual(team, self.team_north if user == self.engineer_a else self.team_south)
            self.assertEqual(month.strftime("%Y-%m"), "2026-03")
            self.assertEqual((count, resolved), (figures["count"], figures["resolved"]))
            for value, key in (
                (response, "average_first_response_hours"),
                (resolution, "average_resolution_hours"),
                (reopen, "reopen_rate"),
                (rating, "average_rating"),
                (sla, "sla_hit_rate"),
                (hours, "work_hours"),
            ):
                with self.subTest(user=user.name, figure=key):
                    if figures[key] is None:
                        self.assertFalse(value)
                    else:
                        self.assertAlmostEqual(value, figures[key])

    def test_scorecard_is_read_only_and_for_archive_users(self):
        complaint = self.complaint(self.engineer_a, "2026-03-02 00:00:00")
        Scorecard = self.env["customer.service.scorecard"]
        row = Scorecard.with_user(self.engineer_b).search([("complaint_id", "=", complaint.id)])
        self.assertEqual(row.user_id, self.engineer_a)
        with self.assertRaises(AccessError):
            Scorecard.with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            row.with_user(self.user_manager).write({"work_hours": 3.0})

    def test_service_report_xlsx_by_engineer_and_team(self):
        complaints = self.build_known_set()
        load_chinese(self.env)
        with freeze_time("2026-04-01 00:00:00"):
            content, _format = self.env["ir.actions.report"]._render_xlsx(
                "crm_customer_archive.report_complaint_service_xlsx", complaints.ids, {}
            )
            content_zh, _format = (
                self.env["ir.actions.report"]
                .with_context(lang="zh_CN")
                ._render_xlsx("crm_customer_archive.report_complaint_service_xlsx", complaints.ids, {})
            )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        rows = list(workbook["By Engineer"].values)
        self.assertEqual(
            rows[0],
            (
                "Responsible Engineer",
                "Requests",
                "Resolved",
                "Average First Response Time (h)",
                "Average Resolution Time (h)",
                "Reopen Rate (%)",
                "Average Rating",
                "SLA Hit Rate (%)",
                "Hours Worked",
            ),
        )
        by_engineer = {row[0]: row[1:] for row in rows[1:]}
        self.assertEqual(by_engineer["王工"], (2, 2, 4, 30, 50, 4, 50, 7.5))
        self.assertEqual(by_engineer["刘工"], (1, 0, 4, "—", "—", "—", 0, 1))
        by_team = {row[0]: row[1:] for row in list(workbook["By Team"].values)[1:]}
        self.assertEqual(by_team["华北服务组"], by_engineer["王工"])
        self.assertEqual(by_team["华南服务组"], by_engineer["刘工"])
        kpis = {row[0]: row[1] for row in list(workbook["KPIs"].values)[1:]}
        self.assertEqual(kpis["Reopen Rate (%)"], 50)
        self.assertEqual(kpis["Average Rating"], 4)
        self.assertEqual(kpis["Hours Worked"], 8.5)

        workbook_zh = openpyxl.load_workbook(io.BytesIO(content_zh))
        self.assertIn("按工程师", workbook_zh.sheetnames)
        self.assertIn("按服务团队", workbook_zh.sheetnames)
        header = next(workbook_zh["按工程师"].values)
        self.assertEqual(header[5], "重开率 (%)")
        self.assertEqual(header[6], "平均评分")
