from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, config, split_every
from odoo.tools.mail import email_normalize

from ..tools import id_crypto
from ..tools.cn_identifiers import is_valid_uscc, mask_id_number, resident_id_birth_date, resident_id_problem
from ..tools.phone import is_valid_phone
from .customer_archive_capability import _capability_enabled, _enabled_capabilities

PERSONAL_DATA_GROUP = "crm_customer_archive.group_archive_personal_data"
PERSONAL_DATA_FIELDS = ("id_number", "birthdate")
DEFECT_SENSITIVITY_GROUPS = (
    "crm_customer_archive.group_archive_user",
    "sales_team.group_sale_salesman",
    "stock.group_stock_user",
)
MANAGER_GROUP = "crm_customer_archive.group_archive_manager"
CUSTOMER_CODE_SEQUENCE = "crm_customer_archive.customer_code"


# Credit levels (信用等级), best first: the rank is the index.
CREDIT_LEVELS = [
    ("aaa", "AAA"),
    ("aa", "AA"),
    ("a", "A"),
    ("bbb", "BBB"),
    ("bb", "BB"),
    ("b", "B"),
    ("ccc", "CCC"),
    ("cc", "CC"),
    ("c", "C"),
]


class ArchiveDocument(NamedTuple):
    """A kind of document of a customer (and its contacts) behind a smart button."""

    capability: str | None  # models/customer_archive_capability.py; None: Odoo's own documents
    model: str
    partner_path: str  # from the document to its customer (commercial partner)
    count_field: str
    action: str | None  # window action of the button; None: counted only
    domain: tuple = ()  # which documents of the model are of this kind
    count_domain: tuple = ()  # left out of the count (cancelled ...), not of the list
    context: tuple = ()  # extra context of the action, as (key, value) pairs
    default_self: bool = False  # new documents for the contact itself, not for its company


