import subprocess

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import VALID_ID_NUMBER, CustomerContractCase, CustomerEngineeringCase
from .helpers import load_chinese, pdf_text

CARD = "crm_customer_archive.action_report_customer_card"


class CustomerCardCase(CustomerContractCase, CustomerEngineeringCase):
    """Three customers of known completeness:
    - the customer (华北汽车): everything, 100 %;
    - the other customer (江南轿车): only an account manager: 10 %;
    - a prospect (东方机械): classification, manager, address and phone and a
      part without requirements: 45 % (contacts 15, credit 10, requirements
      10, approved plan 10 and contract 10 missing)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {"credit_level": "aa", "street": "北京市亦庄经济开发区科创街 18 号", "phone": "010-62345678"}
        )
        cls.customer.vat = "91110000600037341L"
        cls.create_spec().with_user(cls.user_manager).action_approve()
        cls.contract = cls.create_contract(name="HB-HT-2026-007")
        cls.contract.action_activate()
        cls.prospect = cls.env["res.partner"].create(
            {
                "name": "东方机械有限公司",
                "is_company": True,
                "archive_state": "prospect",
                "user_id": cls.user_sales.id,
                "customer_category_id": cls.category_direct.id,
                "customer_level": "c",
                "street": "天津市西青区开发区 9 号",
                "phone": "022-23456789",
            }
        )
        cls.env["customer.part"].create(
            {
                "name": "后备箱盖",
                "part_number": "DF-001",
                "partner_id": cls.prospect.id,
                "product_id": cls.product_dc04.id,
            }
        )
        cls.known = cls.customer | cls.other_customer | cls.prospect

    def switch(self, capability, on):
        self.env["res.config.settings"].create({f"group_capability_{capability}": on}).execute()


@tagged("post_install", "-at_install")
class TestArchiveCompleteness(CustomerCardCase):
    def test_completeness_of_known_customers(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        customer, other, prospect = (Partner.browse(partner.id) for partner in self.known)
        self.assertEqual(customer.archive_completeness, 100)
        self.assertFalse(customer.archive_missing)
        self.assertEqual(other.archive_completeness, 10)
        self.assertEqual(prospect.archive_completeness, 45)
        self.assertEqual(
            prospect.archive_missing,
            "Contact persons, Credit level, Requirements of the parts, Approved process control plan, Signed contract",
        )
        self.assertEqual(self.contact.archive_completeness, 100, "a contact shows its company's archive")

    def test_each_item_counts(self):
        """Filling in the prospect's gaps one by one raises its score by each item's weight."""
        prospect = self.prospect
        steps = [
            (lambda: self.env["res.partner"].create({"name": "孙伟", "parent_id": prospect.id}), 60),
            (lambda: prospect.write({"credit_level": "bbb"}), 70),
            (
                lambda: prospect.customer_part_ids.write(
                    {"mechanical_requirement_ids": [Command.create({"property_id": self.property_yield.id})]}
                ),
                80,
            ),
        ]
        for step, expected in steps:
            step()
            prospect.invalidate_recordset(["archive_completeness"])
            self.assertEqual(prospect.archive_completeness, expected)

    def test_left_contact_and_draft_contract_do_not_count(self):
        self.contact.contact_state = "left"
        self.contract.write({"state": "draft"})
        self.customer.invalidate_recordset(["archive_completeness", "archive_missing"])
        self.assertEqual(self.customer.archive_completeness, 75)
        self.assertEqual(self.customer.archive_missing, "Contact persons, Signed contract")

    def test_missing_items_in_chinese(self):
        load_chinese(self.env)
        prospect = self.prospect.with_context(lang="zh_CN")
        self.assertIn("联系人", prospect.archive_missing)
        self.assertIn("已批准的工艺控制方案", prospect.archive_missing)

    def test_incomplete_archive_filter_both_ways(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        known = [("id", "in", self.known.ids)]
        self.assertEqual(
            Partner.search([*known, ("archive_completeness", "<", 100)]), self.other_customer | self.prospect
        )
        self.assertEqual(Partner.search([*known, ("archive_completeness", "=", 100)]), self.customer)
        self.assertEqual(
            Partner.search([*known, ("archive_completeness", "!=", 100)]), self.other_customer | self.prospect
        )
        self.assertEqual(Partner.search([*known, ("archive_completeness", ">=", 45)]), self.customer | self.prospect)
        # The search view's filter, as the list applies it.
        search_view = self.env.ref("crm_customer_archive.res_partner_view_search_completeness")
        self.assertIn('name="incomplete_archive"', search_view.arch_db)
        # Completed, the prospect leaves the filter.
        self.prospect.write({"credit_level": "a"})
        self.env["res.partner"].create({"name": "孙伟", "parent_id": self.prospect.id})
        self.switch("engineering", False)
        self.create_contract(partner=self.prospect, name="DF-HT-2026-001").action_activate()
        self.assertEqual(Partner.search([*known, ("archive_completeness", "<", 100)]), self.other_customer)

    def test_capability_switched_off_does_not_count(self):
        self.switch("engineering", False)
        # 70 points count: the prospect lacks contacts 15, credit 10 and contract 10.
        self.assertEqual(self.prospect.archive_completeness, 50)
        self.assertEqual(self.prospect.archive_missing, "Contact persons, Credit level, Signed contract")
        self.switch("contracts", False)
        self.assertEqual(self.prospect.archive_completeness, 58)  # 35 of 60
        self.assertEqual(self.other_customer.archive_completeness, 17)  # 10 of 60
        self.switch("engineering", True)
        self.switch("contracts", True)
        self.assertEqual(self.prospect.archive_completeness, 45)

    def test_completeness_queries_constant(self):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"批量客户 {index}",
                    "is_company": True,
                    "archive_state": "active",
                    "user_id": self.user_sales.id,
                    "child_ids": [Command.create({"name": f"联系人 {index}"})],
                }
                for index in range(20)
            ]
        )
        self.env["customer.part"].create(
            [
                {"name": "件", "part_number": f"P-{index}", "partner_id": partner.id}
                for index, partner in enumerate(partners)
            ]
        )

        def count_queries(records):
            records = records.with_user(self.user_sales)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("archive_completeness")
            return self.env.cr.sql_log_count - before

        count_queries(partners[:1])  # warm the caches (groups, rules, companies)
        one, twenty = count_queries(partners[:1]), count_queries(partners)
        self.assertEqual(one, twenty)
        self.assertLessEqual(twenty, 10)


@tagged("post_install", "-at_install")
class TestCustomerCard(CustomerCardCase, HttpCase):
    """The card PDF (wkhtmltopdf, Chinese) read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.company.name = "首钢冷轧薄板有限公司"
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        (cls.customer | cls.prospect).lang = "zh_CN"
        # Printing is for the Export and Print group: management gave it to
        # these account managers (the card shows what each of them may read).
        export = cls.env.ref("crm_customer_archive.group_archive_export")
        (cls.user_sales | cls.user_sales_2 | cls.user_privacy).group_ids = [Command.link(export.id)]
        cls.customer.source_id = cls.env.ref("utm.utm_source_newsletter")
        # Follow-ups (customer.followup): six done, the card shows the last five.
        cls.env["customer.followup"].create(
            [
                {
                    "name": f"走访第 {index} 次",
                    "partner_id": cls.customer.id,
                    "user_id": cls.user_sales.id,
                    "method": "visit",
                    "date_start": f"2026-0{index}-10 02:00:00",
                    "state": "done",
                    "result": f"结果 {index}",
                    "next_step": f"下一步 {index}",
                }
                for index in range(1, 7)
            ]
        )
        cls.env["customer.competitor"].create(
            {
                "partner_id": cls.customer.id,
                "competitor_name": "鞍钢股份",
                "products": "镀锌板",
                "share": 35.0,
                "price_level": "lower",
                "strengths": "交货快",
            }
        )
        cls.env["customer.value"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "revenue_12m": 1234567.0,
                "tonnage_12m": 220.5,
                "rfm_segment": cls.env["customer.value"]._fields["rfm_segment"].get_values(cls.env)[0],
                "suggested_level": "a",
            }
        )

    def render(self, partners, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_sales)
        pdf, report_format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(CARD, partners.ids)
        self.assertEqual(report_format, "pdf")
        return pdf, pdf_text(pdf)

    def test_customer_card_pdf(self):
        pdf, text = self.render(self.customer)
        for expected in (
            "客户管理卡",
            "首钢冷轧薄板有限公司",  # the letterhead
            "华北汽车制造有限公司",
            "基本信息",
            "91110000600037341L",
            "重点客户",  # importance level A
            "AA",
            "直供户",
            "北京市亦庄",  # the address (its first line)
            "合作中",
            "赵明",
            "采购部经理",
            "zhaoming@example.cn",
            "110105********002X",  # masked: the printing user has no personal-data right
            "HB-HT-2026-007",
            "执行中",  # the contract in force
            "跟进记录",
            "走访第 6 次",
            "下一步 6",
            "鞍钢股份",
            "交货快",
            "客户价值",
            "220.5",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("潜在客户管理卡", text)
        self.assertNotIn(VALID_ID_NUMBER, text)
        self.assertNotIn("走访第 1 次", text, "only the last five follow-ups")
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        self.assertIn("(A4)", info)

    def test_value_section_only_in_the_printers_scope(self):
        """Another account manager's customer: no value section (the figures are
        not the printer's to read), rather than a misleading "not computed"."""
        __, text = self.render(self.customer, self.user_sales_2)
        self.assertIn("华北汽车制造有限公司", text)
        self.assertNotIn("客户价值", text)
        self.assertNotIn("220.5", text)
        self.assertNotIn("尚未计算", text)

    def test_prospect_card_title(self):
        __, text = self.render(self.prospect)
        self.assertIn("潜在客户管理卡", text)
        self.assertIn("东方机械有限公司", text)
        self.assertIn("潜在客户", text)

    def test_personal_data_printed_for_its_group(self):
        __, text = self.render(self.customer, self.user_privacy)
        self.assertIn(VALID_ID_NUMBER, text)

    def test_card_letterhead_and_a4(self):
        html = self.env["ir.actions.report"]._render_qweb_html(CARD, self.customer.ids)[0].decode()
        self.assertIn(f'class="header o_company_{self.company.id}_layout"', html)
        paperformat = self.env.ref(CARD).paperformat_id
        self.assertEqual((paperformat.format, paperformat.orientation), ("A4", "Portrait"))
        report = self.env.ref(CARD)
        self.assertEqual(report.binding_model_id.model, "res.partner")
        self.assertEqual(report.group_ids, self.env.ref("crm_customer_archive.group_archive_export"))

    def test_contact_prints_its_company_card(self):
        html = self.env["ir.actions.report"]._render_qweb_html(CARD, self.contact.ids)[0].decode()
        self.assertIn("HB-HT-2026-007", html)

    def test_partner_outside_archive_refused(self):
        vendor = self.env["res.partner"].create({"name": "宝钢包装材料供应商", "is_company": True})
        with self.assertRaisesMessage(UserError, "宝钢包装材料供应商.*not in the customer archive"):
            self.env["ir.actions.report"]._render_qweb_html(CARD, (self.customer | vendor).ids)

    def test_refusal_in_chinese(self):
        vendor = self.env["res.partner"].create({"name": "宝钢包装材料供应商", "is_company": True})
        Report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        with self.assertRaisesMessage(UserError, "不在客户档案中"):
            Report._render_qweb_html(CARD, vendor.ids)

    def test_sections_of_capabilities_switched_off_left_out(self):
        self.switch("contracts", False)
        html = self.env["ir.actions.report"]._render_qweb_html(CARD, self.customer.ids)[0].decode()
        self.assertNotIn("HB-HT-2026-007", html)
        self.assertIn("赵明", html)
