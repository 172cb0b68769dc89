import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, config

from ..tools import id_crypto
from .common import VALID_ID_NUMBER, CustomerArchiveCase, identity_consent

OTHER_ID_NUMBER = "110105194912310038"
# A valid number (GB 11643) found nowhere else in the addon, demo included.
DUMP_ID_NUMBER = "440304198503151231"
MARKER = "转储检查联系人"
ROTATE_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "rotate_id_key.py"


@tagged("post_install", "-at_install")
class TestIdNumberEncryption(CustomerArchiveCase):
    """Resident ID numbers encrypted at rest (README, Identity numbers)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.current_key = id_crypto.configured_keys(config)[0]
        cls.new_key = id_crypto.generate_key()
        cls.Partner = cls.env["res.partner"].with_user(cls.user_privacy)

    def use_keys(self, *keys):
        """Configure keys (comma-separated, current first) for this test."""
        self.enterContext(patch.dict(os.environ, {id_crypto.ENV_VARIABLE: ",".join(keys)}))
        self.env.invalidate_all()

    def stored_row(self, partner):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT row_to_json(p)::text FROM res_partner p WHERE id = %s", partner.id))
        return self.env.cr.fetchone()[0]

    def stored_cipher(self, partner):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT private_id_number_cipher, private_id_number_hash FROM res_partner WHERE id = %s", partner.id)
        )
        return self.env.cr.fetchone()

    def test_row_holds_ciphertext_only(self):
        row = self.stored_row(self.contact)
        self.assertIn(str(self.contact.id), row)
        self.assertNotIn(VALID_ID_NUMBER, row)
        self.assertNotIn("110105194912", row)  # nor a part of it
        token, digest = self.stored_cipher(self.contact)
        self.assertEqual(id_crypto.decrypt(token, id_crypto.configured_keys(config)), VALID_ID_NUMBER)
        self.assertEqual(digest, id_crypto.search_hashes(VALID_ID_NUMBER, id_crypto.configured_keys(config))[0])
        self.assertEqual(self.contact.with_user(self.user_privacy).id_number, VALID_ID_NUMBER)

    def test_a_new_token_each_time(self):
        """The same number gives another token each time (no equality leak);
        only the keyed hash is stable, for searching."""
        token, digest = self.stored_cipher(self.contact)
        self.contact.with_user(self.user_privacy).id_number = VALID_ID_NUMBER
        new_token, new_digest = self.stored_cipher(self.contact)
        self.assertNotEqual(new_token, token)
        self.assertEqual(new_digest, digest)

    def test_clearing_the_number_clears_both_columns(self):
        self.contact.with_user(self.user_privacy).write({"id_number": False, "birthdate": False})
        self.assertEqual(self.stored_cipher(self.contact), (None, None))
        self.assertFalse(self.contact.with_user(self.user_sales).id_number)

    def test_search_by_whole_number(self):
        self.assertEqual(self.Partner.search([("id_number", "=", VALID_ID_NUMBER)]), self.contact)
        self.assertEqual(self.Partner.search([("id_number", "=", " 11010519491231002x ")]), self.contact)
        self.assertEqual(self.Partner.search([("id_number", "in", [OTHER_ID_NUMBER, VALID_ID_NUMBER])]), self.contact)
        self.assertFalse(self.Partner.search([("id_number", "=", OTHER_ID_NUMBER)]))
        without_number = self.Partner.search([("id_number", "=", False), ("parent_id", "=", self.customer.id)])
        self.assertNotIn(self.contact, without_number)
        others = self.Partner.search([("id_number", "!=", VALID_ID_NUMBER), ("parent_id", "=", self.customer.id)])
        self.assertNotIn(self.contact, others)

    def test_customer_search_finds_customer_of_contact(self):
        """The customer search view's ID number field: the customer or its contact."""
        view = self.env.ref("crm_customer_archive.res_partner_view_search")
        arch = self.Partner.get_views([(view.id, "search")])["views"]["search"]["arch"]
        self.assertIn('name="id_number"', arch)
        domain = ["|", ("id_number", "=", VALID_ID_NUMBER), ("child_ids.id_number", "=", VALID_ID_NUMBER)]
        self.assertEqual(self.Partner.search(domain), self.customer | self.contact)
        arch = self.Partner.with_user(self.user_sales).get_views([(view.id, "search")])["views"]["search"]["arch"]
        self.assertNotIn('name="id_number"', arch)

    def test_search_by_part_refused(self):
        for operator, value in (("ilike", "110105"), ("like", VALID_ID_NUMBER), ("<", VALID_ID_NUMBER)):
            with self.assertRaisesMessage(UserError, "stored encrypted: search them by the whole number"):
                self.Partner.search([("id_number", operator, value)])

    def test_rotation(self):
        old_token, old_digest = self.stored_cipher(self.contact)
        self.use_keys(self.new_key, self.current_key)
        # Before the rotation the old key still decrypts and finds.
        self.assertEqual(self.contact.with_user(self.user_privacy).id_number, VALID_ID_NUMBER)
        self.assertEqual(self.Partner.search([("id_number", "=", VALID_ID_NUMBER)]), self.contact)
        self.assertGreaterEqual(self.env["res.partner"]._rotate_id_number_key(), 1)
        token, digest = self.stored_cipher(self.contact)
        self.assertNotEqual(token, old_token)
        self.assertNotEqual(digest, old_digest)
        # After it the new key alone is enough.
        self.use_keys(self.new_key)
        self.assertEqual(self.contact.with_user(self.user_privacy).id_number, VALID_ID_NUMBER)
        self.assertEqual(self.Partner.search([("id_number", "=", VALID_ID_NUMBER)]), self.contact)
        self.use_keys(self.current_key)
        with self.assertRaisesMessage(UserError, "赵明 was encrypted with a key that is not configured"):
            self.contact.with_user(self.user_privacy).id_number  # noqa: B018

    def test_new_key_printed(self):
        command = [sys.executable, str(ROTATE_SCRIPT), "--new-key"]
        key = subprocess.run(command, capture_output=True, check=True, text=True).stdout.strip()
        self.assertNotEqual(key, self.current_key)
        self.use_keys(key, self.current_key)
        self.contact.with_user(self.user_privacy).id_number = OTHER_ID_NUMBER
        token = self.stored_cipher(self.contact)[0]
        self.assertEqual(id_crypto.decrypt(token, (key,)), OTHER_ID_NUMBER)

    def test_no_key(self):
        self.use_keys()
        # Contacts without a number need no key; a number does, read or stored.
        contact = self.env["res.partner"].create({"name": "孙七", "parent_id": self.customer.id})
        self.assertFalse(contact.with_user(self.user_privacy).id_number)
        message = "no key is configured: set id_key in the \\[crm_customer_archive\\] section"
        with self.assertRaisesMessage(UserError, message):
            self.contact.with_user(self.user_sales).id_number  # noqa: B018
        with self.assertRaisesMessage(UserError, message):
            self.Partner.search([("id_number", "=", VALID_ID_NUMBER)])
        with self.assertRaisesMessage(UserError, message):
            contact.with_user(self.user_privacy).write(
                {"consent_ids": [identity_consent()], "id_number": OTHER_ID_NUMBER}
            )
        self.assertEqual(self.stored_cipher(contact), (None, None))

    def test_invalid_key(self):
        self.use_keys("not-a-key")
        with self.assertRaisesMessage(UserError, "The key configured for resident ID numbers is not valid"):
            self.contact.with_user(self.user_privacy).write({"id_number": OTHER_ID_NUMBER})
        self.use_keys(self.current_key)
        self.assertEqual(self.contact.with_user(self.user_privacy).id_number, VALID_ID_NUMBER)

    def test_error_in_chinese(self):
        self.use_keys()
        with self.assertRaisesMessage(UserError, "身份证号加密存储,但未配置密钥"):
            self.contact.with_user(self.user_sales).with_context(lang="zh_CN").id_number  # noqa: B018