# The form's smart buttons: one entry per kind, counted with one grouped query
# per model for a whole page, opened by action_view_archive_documents().
ARCHIVE_DOCUMENTS = {
    "sale_orders": ArchiveDocument(
        None,
        "sale.order",
        "partner_id.commercial_partner_id",
        "archive_sale_order_count",
        "sale.action_orders",
        count_domain=(("state", "!=", "cancel"),),
        default_self=True,
    ),
    "deliveries": ArchiveDocument(
        None,
        "stock.picking",
        "partner_id.commercial_partner_id",
        "archive_delivery_count",
        "stock.action_picking_tree_all",
        domain=(("picking_type_code", "=", "outgoing"),),
        count_domain=(("state", "!=", "cancel"),),
        context=(("restricted_picking_type_code", "outgoing"),),
        default_self=True,
    ),
    "invoices": ArchiveDocument(
        None,
        "account.move",
        "commercial_partner_id",
        "archive_invoice_count",
        "account.action_move_out_invoice_type",
        domain=(("move_type", "in", ("out_invoice", "out_refund")),),
        count_domain=(("state", "!=", "cancel"),),
        context=(("default_move_type", "out_invoice"),),
        default_self=True,
    ),
    "contracts": ArchiveDocument(
        "contracts",
        "customer.contract",
        "partner_id.commercial_partner_id",
        "archive_contract_count",
        "crm_customer_archive.customer_contract_action",
    ),
    "parts": ArchiveDocument(
        "engineering", "customer.part", "partner_id", "archive_part_count", "crm_customer_archive.customer_part_action"
    ),
    "process_specs": ArchiveDocument(
        "engineering",
        "customer.process.spec",
        "partner_id",
        "archive_process_spec_count",
        "crm_customer_archive.customer_process_spec_action",
        count_domain=(("state", "!=", "obsolete"),),
    ),
    "complaints": ArchiveDocument(
        "complaints",
        "customer.complaint",
        "partner_id",
        "archive_complaint_count",
        "crm_customer_archive.customer_complaint_action",
    ),
    "builds": ArchiveDocument("licenses", "customer.software.build", "partner_id", "archive_build_count", None),
    "licenses": ArchiveDocument(
        "licenses",
        "customer.license",
        "partner_id",
        "archive_license_count",
        "crm_customer_archive.customer_license_action",
        count_domain=(("state", "!=", "revoked"),),
    ),
    "followups": ArchiveDocument(
        None,
        "customer.followup",
        "partner_id",
        "archive_followup_count",
        "crm_customer_archive.customer_followup_action",
        count_domain=(("state", "!=", "cancelled"),),
    ),
    "return_visits": ArchiveDocument(
        "complaints",
        "customer.followup",
        "partner_id",
        "archive_return_visit_count",
        "crm_customer_archive.customer_followup_action_return_visit",
        domain=(("followup_type", "=", "return_visit"),),
        count_domain=(("state", "!=", "cancelled"),),
    ),
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.archive.input.mixin"]
    _input_max_lengths = {"website": 2048}

    # Classification of the customer archive (客户档案)
    customer_category_id = fields.Many2one(
        "customer.archive.option",
        domain=[("category", "=", "customer_category")],
        ondelete="restrict",
        index="btree_not_null",
        tracking=True,
    )
    customer_level = fields.Selection(
        [
            ("a", "A - Key"),
            ("b", "B - Important"),
            ("c", "C - Normal"),
            ("d", "D - Small"),
        ],
        string="Importance Level",
        tracking=True,
        index=True,
        groups="base.group_user",
    )
    credit_level = fields.Selection(
        CREDIT_LEVELS,
        tracking=True,
        groups="base.group_user",
    )
    archive_state = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("active", "Active Customer"),
            ("dormant", "Dormant"),
            ("lost", "Lost"),
            ("blocked", "Blocked"),
        ],
        string="Customer Status",
        tracking=True,
        index=True,
        group_expand=True,  # the kanban shows the whole life cycle, in its order
        help="A partner with a customer status is in the customer archive (vendors, users and our own "
        "companies have none). Customers created in the archive start as prospects.",
    )
    is_archive_customer = fields.Boolean(
        string="In Customer Archive",
        compute="_compute_is_archive_customer",
        search="_search_is_archive_customer",
        help="The customer archive holds the commercial partners (companies, or people without a company) "
        "that have a customer status and are not one of this database's own companies.",
    )
    source_id = fields.Many2one("utm.source", string="Customer Source", ondelete="restrict", tracking=True)
    can_edit_customer_code = fields.Boolean(compute="_compute_can_edit_customer_code")

    # Contacts, stores and feedback reporters
    type = fields.Selection(
        selection_add=[("store", "Store / Branch"), ("reporter", "Feedback Reporter")],
        ondelete={"store": "set default", "reporter": "set default"},
    )
    contact_state = fields.Selection(
        [("employed", "Employed"), ("left", "Left")],
        string="Contact Status",
        default="employed",
    )
    store_id = fields.Many2one(
        "res.partner",
        domain="[('type', '=', 'store'), ('commercial_partner_id', '=', commercial_partner_id)]",
        index="btree_not_null",
        ondelete="restrict",
    )

    # Personal data (个人信息): the values are stored in fields only the
    # personal-data group may read; everybody else sees them masked.
    # The ID number is stored encrypted (tools/id_crypto.py): its column holds
    # a token, a keyed hash serves exact searches; the key is not in the DB.
    private_id_number = fields.Char(
        string="Resident ID Number (full)",
        groups=PERSONAL_DATA_GROUP,
        copy=False,
        compute="_compute_private_id_number",
        inverse="_inverse_private_id_number",
        search="_search_private_id_number",
    )
    private_id_number_cipher = fields.Char(
        string="Resident ID Number (encrypted)", groups=PERSONAL_DATA_GROUP, copy=False, readonly=True
    )
    private_id_number_hash = fields.Char(
        string="Resident ID Number (search hash)",
        groups=PERSONAL_DATA_GROUP,
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    private_birthdate = fields.Date(string="Birth Date (full)", groups=PERSONAL_DATA_GROUP, copy=False)
    id_number = fields.Char(
        string="Resident ID Number",
        compute="_compute_personal_data",
        inverse="_inverse_id_number",
        search="_search_id_number",
    )
    birthdate = fields.Date(
        string="Birth Date",
        compute="_compute_personal_data",
        inverse="_inverse_birthdate",
        search="_search_birthdate",
    )
    birthdate_masked = fields.Char(string="Birth Date (masked)", compute="_compute_personal_data")
    has_personal_data_access = fields.Boolean(compute="_compute_has_personal_data_access")

    # Documents of the customer in the ERP, for the smart buttons
    archive_sale_order_count = fields.Integer(string="Customer Sale Orders", compute="_compute_archive_document_counts")
    archive_delivery_count = fields.Integer(string="Customer Deliveries", compute="_compute_archive_document_counts")
    archive_invoice_count = fields.Integer(string="Customer Invoices", compute="_compute_archive_document_counts")
    archive_contract_count = fields.Integer(string="Customer Contracts", compute="_compute_archive_document_counts")
    contract_ids = fields.One2many("customer.contract", "partner_id", "Contracts")
    archive_part_count = fields.Integer(string="Customer Parts", compute="_compute_archive_document_counts")
    archive_process_spec_count = fields.Integer(
        string="Process Control Plans", compute="_compute_archive_document_counts"
    )
    customer_part_ids = fields.One2many("customer.part", "partner_id", "Parts")
    archive_complaint_count = fields.Integer(string="Complaints", compute="_compute_archive_document_counts")
    archive_build_count = fields.Integer(string="Software Builds", compute="_compute_archive_document_counts")
    archive_license_count = fields.Integer(string="Licences", compute="_compute_archive_document_counts")
    software_build_ids = fields.One2many("customer.software.build", "partner_id", "Builds")
    archive_followup_count = fields.Integer(string="Follow-ups", compute="_compute_archive_document_counts")
    followup_ids = fields.One2many("customer.followup", "partner_id", "Follow-up Records")
    archive_return_visit_count = fields.Integer(string="Return Visits", compute="_compute_archive_document_counts")
    # The capabilities switched on (settings): the form's pages ask it.
    archive_capabilities = fields.Json(compute="_compute_archive_capabilities")
    defect_sensitivity_html = fields.Html(
        "Defect Sensitivity", compute="_compute_defect_sensitivity_html", sanitize=False
    )

    _customer_code_unique = models.UniqueIndex(
        "(COALESCE(company_id, 0), ref) WHERE ref IS NOT NULL AND ref <> '' AND parent_id IS NULL",
        "This customer code is already used by another customer of the same company.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_can_edit_customer_code(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for partner in self:
            partner.can_edit_customer_code = is_manager or not partner.ref

    @api.depends("is_company", "parent_id", "archive_state")
    def _compute_is_archive_customer(self):
        in_archive = self.filtered_domain(self._archive_customer_domain())
        for partner in self:
            partner.is_archive_customer = partner in in_archive

    def _search_is_archive_customer(self, operator, value):
        if operator != "in":
            return NotImplemented  # the ORM negates "in" for "not in"
        return self._archive_customer_domain()

    @api.model
    def _archive_customer_domain(self):
        """Who is in the customer archive (README, Customer archive)."""
        own_partners = self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id
        return (
            (Domain("is_company", "=", True) | Domain("parent_id", "=", False))
            & Domain("archive_state", "!=", False)
            & Domain("id", "not in", own_partners.ids)
        )

    @api.depends_context("uid")
    def _compute_has_personal_data_access(self):
        self.has_personal_data_access = self._has_personal_data_access()

    @api.depends("private_id_number", "private_birthdate")
    @api.depends_context("uid")
    def _compute_personal_data(self):
        full_access = self._has_personal_data_access()
        for partner, private in zip(self, self.sudo(), strict=True):
            number, birthdate = private.private_id_number, private.private_birthdate
            partner.id_number = number if full_access else mask_id_number(number)
            partner.birthdate = birthdate if full_access else False
            partner.birthdate_masked = birthdate and (
                fields.Date.to_string(birthdate) if full_access else f"{birthdate.year}-**-**"
            )

    # create() and write() refuse personal data from users without the group
    # before these run; what reaches them is theirs to store (or empty).
    def _inverse_id_number(self):
        if not (self.env.su or self._has_personal_data_access()):
            return
        for partner in self:
            partner.sudo().private_id_number = (partner.id_number or "").strip().upper() or False

    def _inverse_birthdate(self):
        if not (self.env.su or self._has_personal_data_access()):
            return
        for partner in self:
            partner.sudo().private_birthdate = partner.birthdate

    def _search_id_number(self, operator, value):
        self._ensure_personal_data_access()
        if isinstance(value, str):
            value = value.strip().upper()
        return [("private_id_number", operator, value)]

    def _search_birthdate(self, operator, value):
        self._ensure_personal_data_access()
        return [("private_birthdate", operator, value)]

    @api.depends("private_id_number_cipher")
    def _compute_private_id_number(self):
        for partner in self:
            token = partner.private_id_number_cipher
            partner.private_id_number = token and partner._id_crypto(id_crypto.decrypt, token)

    def _inverse_private_id_number(self):
        for partner in self:
            number = (partner.private_id_number or "").strip().upper()
            token, digest = self._id_crypto(id_crypto.encrypt, number) if number else (False, False)
            partner.write({"private_id_number_cipher": token, "private_id_number_hash": digest})

    def _search_private_id_number(self, operator, value):
        if operator == "not in":
            return NotImplemented  # the ORM negates "in"
        if operator != "in":
            raise UserError(
                self.env._(
                    "Resident ID numbers are stored encrypted: search them by the whole number "
                    "(“is equal to”), not by a part of it."
                )
            )
        hashes = []
        for number in value:
            if number:
                hashes += self._id_crypto(id_crypto.search_hashes, str(number).strip().upper())
            else:
                hashes.append(False)
        return [("private_id_number_hash", "in", hashes)]

    def _id_crypto(self, function, *args):
        """function(*args) of tools/id_crypto.py; a missing or wrong key
        becomes an error the administrator can act on."""
        try:
            return function(*args, keys=id_crypto.configured_keys(config))
        except id_crypto.IdKeyMissingError:
            raise UserError(
                self.env._(
                    "Resident ID numbers are stored encrypted and no key is configured: set id_key in "
                    "the [crm_customer_archive] section of the server configuration (or the environment "
                    "variable CUSTOMER_ARCHIVE_ID_KEY) and restart the server."
                )
            ) from None
        except id_crypto.IdKeyInvalidError:
            raise UserError(
                self.env._(
                    "The key configured for resident ID numbers is not valid: a key has 44 characters "
                    "(32 bytes in URL-safe base64), as “scripts/rotate_id_key.py --new-key” prints it."
                )
            ) from None
        except id_crypto.IdKeyMismatchError:
            raise UserError(
                self.env._(
                    "The resident ID number of %(partner)s was encrypted with a key that is not configured: "
                    "add that key after the current one in id_key.",
                    partner=self.display_name,
                )
            ) from None

    @api.model
    def _rotate_id_number_key(self):
        """Re-encrypt and re-hash every stored ID number with the current key
        (the first configured; the others still decrypt): scripts/rotate_id_key.py.
        In SQL, a technical change: no write date, no audit row, no mail."""
        self.flush_model(["private_id_number_cipher", "private_id_number_hash"])
        self.env.cr.execute(
            SQL("SELECT id, private_id_number_cipher FROM res_partner WHERE private_id_number_cipher IS NOT NULL")
        )
        rows = self.env.cr.fetchall()
        for batch in split_every(1000, rows):
            values = []
            for partner_id, token in batch:
                partner = self.browse(partner_id)
                number = partner._id_crypto(id_crypto.decrypt, token)
                values.append(SQL("(%s, %s, %s)", partner_id, *partner._id_crypto(id_crypto.encrypt, number)))
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET private_id_number_cipher = v.token, private_id_number_hash = v.digest
                      FROM (VALUES %s) AS v(id, token, digest)
                     WHERE p.id = v.id
                    """,
                    SQL(", ").join(values),
                )
            )
        self.invalidate_model(["private_id_number_cipher", "private_id_number_hash"])
        return len(rows)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_archive_document_counts(self):
        """The documents of each customer (its contacts included), as the user
        may read them: one grouped query per kind for the whole page, none for
        a capability switched off."""
        commercial_ids = self.commercial_partner_id.ids
        for document in ARCHIVE_DOCUMENTS.values():
            counts = self._count_archive_documents(document, commercial_ids)
            for partner in self:
                partner[document.count_field] = counts.get(partner.commercial_partner_id.id, 0)

    def _compute_archive_capabilities(self):
        self.archive_capabilities = sorted(_enabled_capabilities(self.env))

    def _count_archive_documents(self, document, commercial_ids):
        Model = self.env[document.model]
        if not (commercial_ids and self._archive_document_enabled(document) and Model.has_access("read")):
            return {}
        groups = Model._read_group(
            [*document.domain, *document.count_domain, (document.partner_path, "in", commercial_ids)],
            [document.partner_path],
            ["__count"],
        )
        return {partner.id: count for partner, count in groups}

    def _archive_document_enabled(self, document):
        return not document.capability or _capability_enabled(self.env, document.capability)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("vat", "country_id")
    def _check_vat_uscc(self):
        for partner in self:
            if (
                partner.vat
                and partner.vat != "/"
                and partner.country_id.code == "CN"
                and partner.commercial_partner_id == partner
                and not is_valid_uscc(partner.vat)
            ):
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(partner)s is not valid: "
                        "it must have 18 characters and a correct check character (GB 32100).",
                        code=partner.vat,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("private_id_number", "private_birthdate")
    def _check_id_number(self):
        for partner in self.sudo():
            number = partner.private_id_number
            if not number:
                continue
            problem = resident_id_problem(number)
            if problem:
                messages = {
                    "format": self.env._(
                        "The resident ID number of %(partner)s must have 18 characters: "
                        "17 digits and a check digit or X.",
                        partner=partner.display_name,
                    ),
                    "birth_date": self.env._(
                        "The resident ID number of %(partner)s contains an impossible birth date.",
                        partner=partner.display_name,
                    ),
                    "checksum": self.env._(
                        "The resident ID number of %(partner)s has a wrong check character (GB 11643).",
                        partner=partner.display_name,
                    ),
                }
                raise ValidationError(messages[problem])
            if partner.private_birthdate and partner.private_birthdate != resident_id_birth_date(number):
                raise ValidationError(
                    self.env._(
                        "The birth date of %(partner)s does not match the birth date in the resident ID number.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("email")
    def _check_email_format(self):
        for partner in self:
            email = partner.email
            if email and (email.count("@") != 1 or not email_normalize(email, strict=True)):
                raise ValidationError(
                    self.env._(
                        "The email address %(email)s of %(partner)s is not valid.",
                        email=email,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("phone")
    def _check_phone_format(self):
        for partner in self:
            if partner.phone and not is_valid_phone(partner.phone):
                raise ValidationError(
                    self.env._(
                        "The phone number %(phone)s of %(partner)s is not valid. Enter a mobile "
                        "number (e.g. 13812345678), a landline with its area code "
                        "(e.g. 010-62345678) or an international number starting with + "
                        "and the country code.",
                        phone=partner.phone,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("store_id", "parent_id")
    def _check_store_same_customer(self):
        for partner in self:
            if partner.store_id and partner.store_id.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The store %(store)s does not belong to the customer of %(partner)s.",
                        store=partner.store_id.display_name,
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A new contact has nothing stored to compare with: empty values pass.
            self._refuse_personal_data({name: value for name, value in vals.items() if value})
        self._check_customer_codes_free(
            [
                (vals["ref"], vals.get("company_id") or 0)
                for vals in vals_list
                if vals.get("ref") and not vals.get("parent_id")
            ]
        )
        partners = super().create(vals_list)
        # After create: is_company may come from a default or from company_type.
        for partner in partners:
            if partner.is_company and not partner.parent_id and not partner.ref:
                partner.ref = self._next_customer_code(partner.company_id.id)
        return partners

    def write(self, vals):
        self._refuse_personal_data(vals)
        if "ref" in vals and not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            if any(partner.ref and partner.ref != vals["ref"] for partner in self):
                raise AccessError(self.env._("Only archive managers may change a customer code."))
        if {"ref", "company_id", "parent_id"} & vals.keys():
            keys = []
            for partner in self:
                ref = vals.get("ref", partner.ref)
                parent_id = vals.get("parent_id", partner.parent_id.id)
                company_id = vals.get("company_id", partner.company_id.id) or 0
                if ref and not parent_id:
                    keys.append((ref, company_id))
            self._check_customer_codes_free(keys, exclude_ids=self.ids)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_archive_documents(self):
        """The customer's documents of the kind named by the context key
        ``archive_document`` (ARCHIVE_DOCUMENTS), its contacts' included."""
        self.ensure_one()
        kind = self.env.context.get("archive_document")
        document = ARCHIVE_DOCUMENTS.get(kind)
        if not document or not document.action or not self._archive_document_enabled(document):
            raise UserError(self.env._("The customer form cannot show the documents “%(kind)s”.", kind=kind))
        commercial_partner = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(document.action)
        action["domain"] = [(document.partner_path, "=", commercial_partner.id), *document.domain]
        action["context"] = {
            "default_partner_id": self.id if document.default_self else commercial_partner.id,
            **dict(document.context),
        }
        return action

    # The buttons' names, kept for the tours, saved views and API callers.
    def action_view_archive_sale_orders(self):
        return self.with_context(archive_document="sale_orders").action_view_archive_documents()

    def action_view_archive_deliveries(self):
        return self.with_context(archive_document="deliveries").action_view_archive_documents()

    def action_view_archive_invoices(self):
        return self.with_context(archive_document="invoices").action_view_archive_documents()

    def action_view_archive_contracts(self):
        return self.with_context(archive_document="contracts").action_view_archive_documents()

    def action_view_archive_parts(self):
        return self.with_context(archive_document="parts").action_view_archive_documents()

    def action_view_archive_process_specs(self):
        return self.with_context(archive_document="process_specs").action_view_archive_documents()

    def action_view_archive_complaints(self):
        return self.with_context(archive_document="complaints").action_view_archive_documents()

    def action_view_archive_licenses(self):
        return self.with_context(archive_document="licenses").action_view_archive_documents()

    def action_view_archive_followups(self):
        return self.with_context(archive_document="followups").action_view_archive_documents()

    def action_view_archive_return_visits(self):
        return self.with_context(archive_document="return_visits").action_view_archive_documents()

    # ------------------------------------------------------------------
    # Defect sensitivity (the grading station's question)
    # ------------------------------------------------------------------

    def get_defect_sensitivity(self):
        """Public (external API): the defects this customer complained about.

        One dict per defect type, most complained first: ``code``, ``name``,
        ``count``, ``last_date`` (YYYY-MM-DD), ``worst_severity`` (minor /
        major / critical) and ``part_numbers``. Rejected complaints do not count.
        """
        self.ensure_one()
        if not self._may_read_defect_sensitivity():
            raise AccessError(self.env._("Only sales, warehouse and customer archive staff see defect sensitivities."))
        profile = self._defect_sensitivity(with_parts=True)
        return profile.get(self.commercial_partner_id.id, [])

    def _defect_sensitivity(self, with_parts=False):
        """{commercial partner id: [profile lines]} for all partners of self
        in one grouped query (defect names and part numbers joined in). Read
        as superuser: sales and grading staff see the profile, not the complaints."""
        commercial_ids = self.commercial_partner_id.ids
        if not commercial_ids or not self._may_read_defect_sensitivity():
            return {}
        Complaint = self.env["customer.complaint"].sudo()
        query = Complaint._search(
            [
                ("partner_id", "in", commercial_ids),
                ("defect_type_id", "!=", False),
                ("stage_id.is_rejected", "=", False),
                ("company_id", "in", self.env.companies.ids),
            ]
        )

        def join(fname):
            """The alias of the record that field `fname` of the complaint points to."""
            comodel = self.env[Complaint._fields[fname].comodel_name].sudo()
            alias = query.make_alias(Complaint._table, fname)
            condition = SQL(
                "%s = %s", Complaint._field_to_sql(Complaint._table, fname, query), SQL.identifier(alias, "id")
            )
            query.add_join("LEFT JOIN", alias, comodel._table, condition)
            return comodel, alias

        Defect, defect_alias = join("defect_type_id")
        columns = [
            Complaint._field_to_sql(Complaint._table, "partner_id", query),
            Defect._field_to_sql(defect_alias, "code", query),
            Defect._field_to_sql(defect_alias, "name", query),  # in the user's language
            SQL("COUNT(*)"),
            SQL("MAX(%s)", Complaint._field_to_sql(Complaint._table, "date_received", query)),
            SQL("MAX(%s)", Complaint._field_to_sql(Complaint._table, "severity_rank", query)),
        ]
        if with_parts:
            Part, part_alias = join("part_id")
            part_number = Part._field_to_sql(part_alias, "part_number", query)
            columns.append(SQL("ARRAY_AGG(DISTINCT %s) FILTER (WHERE %s IS NOT NULL)", part_number, part_number))
        # The defect's code and name depend on its id: grouping by the id is enough.
        query.groupby = SQL("%s, %s", columns[0], SQL.identifier(defect_alias, "id"))
        query.order = Defect._order_to_sql(Defect._order, query, alias=defect_alias)  # ties: the defects' order
        rows = [] if query.is_empty() else self.env.execute_query(query.select(*columns))
        rank_to_severity = {1: "minor", 2: "major", 3: "critical"}
        profile = {}
        for partner_id, code, name, count, last_date, worst_rank, *parts in rows:
            line = {
                "code": code,
                "name": name,
                "count": count,
                "last_date": fields.Date.to_string(last_date.date()),
                "worst_severity": rank_to_severity.get(worst_rank, "minor"),
            }
            if with_parts:
                line["part_numbers"] = sorted(parts[0] or [])
            profile.setdefault(partner_id, []).append(line)
        for lines in profile.values():
            lines.sort(key=lambda line: (-line["count"], line["last_date"]), reverse=False)
        return profile

    def _defect_watches(self):
        """{commercial partner id: [watch lines]}: the defects learned from
        similar customers (举一反三), each ``name`` (the defect),
        ``learned_from`` (customer and complaint number), ``reason`` (the
        shared attribute and its value) and ``date``, newest first. Read as
        superuser, like the profile; one query (names joined in)."""
        commercial_ids = self.commercial_partner_id.ids
        if not commercial_ids or not self._may_read_defect_sensitivity():
            return {}
        Watch = self.env["customer.defect.watch"].sudo()
        query = Watch._search(
            [("partner_id", "in", commercial_ids), ("company_id", "in", self.env.companies.ids)],
            order="create_date desc, id desc",
        )

        def name_of(model, alias, fname):
            """The name of the record that field ``fname`` of ``model`` (at ``alias``) points to."""
            comodel = self.env[model._fields[fname].comodel_name].sudo()
            target = query.make_alias(alias, fname)
            condition = SQL("%s = %s", model._field_to_sql(alias, fname, query), SQL.identifier(target, "id"))
            query.add_join("JOIN", target, comodel._table, condition)
            return comodel, target, comodel._field_to_sql(target, "name", query)  # in the user's language

        Complaint, complaint_alias, complaint_name = name_of(Watch, Watch._table, "complaint_id")
        columns = [
            Watch._field_to_sql(Watch._table, "partner_id", query),
            name_of(Watch, Watch._table, "defect_type_id")[2],
            name_of(Complaint, complaint_alias, "partner_id")[2],
            complaint_name,
            Watch._field_to_sql(Watch._table, "reason", query),
            name_of(Watch, Watch._table, "reason_value_id")[2],
            Watch._field_to_sql(Watch._table, "create_date", query),
        ]
        rows = [] if query.is_empty() else self.env.execute_query(query.select(*columns))
        reasons = dict(Watch._fields["reason"]._description_selection(self.env))
        lines = {}
        for partner_id, defect, source, complaint, reason, value, date in rows:
            lines.setdefault(partner_id, []).append(
                {
                    "name": defect,
                    "learned_from": f"{source} {complaint}",
                    "reason": f"{reasons[reason]}: {value}",
                    "date": fields.Date.to_string(date.date()),
                }
            )
        return lines

    def _sensitive_defect_types(self):
        """{commercial partner id: defect types it complained about} in one
        grouped query. The grading gate's rule, not a disclosure: read as
        superuser for whoever reserves, ships or certifies.

        Watched defects (learned from similar customers, _defect_watches) are
        not in it on purpose: the customer never complained about them, so a
        coil with such a defect is not stopped; the banners warn instead."""
        Complaint = self.env["customer.complaint"].sudo()
        groups = Complaint._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("defect_type_id", "!=", False),
                ("stage_id.is_rejected", "=", False),
                ("company_id", "in", self.env.companies.ids),
            ],
            ["partner_id"],
            ["defect_type_id:array_agg"],
        )
        return {partner.id: self.env["customer.defect.type"].browse(defect_ids) for partner, defect_ids in groups}

    def _defect_sensitivity_warnings(self):
        """{commercial partner id: one-line warning} for banners on orders and
        deliveries: the defects complained about, then those watched."""
        severities = dict(self.env["customer.complaint"]._fields["severity"]._description_selection(self.env))
        parts = {}
        for partner_id, lines in self._defect_sensitivity().items():
            parts[partner_id] = [
                self.env._(
                    "%(defect)s x%(count)s (last %(date)s, worst %(severity)s)",
                    defect=line["name"],
                    count=line["count"],
                    date=line["last_date"],
                    severity=severities[line["worst_severity"]],
                )
                for line in lines
            ]
        for partner_id, lines in self._defect_watches().items():
            parts.setdefault(partner_id, []).extend(
                self.env._(
                    "watch %(defect)s (learned from %(origin)s)", defect=line["name"], origin=line["learned_from"]
                )
                for line in lines
            )
        return {partner_id: "; ".join(texts) for partner_id, texts in parts.items()}

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_defect_sensitivity_html(self):
        profile = self._defect_sensitivity(with_parts=True)
        watches = self._defect_watches()
        severities = dict(self.env["customer.complaint"]._fields["severity"]._description_selection(self.env))
        for partner in self:
            lines = profile.get(partner.commercial_partner_id.id)
            watched = watches.get(partner.commercial_partner_id.id)
            partner.defect_sensitivity_html = (
                self.env["ir.qweb"]._render(
                    "crm_customer_archive.res_partner_defect_sensitivity",
                    {"lines": lines or [], "watched": watched or [], "severities": severities},
                )
                if lines or watched
                else False
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _may_read_defect_sensitivity(self):
        """Sales, grading/warehouse and archive staff see what a customer is
        sensitive to; other employees do not (README, Roles)."""
        user = self.env.user
        return self.env.su or any(user.has_group(group) for group in DEFECT_SENSITIVITY_GROUPS)

    def _has_personal_data_access(self):
        return self.env.user.has_group(PERSONAL_DATA_GROUP)

    def _refuse_personal_data(self, vals):
        """Without the Personal Data group any ID number or birth date sent is
        refused, whatever its value: comparing it with the stored one would
        tell the caller whether they guessed right. The attempt is noted in
        the contact's chatter (who, when, which field; never the value)."""
        sent = [name for name in PERSONAL_DATA_FIELDS if name in vals]
        if not sent or self.env.su or self._has_personal_data_access():
            return
        if self:
            self._note_refused_personal_data(sent)
        self._log_refused_personal_data(sent)  # audit trail (res_partner_audit.py)
        self._ensure_personal_data_access()

    def _note_refused_personal_data(self, field_names):
        labels = ", ".join(self._fields[name]._description_string(self.env) for name in field_names)
        body = self.env._(
            "%(user)s tried to change %(fields)s without the Personal Data right: refused.",
            user=self.env.user.name,
            fields=labels,
        )
        registry, uid, partner_ids = self.env.registry, self.env.uid, self.ids

        # The refusal rolls the caller's transaction back: the note is written
        # after that rollback, in a transaction of its own.
        @self.env.cr.postrollback.add
        def note():
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {}, su=True)
                for partner in env["res.partner"].browse(partner_ids).exists():
                    partner.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _ensure_personal_data_access(self):
        if not self._has_personal_data_access():
            raise AccessError(
                self.env._(
                    "Resident ID numbers and birth dates are personal data: only users of the "
                    "group “Customer Archive: Personal Data” may search or change them."
                )
            )

    @api.model
    def _next_customer_code(self, company_id=False):
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        Sequence = self.env["ir.sequence"].sudo().with_company(company)
        code = Sequence.next_by_code(CUSTOMER_CODE_SEQUENCE)
        # A code typed by hand may already hold the next number: skip it.
        while code and self._find_used_customer_codes([(code, company_id or 0)]):
            code = Sequence.next_by_code(CUSTOMER_CODE_SEQUENCE)
        return code

    @api.model
    def _check_customer_codes_free(self, keys, exclude_ids=()):
        """keys: (code, company id or 0) of commercial partners about to be written."""
        if not keys:
            return
        if len(set(keys)) < len(keys):
            duplicate = next(key for key in keys if keys.count(key) > 1)
            raise ValidationError(self._duplicate_code_message(duplicate[0]))
        if used := self._find_used_customer_codes(keys, exclude_ids):
            raise ValidationError(self._duplicate_code_message(used[0]))

    @api.model
    def _find_used_customer_codes(self, keys, exclude_ids=()):
        self.flush_model(["ref", "company_id", "parent_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT ref, COALESCE(company_id, 0)
                  FROM res_partner
                 WHERE parent_id IS NULL
                   AND ref IN %s
                   AND NOT (id = ANY(%s))
                """,
                tuple({code for code, _company in keys}),
                list(exclude_ids),
            )
        )
        wanted = set(keys)
        return [code for code, company_id in self.env.cr.fetchall() if (code, company_id) in wanted]

    @api.model
    def _duplicate_code_message(self, code):
        return self.env._(
            "The customer code %(code)s is already used by another customer of the same company.",
            code=code,
        )
