"""Satisfaction surveys on Odoo survey: sent when a complaint closes, sent by
campaigns to the contacts of matching customers, answers linked back to the
customer and complaint, CSAT and NPS on the archive and in the analysis, the
portal list of invitations and the customer answering from the mail link."""

import re

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import BrowserTourCase, CustomerComplaintCase
from .helpers import CHINESE, load_chinese

START_LINK = re.compile(r'href="(?:https?://[^/"]+)?(/survey/start/[^"]+)"')


class SatisfactionSurveyCase(CustomerComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        ref = cls.env.ref
        cls.survey = ref("crm_customer_archive.survey_service_satisfaction")
        cls.question_csat = ref("crm_customer_archive.survey_service_satisfaction_csat")
        cls.question_nps = ref("crm_customer_archive.survey_service_satisfaction_nps")
        cls.company.complaint_survey_id = cls.survey

    @classmethod
    def close(cls, complaint):
        complaint.write(
            {
                "root_cause": "<p>剪切刀片磨损</p>",
                "corrective_action": "<p>更换刀片</p>",
                "stage_id": cls.stage_closed.id,
            }
        )

    @classmethod
    def answer(cls, partner, csat=None, nps=None, done=True, **values):
        """An answer of ``partner`` with these scale answers, done or not."""
        answer = cls.survey._create_answer(partner=partner, check_attempts=False, **values)
        # As the browser posts them: strings (survey takes a falsy answer for skipped).
        if csat is not None:
            answer._save_lines(cls.question_csat, str(csat))
        if nps is not None:
            answer._save_lines(cls.question_nps, str(nps))
        if done:
            answer._mark_done()
        return answer

    def invitations(self, answers):
        return self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)])


@tagged("post_install", "-at_install")
class TestSurveyOnClosure(SatisfactionSurveyCase):
    def test_closing_sends_the_survey_linked_to_complaint_and_customer(self):
        complaint = self.create_complaint()
        self.assertFalse(self.env["survey.user_input"].search([("complaint_id", "=", complaint.id)]))
        self.close(complaint)
        answer = self.env["survey.user_input"].search([("complaint_id", "=", complaint.id)])
        self.assertRecordValues(
            answer,
            [
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.reporter.id,
                    "archive_partner_id": self.customer.id,
                    "customer_level": "a",
                    "customer_category_id": self.category_direct.id,
                    "state": "new",
                }
            ],
        )
        mail = self.invitations(answer)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.reporter)
        # In the reporter's language (zh_CN), with the answer's own start link.
        self.assertEqual(mail.subject, "服务满意度调查：我们的服务如何？")
        self.assertIn(complaint.name, mail.body_html)
        self.assertIn("开始答卷", mail.body_html)
        self.assertEqual(START_LINK.search(mail.body_html).group(1), answer.get_start_url())

    def test_sent_once_and_only_on_closure(self):
        complaint = self.create_complaint()
        complaint.stage_id = self.stage_investigation
        self.assertFalse(self.env["survey.user_input"].search([("complaint_id", "=", complaint.id)]))
        self.close(complaint)
        complaint.stage_id = self.stage_investigation  # reopened
        complaint.stage_id = self.stage_closed  # closed again
        self.assertEqual(self.env["survey.user_input"].search_count([("complaint_id", "=", complaint.id)]), 1)

    def test_not_sent_without_survey_email_or_to_a_contact_who_left(self):
        without_email = self.env["res.partner"].create({"name": "王工", "parent_id": self.customer.id})
        left = self.env["res.partner"].create(
            {"name": "刘工", "parent_id": self.customer.id, "email": "liu@example.cn", "contact_state": "left"}
        )
        complaints = [self.create_complaint(reporter_id=contact.id) for contact in (without_email, left)]
        for complaint in complaints:
            self.close(complaint)
        rejected = self.create_complaint()
        rejected.write({"rejection_reason": "非我方原因", "stage_id": self.stage_rejected.id})
        self.company.complaint_survey_id = False
        complaints.append(self.create_complaint())
        self.close(complaints[-1])
        ids = [complaint.id for complaint in [*complaints, rejected]]
        self.assertFalse(self.env["survey.user_input"].search([("complaint_id", "in", ids)]))


