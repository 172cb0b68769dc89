import importlib.util
import json
from pathlib import Path

from psycopg2 import IntegrityError

from odoo.addons.crm_customer_archive.models.customer_license_feature import split_feature_codes
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import column_exists

from .common import CustomerLicenseCase
from .helpers import load_chinese

MIGRATION_DIR = Path(__file__).resolve().parents[1] / "migrations" / "19.0.1.0.2"


def load_migration(name):
    """A migration script is a file with a dash in its name, not a module: load it from its path."""
    spec = importlib.util.spec_from_file_location(
        f"crm_customer_archive_{name.replace('-', '_')}", MIGRATION_DIR / name
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestLicenseFeature(CustomerLicenseCase):
    """Licence features as records: the codes of the signed file, checked
    input, multi-company, and the migration of the old comma-separated texts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.mes = ref("crm_customer_archive.license_feature_mes")
        cls.spc = ref("crm_customer_archive.license_feature_spc")
        cls.report = ref("crm_customer_archive.license_feature_report")
        cls.Feature = cls.env["customer.license.feature"]

    # ------------------------------------------------------------------
    # Seeded features, licence file, sale
    # ------------------------------------------------------------------

    def test_seeded_features_in_chinese(self):
        load_chinese(self.env)
        features = (self.mes | self.spc | self.report).with_context(lang="zh_CN")
        self.assertEqual(features.mapped("code"), ["mes", "spc", "report"])
        self.assertEqual(features.mapped("name"), ["制造执行 MES", "统计过程控制 SPC", "质量报表"])
        self.assertFalse(features.company_id, "shared by every company")

    def test_licence_file_lists_the_codes_once_in_order(self):
        own_mes = self.Feature.create({"code": "mes", "name": "本公司 MES", "company_id": self.company.id})
        license_ = self.create_license(feature_ids=[Command.set((self.report | self.mes | own_mes).ids)])
        document = json.loads(license_.sudo()._license_file())["license"]
        self.assertEqual(document["features"], ["mes", "report"], "same JSON list of codes, a code once")

    def test_sale_copies_the_product_features(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.software.product_variant_id.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        license_ = self.env["customer.license"].search([("sale_line_id", "=", order.order_line.id)])
        self.assertEqual(license_.feature_ids, self.mes | self.spc)

    # ------------------------------------------------------------------
    # Invalid input: a clear message, nothing written
    # ------------------------------------------------------------------

    def test_invalid_codes_refused(self):
        count = self.Feature.search_count([])
        for code in ("", "   ", "mes spc", "mes,spc", "mes，spc", "mes;spc", "mes\t", False):
            with self.subTest(code=code), self.assertRaisesRegex(ValidationError, "must not be empty nor contain"):
                self.Feature.with_user(self.user_license_manager).create({"code": code, "name": "坏代码"})
        self.assertEqual(self.Feature.search_count([]), count)
        with self.assertRaisesRegex(ValidationError, "“m s” is not valid"):
            self.mes.with_user(self.user_license_manager).write({"code": "m s"})
        self.assertEqual(self.mes.code, "mes")

    def test_invalid_code_message_in_chinese(self):
        load_chinese(self.env)
        self.user_license_manager.lang = "zh_CN"
        with self.assertRaisesRegex(ValidationError, "功能代码“mes,spc”无效"):
            self.Feature.with_user(self.user_license_manager).with_context(lang="zh_CN").create(
                {"code": "mes,spc", "name": "坏代码"}
            )

    @mute_logger("odoo.sql_db")
    def test_duplicate_code_refused(self):
        with self.assertRaises(IntegrityError) as caught:
            self.Feature.create({"code": "mes", "name": "重复"})
        # What a user or an RPC client is told for this database error:
        self.assertEqual(
            self.Feature._sql_error_to_message(caught.exception), "A licence feature with this code already exists."
        )
        self.assertEqual(self.Feature.with_context(active_test=False).search_count([("code", "=", "mes")]), 1)

    @mute_logger("odoo.sql_db")
    def test_same_code_once_per_company(self):
        other_company = self.env["res.company"].create({"name": "第二钢厂"})
        self.Feature.create({"code": "mes", "name": "本公司 MES", "company_id": self.company.id})
        self.Feature.create({"code": "mes", "name": "二厂 MES", "company_id": other_company.id})
        with self.assertRaises(IntegrityError):
            self.Feature.create({"code": "mes", "name": "重复", "company_id": self.company.id})

    def test_feature_of_another_company_refused_on_a_licence(self):
        other_company = self.env["res.company"].create({"name": "第二钢厂"})
        foreign = self.Feature.create({"code": "apc", "name": "二厂 APC", "company_id": other_company.id})
        license_ = self.create_license()
        with self.assertRaises(UserError):
            license_.write({"feature_ids": [Command.link(foreign.id)]})
        self.assertFalse(license_.feature_ids)

    def test_feature_in_use_archived_not_deleted(self):
        self.create_license(feature_ids=[Command.set(self.report.ids)])
        with self.assertRaisesRegex(UserError, "cannot be deleted. Archive it instead"):
            self.report.with_user(self.user_license_manager).unlink()
        self.assertTrue(self.report.exists())
        self.report.with_user(self.user_license_manager).action_archive()
        unused = self.Feature.create({"code": "andon", "name": "安灯"})
        unused.with_user(self.user_license_manager).unlink()
        self.assertFalse(unused.exists())

    def test_only_licence_managers_maintain_features(self):
        with self.assertRaises(AccessError):
            self.Feature.with_user(self.user_officer).create({"code": "andon", "name": "安灯"})
        self.assertEqual(self.mes.with_user(self.user_officer).code, "mes")

    # ------------------------------------------------------------------
    # Migration of the comma-separated texts
    # ------------------------------------------------------------------

    def test_split_feature_codes(self):
        self.assertEqual(split_feature_codes("mes, spc,,mes"), ["mes", "spc"])
        self.assertEqual(split_feature_codes(" report；mes spc，andon "), ["report", "mes", "spc", "andon"])
        self.assertEqual(split_feature_codes(""), [])
        self.assertEqual(split_feature_codes(False), [])

    def test_features_for_codes(self):
        own_spc = self.Feature.create({"code": "spc", "name": "本公司 SPC", "company_id": self.company.id})
        features = self.Feature._for_codes(["mes", "spc", "andon"], self.company)
        self.assertEqual(features[:2], self.mes | own_spc, "the company's own feature before the shared one")
        andon = features[2]
        self.assertEqual((andon.code, andon.name, andon.company_id.id), ("andon", "andon", False))
        self.assertEqual(self.Feature._for_codes(["andon"]), andon, "created once, found again")

    def test_migration_turns_texts_into_links(self):
        license_ = self.create_license()
        cr = self.env.cr
        self.env.flush_all()
        # The columns of version 19.0.1.0.1, as an existing database has them.
        for table, column, record, text in (
            ("customer_license", "features", license_, "report, mes,andon"),
            ("product_template", "license_features", self.software, "mes;spc"),
        ):
            cr.execute(SQL("ALTER TABLE %s ADD COLUMN %s varchar", SQL.identifier(table), SQL.identifier(column)))
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE id = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    text,
                    record.id,
                )
            )
        self.software.license_feature_ids = [Command.clear()]
        self.env.flush_all()

        load_migration("pre-migration.py").migrate(cr, "19.0.1.0.1")
        self.assertTrue(column_exists(cr, "customer_license", "features_legacy"), "kept from the ORM's column drop")
        load_migration("post-migration.py").migrate(cr, "19.0.1.0.1")

        andon = self.Feature.search([("code", "=", "andon")])
        self.assertEqual(andon.name, "andon")
        self.assertEqual(license_.feature_ids, self.mes | self.report | andon)
        self.assertEqual(self.software.license_feature_ids, self.mes | self.spc)
        self.assertEqual(json.loads(license_.sudo()._license_file())["license"]["features"], ["andon", "mes", "report"])
        for table, column in (("customer_license", "features_legacy"), ("product_template", "license_features_legacy")):
            self.assertFalse(column_exists(cr, table, column), column)
