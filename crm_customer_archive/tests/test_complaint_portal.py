from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerComplaintCase, SteelSalesCase
from .helpers import png_bytes

# The photo a customer sends.
PHOTO = png_bytes((40, 30), (0, 200, 0))


@tagged("post_install", "-at_install")
class TestComplaintPortal(CustomerComplaintCase, SteelSalesCase, HttpCase):
    """Customers submit complaints with photos at /my/complaints, follow and rate
    them, and never see another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "portal_hbqc", groups="base.group_portal", password="portal_hbqc")
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.others = cls.create_complaint(
            partner_id=cls.other_customer.id, reporter_id=False, part_id=False, title="江南轿车的投诉"
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.other_customer.id,
                "order_line": [Command.create({"product_id": cls.product_spcc.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        cls.foreign_delivery = order.picking_ids

    def submit(self, **fields):
        files = fields.pop("files", {})
        data = {"csrf_token": self.csrf_token(), "title": "卷边有裂纹", "description": "第三卷边部裂纹 5 处", **fields}
        return self.url_open("/my/complaints/new", data=data, files=files)

    def csrf_token(self):
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]

    def test_submit_with_a_photo(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.submit(severity="critical", files=[("photos", ("边裂.png", PHOTO, "image/png"))])
        self.assertEqual(response.status_code, 200)
        complaint = self.env["customer.complaint"].search([("title", "=", "卷边有裂纹")])
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "reporter_id": self.portal_user.partner_id.id,
                    "channel": "portal",
                    "severity": "critical",
                }
            ],
        )
        self.assertEqual(len(complaint.photo_ids), 1)
        self.assertIn(f"/my/complaints/{complaint.id}", response.url)
        self.assertIn("卷边有裂纹", response.text)
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.name, listing.text)
        self.assertNotIn("江南轿车的投诉", listing.text)

    def test_bad_submissions_are_refused_and_nothing_written(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        count = self.env["customer.complaint"].search_count([])
        cases = (
            ({"files": [("photos", ("notes.png", b"this is not a picture", "image/png"))]}, "is not an image"),
            ({"picking_id": str(self.foreign_delivery.id)}, "not one of your company"),
            ({"picking_id": "abc"}, "not one of your company"),
            ({"title": "  "}, "give a subject"),
            ({"severity": "apocalyptic"}, "Unknown severity"),
            (
                {"files": [("photos", ("huge.png", PHOTO + b"\0" * (9 * 1024 * 1024), "image/png"))]},
                "larger than 8 MB",
            ),
        )
        for fields, message in cases:
            with self.subTest(fields=list(fields)):
                response = self.submit(**fields)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertFalse(self.env["customer.complaint.photo"].search([("name", "=", "notes.png")]))

    def test_other_customers_complaint_is_not_found(self):
        self.authenticate("portal_hbqc", "portal_hbqc")
        response = self.url_open(f"/my/complaints/{self.others.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("江南轿车的投诉", response.text)
        own = self.create_complaint()
        self.assertEqual(self.url_open(f"/my/complaints/{own.id}").status_code, 200)
        self.assertEqual(self.env["customer.complaint"].with_user(self.portal_user).search([]), own)

    def test_rate_the_resolution(self):
        """The complaint page offers Odoo's three faces once resolved (the
        same /rate pages as the rating mail), then shows the rating."""
        complaint = self.create_complaint(root_cause="<p>辊印</p>", corrective_action="<p>换辊</p>")
        self.authenticate("portal_hbqc", "portal_hbqc")
        self.assertNotIn("/rate/", self.url_open(f"/my/complaints/{complaint.id}").text, "not resolved yet")
        complaint.write({"stage_id": self.stage_verification.id})
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        token = complaint.sudo().rating_ids.filtered(lambda rating: not rating.consumed).access_token
        self.assertIn(f'href="/rate/{token}/5"', page)
        data = {"csrf_token": self.csrf_token(), "rate": "5", "feedback": "处理及时"}
        response = self.url_open(f"/rate/{token}/submit_feedback", data=data)
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(complaint, [{"rating_last_value": 5.0, "rating_last_feedback": "处理及时"}])
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertIn("o_complaint_rated", page)
        self.assertNotIn("/rate/", page)
