import contextlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import CustomerComplaintCase, SteelSalesCase
from .helpers import load_chinese

TODAY = "2026-11-15"  # last 12 months: from 2025-11-15; the 12 before: from 2024-11-15


class CustomerValueCase(CustomerComplaintCase, SteelSalesCase):
    """Customers with real confirmed orders and posted invoices (DC04 costs
    4 000 a tonne, SPCC has no cost, a blank is sold by the piece and weighs
    12.5 kg), built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "archive_dormant_months": 6,
                "archive_lost_months": 12,
                "archive_status_confirm": False,
                "churn_revenue_drop_percent": 30.0,
                "churn_complaint_days": 30,
                "churn_followup_days": 60,
            }
        )
        cls.product_dc04.standard_price = 4000.0
        cls.product_blank = cls.env["product.product"].create(
            {
                "name": "落料件 前门内板",
                "type": "consu",
                "weight": 12.5,
                "uom_id": cls.env.ref("uom.product_uom_unit").id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")

    @classmethod
    def new_customer(cls, name, state="active", **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "archive_state": state,
                "user_id": cls.user_sales.id,
                "company_id": cls.company.id,
                **values,
            }
        )

    @classmethod
    def invoice(cls, partner, date, lines, refund=False, due=None):
        """A posted invoice (or refund); lines: (product, quantity, price) or (product, quantity, price, uom)."""
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_date_due": due or "2027-12-31",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "product_uom_id": (uom[0] if uom else product.uom_id).id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, quantity, price, *uom in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def order(cls, partner, date):
        """A confirmed sale order dated `date`."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": cls.product_spcc.id, "product_uom_qty": 1.0})],
            }
        )
        order.action_confirm()
        order.date_order = f"{date} 10:00:00"
        return order

    @classmethod
    def followup(cls, partner, date):
        return cls.env["customer.followup"].create(
            {
                "name": "季度拜访",
                "partner_id": partner.id,
                "user_id": cls.user_sales.id,
                "date_start": f"{date} 09:00:00",
                "date_end": f"{date} 10:00:00",
                "state": "done",
                "result": "谈妥明年框架协议",
            }
        )

    def refresh(self):
        with freeze_time(TODAY):
            self.env["customer.value"]._refresh_values()

    def value(self, partner):
        return self.env["customer.value"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )


