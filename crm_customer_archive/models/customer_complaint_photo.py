from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_PHOTO_BYTES = 8 * 1024 * 1024  # below the 10 MB form limit of the HTTP layer


class CustomerComplaintPhoto(models.Model):
    """A defect photo (缺陷照片) of a complaint, shown on the form and printed
    in the 8D report."""

    _name = "customer.complaint.photo"
    _description = "Complaint Defect Photo"
    _inherit = ["customer.archive.input.mixin", "image.mixin"]
    _order = "complaint_id, sequence, id"

    complaint_id = fields.Many2one("customer.complaint", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Caption")
    # The image must be there: a photo record without a picture means nothing.
    image_1920 = fields.Image(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_photo_size(vals.get("image_1920"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_photo_size(vals.get("image_1920"))
        return super().write(vals)

    def _check_photo_size(self, data):
        # base64 grows by a third: compare with the decoded size
        if data and len(data) * 3 // 4 > MAX_PHOTO_BYTES:
            raise ValidationError(
                self.env._("A defect photo may be at most %(size)s MB.", size=MAX_PHOTO_BYTES // (1024 * 1024))
            )
