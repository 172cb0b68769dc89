import re
from pathlib import Path

import polib

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from .common import CustomerArchiveCase
from .helpers import load_chinese

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
# OCA's layout of .po files (oca-checks-po) leaves a term empty when Chinese
# writes it the same way: grades, codes, units, Chinese text, expressions.
# Such a term may hold no word to translate once expressions and tags are gone.
NOT_WORDS = re.compile(r"object\.\w+|<[^>]*>")
WORD = re.compile(r"[a-z]{3,}")


def needs_translation(term):
    return bool(WORD.search(NOT_WORDS.sub("", term)))


@tagged("post_install", "-at_install")
class TestTranslation(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.env_zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_every_term_of_the_addon_is_translated(self):
        """Terms exported from the installed addon, as Odoo's own export sees
        them, must all have a Chinese translation in zh_CN.po."""
        catalogue = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(str(I18N_DIR / "zh_CN.po"))
            if not entry.obsolete and "fuzzy" not in entry.flags
        }
        reader = TranslationModuleReader(self.env.cr, modules=["crm_customer_archive"])
        sources = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in reader
            if module == "crm_customer_archive" and source.strip()
        }
        self.assertGreater(len(sources), 150)
        missing = sorted(
            source
            for source in sources
            if source not in catalogue or (not catalogue[source] and needs_translation(source))
        )
        self.assertEqual(missing, [], "terms without a Chinese translation in i18n/zh_CN.po")

    def test_only_language_neutral_terms_stay_empty(self):
        self.assertFalse(needs_translation("'%s - %s' % (object.part_number, object.name)"))
        self.assertFalse(needs_translation('<span class="text-muted"> · </span>'))
        for term in ("DC04", "Cpk", "g/m²", "甲方", "AAA"):
            self.assertFalse(needs_translation(term), term)
        for term in ("Report", "Customer code", "<span>Received On</span>"):
            self.assertTrue(needs_translation(term), term)

    def test_template_matches_translation(self):
        template = {entry.msgid for entry in polib.pofile(str(I18N_DIR / "crm_customer_archive.pot"))}
        translated = {entry.msgid for entry in polib.pofile(str(I18N_DIR / "zh_CN.po")) if not entry.obsolete}
        self.assertEqual(template - translated, set())

    def test_labels_and_selections_in_chinese(self):
        fields = self.env_zh["res.partner"].fields_get(
            ["customer_level", "archive_state", "credit_level", "id_number", "customer_category_id"]
        )
        self.assertEqual(fields["customer_level"]["string"], "重要级别")
        self.assertEqual(fields["archive_state"]["string"], "客户状态")
        self.assertEqual(fields["id_number"]["string"], "身份证号")
        self.assertEqual(fields["customer_category_id"]["string"], "客户类别")
        self.assertIn(("a", "A - 重点客户"), fields["customer_level"]["selection"])
        self.assertIn(("prospect", "潜在客户"), fields["archive_state"]["selection"])

    def test_base_data_in_chinese(self):
        self.assertEqual(self.category_direct.with_env(self.env_zh).name, "直供户")
        agreement = self.env_zh.ref("crm_customer_archive.option_customer_category_agr")
        self.assertEqual(agreement.name, "协议户")
        self.assertEqual(self.category_direct.name, "Direct-Supply Customer", "English stays the source")

    def test_menu_in_chinese(self):
        root = self.env_zh.ref("crm_customer_archive.customer_archive_menu_root")
        self.assertEqual(root.name, "客户档案")

    def test_error_message_in_chinese(self):
        with self.assertRaisesMessage(ValidationError, "电话号码"):
            self.contact.with_env(self.env_zh).write({"phone": "12"})