@tagged("post_install", "-at_install")
class TestSurveyFigures(SatisfactionSurveyCase):
    def test_scores_are_set_when_the_answer_is_done(self):
        answer = self.answer(self.reporter, csat=4, nps=6, done=False)
        self.assertRecordValues(answer, [{"csat_score": 0, "nps_category": False}])
        answer._mark_done()
        self.assertRecordValues(
            answer,
            [
                {
                    "csat_score": 4,
                    "csat_percent": 100.0,
                    "nps_score": 6,
                    "nps_category": "detractor",
                    "nps_value": -100.0,
                    "archive_partner_id": self.customer.id,
                }
            ],
        )
        zero = self.answer(self.reporter, csat=2, nps=0)
        self.assertRecordValues(zero, [{"csat_percent": 0.0, "nps_score": 0, "nps_category": "detractor"}])

    def test_csat_and_nps_of_a_known_set(self):
        """(CSAT, NPS) = (5, 10), (4, 9), (2, 3), (3, 7): 2 of 4 satisfied →
        CSAT 50 %; 2 promoters, 1 detractor of 4 → NPS 25. An invitation not
        answered and another customer's answer change nothing."""
        for csat, nps in ((5, 10), (4, 9), (2, 3), (3, 7)):
            self.answer(self.reporter, csat=csat, nps=nps)
        self.answer(self.reporter, done=False)
        other_contact = self.env["res.partner"].create({"name": "周工", "parent_id": self.other_customer.id})
        self.answer(other_contact, csat=1, nps=0)
        customers = self.customer | self.other_customer
        customers.invalidate_recordset()
        self.assertRecordValues(
            customers,
            [
                {"survey_answer_count": 4, "survey_csat": 50.0, "survey_nps": 25.0},
                {"survey_answer_count": 1, "survey_csat": 0.0, "survey_nps": -100.0},
            ],
        )
        # The analysis' averages: answered questions only (not the open invitation).
        groups = self.env["survey.user_input"]._read_group(
            [("archive_partner_id", "=", self.customer.id)],
            ["archive_partner_id"],
            ["csat_percent:avg", "nps_value:avg", "csat_score:avg", "__count"],
        )
        self.assertEqual(groups, [(self.customer, 50.0, 25.0, 3.5, 5)])

    def test_analysis_shows_satisfaction_surveys_only(self):
        """The analysis lists answers to surveys with a CSAT or NPS question,
        not every survey a customer's contact answered."""
        ours = self.answer(self.reporter, csat=5, nps=10)
        other_survey = self.env["survey.survey"].create({"title": "培训报名", "access_mode": "token"})
        theirs = other_survey._create_answer(partner=self.reporter, check_attempts=False)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_archive.survey_user_input_action_satisfaction"
        )
        shown = self.env["survey.user_input"].search(safe_eval(action["domain"]))
        self.assertIn(ours, shown)
        self.assertNotIn(theirs, shown)
        self.assertEqual(theirs.archive_partner_id, self.customer)

    def test_archive_figures_in_one_query_for_the_batch(self):
        self.answer(self.reporter, csat=5, nps=10)
        customers = self.customer | self.other_customer
        customers.invalidate_recordset()
        with self.assertQueryCount(1):
            customers.mapped("survey_csat")

    def test_metric_needs_its_scale(self):
        question = self.env["survey.question"].create(
            {
                "survey_id": self.survey.id,
                "title": "推荐意愿",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
            }
        )
        with self.assertRaisesMessage(
            ValidationError, "问题 推荐意愿 用于计算满意度（CSAT，1–5）：必须是从 1 到 5 的量表"
        ):
            question.with_context(lang="zh_CN").archive_metric = "csat"
        self.assertFalse(question.archive_metric)
        question.archive_metric = "nps"
        self.assertEqual(question.archive_metric, "nps")


