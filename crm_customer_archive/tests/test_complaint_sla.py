from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CustomerComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintSla(CustomerComplaintCase):
    """Deadlines in working hours of a Monday-Friday 8-12 / 13-17 calendar in
    Shanghai; the customer is level A: response 4 h, resolution 24 h."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create({"name": "上海 标准工时", "tz": "Asia/Shanghai"})
        hours = sorted({(a.hour_from, a.hour_to) for a in calendar.attendance_ids if a.day_period != "lunch"})
        assert hours == [(8.0, 12.0), (13.0, 17.0)], hours  # the standard 40-hour week
        cls.company.resource_calendar_id = calendar
        cls.customer.customer_level = "a"
        cls.engineer = cls.user_officer

    def test_deadline_across_the_weekend_and_a_paused_stage(self):
        # Friday 2026-11-20 15:00 in Shanghai = 07:00 UTC
        complaint = self.create_complaint(date_received="2026-11-20 07:00:00", user_id=self.engineer.id)
        self.assertEqual(complaint.sla_policy_id, self.env.ref("crm_customer_archive.sla_policy_quality_key"))
        # Response 4 h: Fri 15-17 (2 h), Mon 8-10 → Monday 10:00 Shanghai
        self.assertEqual(complaint.sla_response_deadline, datetime(2026, 11, 23, 2, 0))
        # Resolution 24 h: Fri 2 + Mon 8 + Tue 8 + Wed 8-12, 13-15 → Wednesday 15:00 Shanghai
        self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 25, 7, 0))
        # At risk after 80 % = 19.2 h → Wednesday 09:12 Shanghai
        self.assertEqual(complaint.sla_at_risk_date, datetime(2026, 11, 25, 1, 12))

        # Waiting for the customer from Monday 09:00 to Tuesday 09:00 (Shanghai):
        # Mon 9-12 + 13-17 + Tue 8-9 = 8 working hours do not count.
        with freeze_time("2026-11-23 01:00:00"):
            complaint.write({"stage_id": self.stage_waiting.id})
            self.assertEqual(complaint.sla_paused_since, datetime(2026, 11, 23, 1, 0))
        with freeze_time("2026-11-24 01:00:00"):
            complaint.write({"stage_id": self.stage_investigation.id})
        self.assertAlmostEqual(complaint.sla_paused_hours, 8.0, places=6)
        self.assertFalse(complaint.sla_paused_since)
        # 24 + 8 h → Thursday 15:00 Shanghai; at risk after 19.2 + 8 h → Thursday 09:12
        self.assertEqual(complaint.sla_deadline, datetime(2026, 11, 26, 7, 0))
        self.assertEqual(complaint.sla_at_risk_date, datetime(2026, 11, 26, 1, 12))

        for moment, status in (
            ("2026-11-26 01:00:00", "on_time"),
            ("2026-11-26 06:00:00", "at_risk"),
            ("2026-11-26 08:00:00", "failed"),
        ):
            with self.subTest(moment=moment), freeze_time(moment):
                complaint.invalidate_recordset(["sla_status"])
                self.assertEqual(complaint.sla_status, status)
                found = self.env["customer.complaint"].search([("id", "=", complaint.id), ("sla_status", "=", status)])
                self.assertEqual(found, complaint, "the status can be searched")

    def test_resolution_in_time_counts_as_met(self):
        complaint = self.create_complaint(
            date_received="2026-11-20 07:00:00", root_cause="<p>辊印</p>", corrective_action="<p>换辊</p>"
        )
        with freeze_time("2026-11-24 03:00:00"):
            complaint.write({"stage_id": self.stage_verification.id})
        self.assertEqual(complaint.date_resolved, datetime(2026, 11, 24, 3, 0))
        self.assertTrue(complaint.sla_reached)
        self.assertEqual(complaint.resolution_hours, 92.0)
        with freeze_time("2026-12-31 00:00:00"):
            complaint.invalidate_recordset(["sla_status"])
            self.assertEqual(complaint.sla_status, "on_time", "resolved in time stays on time")

    def test_engineer_gets_activities_at_the_deadlines(self):
        complaint = self.create_complaint(date_received="2026-11-20 07:00:00", user_id=self.engineer.id)
        cron = self.env.ref("crm_customer_archive.ir_cron_customer_complaint_sla")
        with freeze_time("2026-11-25 02:00:00"):  # at risk
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(complaint.activity_ids.user_id, self.engineer)
        self.assertIn("SLA at risk", complaint.activity_ids.summary)
        with freeze_time("2026-11-25 08:00:00"):  # failed; the at-risk one is not repeated
            cron.ir_actions_server_id.with_user(cron.user_id).run()
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(len(complaint.activity_ids), 2)
        self.assertTrue(any("SLA failed" in summary for summary in complaint.activity_ids.mapped("summary")))

    def test_search_several_statuses_at_once(self):
        late = self.create_complaint(date_received="2026-11-02 01:00:00")
        fresh = self.create_complaint(date_received="2026-11-20 01:00:00")
        with freeze_time("2026-11-20 02:00:00"):
            Complaint = self.env["customer.complaint"]
            ids = (late | fresh).ids
            self.assertEqual(Complaint.search([("id", "in", ids), ("sla_status", "=", "failed")]), late)
            self.assertEqual(
                Complaint.search([("id", "in", ids), ("sla_status", "in", ["failed", "on_time"])]), late | fresh
            )
            self.assertFalse(Complaint.search([("id", "in", ids), ("sla_status", "=", "at_risk")]))