class CustomerValueDataCase(CustomerValueCase):
    """Four customers: 甲 growing (the top one), 乙 falling, 丙 new with an
    overdue invoice and an old open complaint, 丁 without any revenue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls.new_customer("甲 重型汽车")
        cls.falling = cls.new_customer("乙 机械厂")
        cls.new = cls.new_customer("丙 家电")
        cls.idle = cls.new_customer("丁 贸易")
        dc04, spcc, blank = cls.product_dc04, cls.product_spcc, cls.product_blank
        # 甲: 100 t DC04 + 50 t SPCC, 10 t SPCC refunded; 100 t DC04 the year before
        cls.invoice(cls.big, "2026-03-10", [(dc04, 100, 5600.0), (spcc, 50, 4300.0)])
        cls.invoice(cls.big, "2026-04-01", [(spcc, 10, 4300.0)], refund=True)
        cls.invoice(cls.big, "2025-03-01", [(dc04, 100, 5000.0)])
        cls.invoice(cls.big, "2024-06-01", [(dc04, 999, 5000.0)])  # more than 24 months ago: not counted
        # 乙: 100 blanks (1.25 t) and 2 000 kg DC04 (2 t) now; 100 000 the year before
        cls.invoice(cls.falling, "2026-06-01", [(blank, 100, 100.0), (dc04, 2000, 5.6, cls.uom_kg)])
        cls.invoice(cls.falling, "2025-01-10", [(spcc, 20, 5000.0)])
        # 丙: 30 t SPCC, due on 2026-10-31: overdue
        cls.invoice(cls.new, "2026-10-01", [(spcc, 30, 4300.0)], due="2026-10-31")
        for partner, dates in (
            (cls.big, ("2026-10-20", "2026-08-01", "2026-03-01")),
            (cls.falling, ("2025-12-01",)),
            (cls.new, ("2026-11-01", "2026-09-15")),
        ):
            for day in dates:
                cls.order(partner, day)
        cls.followup(cls.big, "2026-11-01")
        cls.followup(cls.falling, "2026-08-01")
        cls.create_complaint(partner_id=cls.new.id, reporter_id=False, date_received="2026-09-01 08:00:00")
        cls.create_complaint(partner_id=cls.big.id, reporter_id=False, date_received="2026-11-10 08:00:00")


@tagged("post_install", "-at_install")
class TestCustomerValueFigures(CustomerValueDataCase):
    """Exact figures on a known data set."""

    def test_figures(self):
        self.refresh()
        total = 732000.0 + 21200.0 + 129000.0
        self.assertRecordValues(
            self.value(self.big),
            [
                {
                    "revenue_12m": 732000.0,  # 560 000 + 215 000 - 43 000
                    "revenue_prev_12m": 500000.0,
                    "tonnage_12m": 140.0,
                    "margin_12m": 160000.0,  # 560 000 - 100 t x 4 000 (SPCC has no cost)
                    "order_count_12m": 3,
                    "last_order_date": date(2026, 10, 20),
                    "last_followup_date": date(2026, 11, 1),
                    "suggested_level": "a",
                    "rfm_segment": "important_value",
                }
            ],
        )
        self.assertAlmostEqual(self.value(self.big).revenue_trend, 46.4, places=1)
        self.assertAlmostEqual(self.value(self.big).revenue_share, 732000.0 * 100 / total, places=2)
        self.assertRecordValues(
            self.value(self.falling),
            [
                {
                    "revenue_12m": 21200.0,
                    "revenue_prev_12m": 100000.0,
                    "tonnage_12m": 3.25,  # 100 x 12.5 kg + 2 000 kg
                    "margin_12m": 3200.0,  # 11 200 - 2 t x 4 000
                    "order_count_12m": 1,
                    "suggested_level": "c",
                    "rfm_segment": "general_recall",
                }
            ],
        )
        self.assertAlmostEqual(self.value(self.falling).revenue_trend, -78.8, places=1)
        self.assertRecordValues(
            self.value(self.new),
            [
                {
                    "revenue_12m": 129000.0,
                    "revenue_prev_12m": 0.0,
                    "revenue_trend": 0.0,  # nothing to compare with: empty
                    "tonnage_12m": 30.0,
                    "margin_12m": 0.0,
                    "suggested_level": "b",  # 82.97 % before it
                    # second of three in revenue, the latest order, one order like "falling":
                    # R 5, F 4, M 4 (ceil(5 * 2/3)): all high
                    "rfm_segment": "important_value",
                    "overdue_amount": 129000.0,
                    "open_complaint_count": 1,
                }
            ],
        )
        self.assertRecordValues(
            self.value(self.idle),
            [{"revenue_12m": 0.0, "suggested_level": "d", "rfm_segment": False, "last_order_date": False}],
        )
        self.assertEqual(
            (
                self.value(self.falling).recency_score,
                self.value(self.big).recency_score,
                self.value(self.new).recency_score,
            ),
            (2, 4, 5),
            "quintiles of the cumulative distribution over 3 customers: ceil(5 × 1/3, 2/3, 3/3)",
        )

    def test_flags_and_level_differs(self):
        self.refresh()
        flags = ["churn_revenue_drop", "churn_complaint", "churn_overdue", "churn_no_followup"]
        self.assertRecordValues(
            self.value(self.big) | self.value(self.falling) | self.value(self.new),
            [
                dict.fromkeys(flags, False),  # its complaint is 5 days old
                dict(zip(flags, (True, False, False, True), strict=True)),
                dict(zip(flags, (False, True, True, True), strict=True)),
            ],
        )
        self.assertTrue(self.value(self.big).level_differs, "suggested A, none set by hand")
        self.big.customer_level = "a"
        self.assertFalse(self.value(self.big).level_differs, "the level set by hand is followed at once")
        Value = self.env["customer.value"]
        self.assertNotIn(self.value(self.big), Value.search([("level_differs", "=", True)]))

    def test_sales_trend_report(self):
        with freeze_time(TODAY):
            rows = self.env["customer.sales.trend.report"].search_read(
                [("partner_id", "=", self.big.id)], ["period", "amount", "tonnage", "amount_change"]
            )
            groups = self.env["customer.sales.trend.report"]._read_group(
                [("partner_id", "in", (self.big | self.falling).ids)], ["partner_id"], ["amount_change:sum"]
            )
        by_period = {row["period"]: row for row in rows}
        self.assertEqual(by_period["current"]["amount"], 732000.0)
        self.assertEqual(by_period["current"]["tonnage"], 140.0)
        self.assertEqual(by_period["previous"]["amount"], 500000.0)
        self.assertEqual(dict(groups), {self.big: 232000.0, self.falling: 21200.0 - 100000.0})

    def test_partner_form_shows_the_figures(self):
        self.refresh()
        big = self.big.with_user(self.user_sales)
        self.assertEqual(big.value_revenue_12m, 732000.0)
        self.assertEqual(big.value_suggested_level, "a")
        self.assertTrue(big.has_customer_value)
        # Another account manager's customer: no figures for this one
        self.big.user_id = self.user_sales_2
        self.env.invalidate_all()  # a new request
        self.assertFalse(self.big.with_user(self.user_sales).has_customer_value)
        self.assertEqual(self.big.with_user(self.user_officer).value_revenue_12m, 732000.0)


@tagged("post_install", "-at_install")
class TestCustomerValueQueries(CustomerValueCase):
    def add_customers(self, count):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"规模客户 {index}",
                    "is_company": True,
                    "archive_state": "active",
                    "user_id": self.user_sales.id,
                }
                for index in range(count)
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-06-01",
                    "invoice_line_ids": [
                        Command.create({"product_id": self.product_dc04.id, "quantity": 10, "price_unit": 5000.0})
                    ],
                }
                for partner in partners
            ]
        )
        moves.action_post()
        self.order(partners[0], "2026-05-01")

    def count_refresh_queries(self):
        self.env.flush_all()
        before = self.cr.sql_log_count
        with self.assertQueries([]) if self.show_queries else contextlib.nullcontext():
            self.refresh()
        return self.cr.sql_log_count - before

    show_queries = False

    def test_refresh_queries_do_not_grow_with_the_customers(self):
        self.add_customers(10)
        self.count_refresh_queries()  # warm the caches (xml ids of the units)
        small = self.count_refresh_queries()
        self.add_customers(30)
        large = self.count_refresh_queries()
        self.assertEqual(small, large, "a query per customer somewhere")
        self.assertLessEqual(small, 3)
        self.assertEqual(self.env["customer.value"].search_count([("revenue_12m", "=", 50000.0)]), 40)


@tagged("post_install", "-at_install")
class TestAutomaticStatus(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.to_dormant = cls.new_customer("休眠候选")
        cls.to_lost = cls.new_customer("流失候选")
        cls.dormant_to_lost = cls.new_customer("休眠已久")
        cls.prospect = cls.new_customer("潜在客户")
        cls.blocked = cls.new_customer("禁止交易")
        cls.recent = cls.new_customer("常客")
        unassigned = cls.new_customer("无人负责", user_id=False)
        for partner, day in (
            (cls.to_dormant, "2026-04-01"),
            (cls.to_lost, "2025-10-01"),
            (cls.dormant_to_lost, "2025-09-01"),
            (cls.prospect, "2025-01-01"),
            (cls.blocked, "2025-01-01"),
            (cls.recent, "2026-10-01"),
            (unassigned, "2026-04-01"),
        ):
            cls.order(partner, day)
        cls.unassigned = unassigned
        # Their status since the orders (an order makes a dormant customer active again)
        cls.dormant_to_lost.archive_state = "dormant"
        cls.prospect.archive_state = "prospect"
        cls.blocked.archive_state = "blocked"

    def run_status(self):
        with freeze_time(TODAY):
            self.env["customer.value"]._refresh_values()
            self.env["customer.value"]._apply_automatic_status()

    def status_activities(self, partners):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids), ("archive_reason", "=", "status")]
        )

    def test_applied_with_a_note(self):
        self.run_status()
        self.assertRecordValues(
            self.to_dormant | self.to_lost | self.dormant_to_lost | self.prospect | self.blocked | self.recent,
            [
                {"archive_state": "dormant"},
                {"archive_state": "lost"},
                {"archive_state": "lost"},
                {"archive_state": "prospect"},
                {"archive_state": "blocked"},
                {"archive_state": "active"},
            ],
        )
        self.assertIn("2026-04-01", self.to_dormant.message_ids[0].body)
        self.assertFalse(self.status_activities(self.to_dormant))
        # A new order: active again
        order = self.order(self.to_lost, "2026-11-14")
        self.assertEqual(self.to_lost.archive_state, "active")
        self.assertIn("Active again", self.to_lost.message_ids[0].body)
        self.assertEqual(order.state, "sale")

    def test_proposed_when_confirmation_is_wanted(self):
        self.company.archive_status_confirm = True
        self.run_status()
        self.assertRecordValues(
            self.to_dormant | self.to_lost,
            [
                {"archive_state": "active", "archive_state_proposed": "dormant"},
                {"archive_state": "active", "archive_state_proposed": "lost"},
            ],
        )
        activities = self.status_activities(self.to_dormant | self.to_lost | self.unassigned)
        self.assertEqual(len(activities), 3)
        self.assertEqual(activities.filtered(lambda a: a.res_id == self.to_dormant.id).user_id, self.user_sales)
        manager = self.env["customer.value"]._archive_managers()[self.company.id]
        self.assertEqual(activities.filtered(lambda a: a.res_id == self.unassigned.id).user_id, manager)
        self.run_status()
        self.assertEqual(self.status_activities(self.to_dormant | self.to_lost | self.unassigned), activities)

        # Confirm as the account manager
        self.to_dormant.with_user(self.user_sales).action_confirm_archive_state()
        self.assertRecordValues(self.to_dormant, [{"archive_state": "dormant", "archive_state_proposed": False}])
        self.assertFalse(self.status_activities(self.to_dormant))
        # Keep: no new proposal until the months have passed again
        self.to_lost.with_user(self.user_sales).action_keep_archive_state()
        self.assertRecordValues(self.to_lost, [{"archive_state": "active", "archive_state_proposed": False}])
        self.run_status()
        self.assertFalse(self.to_lost.archive_state_proposed)
        with self.assertRaisesMessage(UserError, "no proposed status"):
            self.to_lost.with_user(self.user_sales).action_keep_archive_state()

    def test_another_account_manager_cannot_decide(self):
        self.company.archive_status_confirm = True
        self.run_status()
        with self.assertRaises(AccessError):  # not their customer
            self.to_dormant.with_user(self.user_sales_2).action_confirm_archive_state()
        self.assertEqual(self.to_dormant.archive_state, "active")


@tagged("post_install", "-at_install")
class TestChurnWarnings(CustomerValueDataCase):
    """The figures' data set, warned about."""

    def warnings(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref("crm_customer_archive.mail_activity_type_churn_warning").id),
            ]
        )

    def run_warnings(self):
        with freeze_time(TODAY):
            self.env["customer.value"]._cron_refresh_customer_values()

    def test_each_warning_once(self):
        self.run_warnings()
        self.assertFalse(self.warnings(self.big))
        falling = self.warnings(self.falling)
        self.assertEqual(sorted(falling.mapped("archive_reason")), ["no_followup", "revenue_drop"])
        drop = falling.filtered(lambda a: a.archive_reason == "revenue_drop")
        self.assertIn("78.8", drop.summary)
        self.assertIn("2026-08-01", falling.filtered(lambda a: a.archive_reason == "no_followup").summary)
        self.assertEqual(drop.user_id, self.user_sales)
        new = self.warnings(self.new)
        self.assertEqual(sorted(new.mapped("archive_reason")), ["complaint", "no_followup", "overdue"])
        self.assertIn("1", new.filtered(lambda a: a.archive_reason == "complaint").summary)
        all_warnings = self.env["mail.activity"].search([("archive_reason", "!=", False)])
        self.run_warnings()
        self.assertEqual(self.env["mail.activity"].search([("archive_reason", "!=", False)]), all_warnings)
        # Done, then still true the next night: a new one
        drop.action_done()
        self.run_warnings()
        self.assertEqual(len(self.warnings(self.falling)), 2)

    def test_summary_in_the_account_managers_language(self):
        load_chinese(self.env)
        self.user_sales.lang = "zh_CN"
        self.run_warnings()
        summary = self.warnings(self.falling).filtered(lambda a: a.archive_reason == "revenue_drop").summary
        self.assertIn("流失预警", summary)


