# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.semver import semver_key


class CustomerComplaint(models.Model):
    """Software feedback (客户对软件使用后的反馈): the customer's build and
    licence a complaint is about and the build that fixes it. Once that build
    is published the reporter is told the version, once."""

    _inherit = "customer.complaint"

    license_id = fields.Many2one(
        "customer.license",
        string="Licence",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
    )
    build_id = fields.Many2one(
        "customer.software.build",
        compute="_compute_build_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
        help="The customer's build (version) the problem was found in.",
    )
    build_product_tmpl_id = fields.Many2one(related="build_id.product_tmpl_id", string="Software Product")
    fixed_in_build_id = fields.Many2one(
        "customer.software.build",
        string="Fixed in Build",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        copy=False,
        domain="[('partner_id', '=', partner_id), ('product_tmpl_id', '=', build_product_tmpl_id),"
        " ('id', '!=', build_id)]",
        check_company=True,
        help="A later build of the same customer and product; the reporter is told once it is published.",
    )
    fixed_in_version = fields.Char(related="fixed_in_build_id.version", string="Fixed in Version")
    fix_notified = fields.Boolean(
        "Customer Told of the Fix",
        copy=False,
        readonly=True,
        help="The reporter received the e-mail naming the version that fixes the problem.",
    )

    @api.depends("license_id")
    def _compute_build_id(self):
        # The build follows the licence's build; without one the engineer picks it.
        for complaint in self:
            if complaint.license_id.build_id:
                complaint.build_id = complaint.license_id.build_id

    @api.constrains("partner_id", "license_id", "build_id", "fixed_in_build_id")
    def _check_software_build(self):
        for complaint in self:
            customer = complaint.partner_id.commercial_partner_id
            build, fixed, license_ = complaint.build_id, complaint.fixed_in_build_id, complaint.license_id
            for document in (license_, build, fixed):
                if document and document.partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "%(document)s belongs to %(owner)s, not to the customer %(customer)s.",
                            document=document.display_name,
                            owner=document.partner_id.display_name,
                            customer=customer.display_name,
                        )
                    )
            if license_ and build and build.product_tmpl_id != license_.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "The build %(build)s is not a build of the licence's product %(product)s.",
                        build=build.display_name,
                        product=license_.product_tmpl_id.display_name,
                    )
                )
            if not fixed:
                continue
            if not build:
                raise ValidationError(
                    self.env._("Record the build the problem was found in before the build that fixes it.")
                )
            if fixed.product_tmpl_id != build.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "The fixing build %(fixed)s is not of the same product as %(build)s.",
                        fixed=fixed.display_name,
                        build=build.display_name,
                    )
                )
            if semver_key(fixed.version) <= semver_key(build.version):
                raise ValidationError(
                    self.env._(
                        "The fixing build %(fixed)s must be a later version than %(build)s.",
                        fixed=fixed.display_name,
                        build=build.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints.filtered("fixed_in_build_id")._notify_fixed_in_build()
        return complaints

    def write(self, vals):
        result = super().write(vals)
        if vals.get("fixed_in_build_id"):
            self._notify_fixed_in_build()
        return result

    def _notify_fixed_in_build(self):
        """Tell each reporter, once, the published version that fixes the
        problem: the mail (in the reporter's language) is posted in the thread."""
        template = self.env.ref("crm_customer_archive.mail_template_complaint_fixed_in_build")
        complaints = self.filtered(
            lambda complaint: (
                complaint.fixed_in_build_id.state == "released"
                and not complaint.fix_notified
                and complaint.reporter_id.email
            )
        )
        for complaint in complaints:
            complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        complaints.fix_notified = True