@tagged("post_install", "-at_install")
class TestSurveyCampaign(SatisfactionSurveyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_b = Partner.create({"name": "东方客车有限公司", "is_company": True, "customer_level": "b"})
        cls.contact_b = Partner.create({"name": "孙工", "parent_id": cls.customer_b.id, "email": "sun@example.cn"})
        cls.no_email = Partner.create({"name": "钱工", "parent_id": cls.customer.id})
        cls.left = Partner.create(
            {"name": "吴工", "parent_id": cls.customer.id, "email": "wu@example.cn", "contact_state": "left"}
        )

    def create_campaign(self, **values):
        return (
            self.env["customer.survey.campaign"]
            .with_user(self.user_officer)
            .create({"name": "年度重点客户满意度调查", "survey_id": self.survey.id, **values})
        )

    def test_campaign_to_the_contacts_of_matching_customers(self):
        campaign = self.create_campaign(customer_level="a", recurrence="yearly", date_next="2026-12-01")
        # Customer A's contacts with an e-mail, still there: not customer B, not without e-mail, not who left.
        self.assertEqual(campaign.recipient_ids, self.contact | self.reporter)
        self.assertEqual(campaign.recipient_count, 2)
        with freeze_time("2026-12-01 08:00:00"):
            campaign.action_send()
        answers = self.env["survey.user_input"].search([("campaign_id", "=", campaign.id)])
        self.assertEqual(answers.partner_id, self.contact | self.reporter)
        self.assertEqual(answers.archive_partner_id, self.customer)
        self.assertEqual(len(self.invitations(answers)), 2)
        self.assertEqual(str(campaign.date_next), "2027-12-01")
        self.assertEqual(str(campaign.date_last_sent), "2026-12-01 08:00:00")
        self.assertEqual(campaign.answer_count, 2)

        by_category = self.create_campaign(customer_category_ids=[Command.set(self.category_direct.ids)])
        self.assertEqual(by_category.recipient_ids, self.contact | self.reporter)
        everybody = self.create_campaign()
        self.assertLessEqual(self.contact | self.reporter | self.contact_b, everybody.recipient_ids)
        self.assertFalse((self.no_email | self.left) & everybody.recipient_ids)

    def test_campaign_without_recipients_is_refused(self):
        campaign = self.create_campaign(customer_level="d")
        with self.assertRaisesMessage(UserError, "调查活动 年度重点客户满意度调查 没有收件人"):
            campaign.with_context(lang="zh_CN").action_send()
        self.assertFalse(self.env["survey.user_input"].search([("campaign_id", "=", campaign.id)]))
        self.assertFalse(campaign.date_last_sent)

    def test_cron_sends_due_campaigns_only(self):
        due = self.create_campaign(customer_level="b", recurrence="quarterly", date_next="2026-11-30")
        later = self.create_campaign(customer_level="b", recurrence="quarterly", date_next="2026-12-15")
        once = self.create_campaign(customer_level="b", date_next="2026-11-01")
        with freeze_time("2026-12-01 02:00:00"):
            self.env["customer.survey.campaign"]._cron_send_due_campaigns()
        self.assertEqual(due.answer_count, 1)
        self.assertEqual(str(due.date_next), "2027-03-01")
        self.assertEqual(later.answer_count, 0)
        self.assertEqual(once.answer_count, 1)
        self.assertFalse(once.date_next)

    def test_who_may_run_campaigns_and_read_answers(self):
        answer = self.answer(self.reporter, csat=5, nps=10)
        Campaign = self.env["customer.survey.campaign"]
        with self.assertRaises(AccessError):
            Campaign.with_user(self.user_sales).create({"name": "x", "survey_id": self.survey.id})
        with self.assertRaises(AccessError):
            answer.with_user(self.user_sales).read(["csat_score"])
        self.assertEqual(answer.with_user(self.user_officer).csat_score, 5)
        self.assertEqual(answer.with_user(self.user_manager).nps_score, 10)
        # Account managers see the customer's figures on its archive.
        self.assertEqual(self.customer.with_user(self.user_sales).survey_csat, 100.0)


@tagged("post_install", "-at_install")
class TestSurveyPortal(SatisfactionSurveyCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "survey_portal", groups="base.group_portal", password="survey_portal", lang="zh_CN"
        )
        cls.portal_user.partner_id.write({"parent_id": cls.customer.id, "email": "survey.portal@example.cn"})
        cls.other_portal = new_test_user(
            cls.env, "survey_portal_2", groups="base.group_portal", password="survey_portal_2", lang="zh_CN"
        )
        cls.other_portal.partner_id.write({"parent_id": cls.customer.id, "email": "other.portal@example.cn"})

    def test_my_surveys_lists_own_invitations(self):
        complaint = self.create_complaint(reporter_id=self.portal_user.partner_id.id)
        self.close(complaint)
        open_answer = self.env["survey.user_input"].search([("complaint_id", "=", complaint.id)])
        self.authenticate("survey_portal", "survey_portal")
        html = self.url_open("/my/surveys", cookies=CHINESE).text
        self.assertIn(complaint.name, html)
        self.assertIn(open_answer.get_start_url().replace("?", "?"), html.replace("&amp;", "&"))
        self.assertIn("待填写", html)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["survey_count"]})
        self.assertEqual(counters["survey_count"], 1)

        self.authenticate("survey_portal_2", "survey_portal_2")
        html = self.url_open("/my/surveys", cookies=CHINESE).text
        self.assertNotIn(complaint.name, html)
        self.assertNotIn(open_answer.access_token, html)


@tagged("post_install", "-at_install")
class TestSurveyTour(BrowserTourCase, SatisfactionSurveyCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "survey_tour", groups="base.group_portal", password="survey_tour", lang="zh_CN"
        )
        cls.portal_user.partner_id.write(
            {"parent_id": cls.customer.id, "email": "survey.tour@example.cn", "lang": "zh_CN"}
        )

    def test_customer_answers_from_the_mail_link(self):
        complaint = self.create_complaint(reporter_id=self.portal_user.partner_id.id)
        self.close(complaint)
        answer = self.env["survey.user_input"].search([("complaint_id", "=", complaint.id)])
        mail = self.invitations(answer)
        link = START_LINK.search(mail.body_html).group(1)
        self.start_tour(
            link, "crm_customer_archive_satisfaction_survey", login="survey_tour", cookies=CHINESE, timeout=240
        )
        answer.invalidate_recordset()
        self.assertRecordValues(
            answer,
            [
                {
                    "state": "done",
                    "complaint_id": complaint.id,
                    "archive_partner_id": self.customer.id,
                    "partner_id": self.portal_user.partner_id.id,
                    "csat_score": 5,
                    "csat_percent": 100.0,
                    "nps_score": 9,
                    "nps_category": "promoter",
                }
            ],
        )
        went_well = answer.user_input_line_ids.filtered(lambda line: line.answer_type == "text_box")
        self.assertEqual(went_well.value_text_box, "响应很快，现场处理专业。")
        self.customer.invalidate_recordset()
        self.assertRecordValues(self.customer, [{"survey_answer_count": 1, "survey_csat": 100.0, "survey_nps": 100.0}])