@tagged("post_install", "-at_install")
class TestIdNumberCommitted(CustomerArchiveCase):
    """What another process sees: a contact with an ID number is committed
    (in a transaction of its own, removed afterwards), then pg_dump reads the
    database, or scripts/rotate_id_key.py re-encrypts it."""

    def setUp(self):
        super().setUp()
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            partner_id = (
                env["res.partner"]
                .create({"name": MARKER, "consent_ids": [identity_consent()], "private_id_number": DUMP_ID_NUMBER})
                .id
            )

        @self.addCleanup
        def remove():
            with registry.cursor() as cr:
                partner = api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(partner_id)
                partner.consent_ids.unlink()
                partner.unlink()

        self.partner_id = partner_id

    def run_command(self, *command, **environ):
        environ = {**os.environ, **environ}
        for option, variable in (("db_host", "PGHOST"), ("db_port", "PGPORT"), ("db_user", "PGUSER")):
            if config.get(option):
                environ[variable] = str(config[option])
        if config.get("db_password"):
            environ["PGPASSWORD"] = config["db_password"]
        return subprocess.run(command, env=environ, capture_output=True, check=True, text=True).stdout

    def committed_token(self):
        with self.env.registry.cursor() as cr:
            cr.execute(SQL("SELECT private_id_number_cipher FROM res_partner WHERE id = %s", self.partner_id))
            return cr.fetchone()[0]

    def test_pg_dump_holds_no_number_in_clear(self):
        dump = self.run_command("pg_dump", self.env.cr.dbname)
        self.assertIn(MARKER, dump)  # the contact was dumped ...
        self.assertNotIn(DUMP_ID_NUMBER, dump)  # ... but not its number
        self.assertIn(self.committed_token(), dump)

    def test_rotation_command(self):
        """The command re-encrypts every number (here with the same key: the
        database stays readable by the other tests; test_rotation changes it)."""
        token = self.committed_token()
        output = self.run_command(sys.executable, str(ROTATE_SCRIPT), "-c", config["config"], "-d", self.env.cr.dbname)
        self.assertRegex(output, r"\d+ resident ID numbers re-encrypted")
        new_token = self.committed_token()
        self.assertNotEqual(new_token, token)
        self.assertEqual(id_crypto.decrypt(new_token, id_crypto.configured_keys(config)), DUMP_ID_NUMBER)