@tagged("post_install", "-at_install")
class TestStatusSettings(CustomerValueCase):
    def test_bad_settings_refused(self):
        for values, message in (
            ({"archive_dormant_months": 0}, "at least 1"),
            ({"archive_lost_months": 6}, "more months"),
            ({"archive_dormant_months": 12, "archive_lost_months": 12}, "more months"),
            ({"churn_revenue_drop_percent": 0}, "between 0 and 100"),
            ({"churn_revenue_drop_percent": 120}, "between 0 and 100"),
            ({"churn_complaint_days": -5}, "at least 1"),
            ({"churn_followup_days": 0}, "at least 1"),
        ):
            with self.subTest(values=values), self.assertRaisesMessage(ValidationError, message):
                self.company.write(values)
            self.assertEqual((self.company.archive_dormant_months, self.company.archive_lost_months), (6, 12))

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"])
        settings.archive_dormant_months = 3
        settings.archive_lost_months = 9
        settings.save().execute()
        self.assertEqual((self.company.archive_dormant_months, self.company.archive_lost_months), (3, 9))
        settings = Form(self.env["res.config.settings"])
        settings.archive_lost_months = 2
        with self.assertRaisesMessage(ValidationError, "more months"):
            settings.save().execute()
        self.assertEqual(self.company.archive_lost_months, 9)
