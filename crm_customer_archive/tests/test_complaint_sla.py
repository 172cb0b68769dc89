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

    def test_shipped_policies_serve_every_company(self):
        """The policies the addon ships are shared: a second company's
        complaint gets one too, not a complaint without any SLA."""
        customer = self.env["res.partner"].create(
            {"name": "西南重工", "is_company": True, "company_id": self.other_company.id}
        )
        complaint = self.env["customer.complaint"].create(
            {"title": "卷边", "partner_id": customer.id, "company_id": self.other_company.id, "severity": "critical"}
        )
        self.assertEqual(complaint.sla_policy_id, self.env.ref("crm_customer_archive.sla_policy_critical"))
        self.assertTrue(complaint.sla_deadline)

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
            self.assertEqual(complaint.sla_status, "reached", "resolved in time: the outcome, not a clock")
            found = self.env["customer.complaint"].search([("id", "=", complaint.id), ("sla_status", "=", "reached")])
            self.assertEqual(found, complaint)

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

    def test_closed_complaints_show_their_outcome(self):
        fixed = {"root_cause": "<p>辊印</p>", "corrective_action": "<p>换辊</p>"}
        late = self.create_complaint(date_received="2026-11-20 07:00:00", **fixed)
        rejected = self.create_complaint(date_received="2026-11-20 07:00:00")
        with freeze_time("2026-11-26 01:00:00"):  # past the deadline (Wednesday 15:00 Shanghai)
            late.write({"stage_id": self.stage_closed.id})
            rejected.write({"stage_id": self.stage_rejected.id, "rejection_reason": "不成立"})
        Complaint = self.env["customer.complaint"]
        ids = (late | rejected).ids
        with freeze_time("2026-12-31 00:00:00"):
            (late | rejected).invalidate_recordset(["sla_status"])
            self.assertEqual(late.sla_status, "failed", "resolved late stays failed")
            self.assertFalse(rejected.sla_status, "a rejected complaint has no SLA outcome")
            self.assertEqual(Complaint.search([("id", "in", ids), ("sla_status", "=", "failed")]), late)
            self.assertFalse(Complaint.search([("id", "in", ids), ("sla_status", "in", ["on_time", "at_risk"])]))

    def test_response_deadline_becomes_met_or_late(self):
        # Received Friday 15:00 Shanghai: respond by Monday 10:00 (02:00 UTC).
        in_time = self.create_complaint(date_received="2026-11-20 07:00:00")
        late = self.create_complaint(date_received="2026-11-20 07:00:00")
        both = in_time | late
        with freeze_time("2026-11-23 01:00:00"):
            both.invalidate_recordset(["sla_response_status"])
            self.assertEqual(both.mapped("sla_response_status"), ["pending", "pending"])
            in_time.write({"stage_id": self.stage_investigation.id})
        with freeze_time("2026-11-23 03:00:00"):
            both.invalidate_recordset(["sla_response_status"])
            self.assertEqual(late.sla_response_status, "overdue")
            late.write({"stage_id": self.stage_investigation.id})
        with freeze_time("2026-12-31 00:00:00"):
            both.invalidate_recordset(["sla_response_status"])
            self.assertEqual(in_time.sla_response_status, "met")
            self.assertEqual(late.sla_response_status, "late", "answered: met or late, no deadline left to act on")

    def test_kpis_count_only_known_outcomes(self):
        """Level A, 24 working hours: received Friday 2026-11-20 07:00 UTC → due
        Wednesday 11-25 07:00 UTC; received Monday 11-23 07:00 → due Thursday
        11-26 07:00. Now is Thursday 11-26 03:00 UTC."""
        fixed = {"root_cause": "<p>辊印</p>", "corrective_action": "<p>换辊</p>"}
        friday, monday = "2026-11-20 07:00:00", "2026-11-23 07:00:00"
        scratch = {"defect_type_id": self.defect_scratch.id, **fixed}
        in_time = self.create_complaint(date_received=friday, **scratch)
        late = self.create_complaint(date_received=friday, **scratch)
        open_failed = self.create_complaint(date_received=friday, **scratch)
        open_pending = self.create_complaint(date_received=monday, defect_type_id=self.defect_edge_crack.id)
        in_time.write({"date_resolved": "2026-11-24 07:00:00", "stage_id": self.stage_closed.id})  # 96 h
        late.write({"date_resolved": "2026-11-25 19:00:00", "stage_id": self.stage_closed.id})  # 132 h
        complaints = in_time | late | open_failed | open_pending
        self.assertEqual(open_pending.sla_deadline, datetime(2026, 11, 26, 7, 0))
        with freeze_time("2026-11-26 03:00:00"):
            kpis = complaints._service_kpis()
            by_defect = {key[0]: figures for key, figures in complaints._service_kpis_by(["defect_type_id"]).items()}
        self.assertEqual(kpis["count"], 4)
        self.assertEqual(kpis["resolved"], 2)
        self.assertAlmostEqual(kpis["average_resolution_hours"], 114.0)  # (96 + 132) / 2, open ones left out
        self.assertAlmostEqual(kpis["median_resolution_hours"], 114.0)
        # Known outcomes: in time (hit), late and open past the deadline (misses); the pending one is neither.
        self.assertAlmostEqual(kpis["sla_hit_rate"], 100.0 / 3)
        self.assertEqual(kpis["sla_pending"], 1)

        scratch_kpis = by_defect[self.defect_scratch]
        self.assertEqual((scratch_kpis["count"], scratch_kpis["resolved"]), (3, 2))
        # Today's code averaged the open complaint as 0 h here: (96 + 132 + 0) / 3 = 76.
        self.assertAlmostEqual(scratch_kpis["average_resolution_hours"], 114.0)
        self.assertAlmostEqual(scratch_kpis["sla_hit_rate"], 100.0 / 3)
        crack_kpis = by_defect[self.defect_edge_crack]
        self.assertEqual((crack_kpis["count"], crack_kpis["resolved"], crack_kpis["sla_pending"]), (1, 0, 1))
        self.assertIsNone(crack_kpis["average_resolution_hours"], "nothing resolved: no average, not 0 h")
        self.assertIsNone(crack_kpis["median_resolution_hours"])
        self.assertIsNone(crack_kpis["sla_hit_rate"], "only pending: neither hit nor miss")

        with freeze_time("2026-11-26 08:00:00"):  # the pending one is now past its deadline too
            kpis = complaints._service_kpis()
        self.assertAlmostEqual(kpis["sla_hit_rate"], 25.0)
        self.assertEqual(kpis["sla_pending"], 0)

    def test_kpis_take_four_queries_whatever_the_groups(self):
        complaints = self.env["customer.complaint"]
        for defect in (self.defect_scratch, self.defect_edge_crack, self.defect_wrinkle):
            complaints |= self.create_complaint(date_received="2026-11-20 07:00:00", defect_type_id=defect.id)
        complaints.invalidate_model()
        with self.assertQueryCount(4):
            complaints._service_kpis_by(["defect_type_id"])
