# customer.complaint is extended in one file per service feature (rating, survey, request
# types, software feedback, return visits, KPIs); customer_complaint.py keeps the 8D case.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.addons.rating.models.rating_data import RATING_HAPPY_VALUE, RATING_NEUTRAL_VALUE, RATING_UNHAPPY_VALUE
from odoo.exceptions import UserError
from odoo.tools import SQL

# Odoo's three faces: the values of the rating mail's and the portal's links.
RATING_SCALE = (RATING_UNHAPPY_VALUE, RATING_NEUTRAL_VALUE, RATING_HAPPY_VALUE)


class CustomerComplaint(models.Model):
    """Ratings the Odoo way: the reporter rates the resolution with Odoo's
    rating mail and /rate pages; every rating carries the customer (parent)
    so the archive averages them."""

    _name = "customer.complaint"
    _inherit = ["customer.complaint", "rating.mixin"]

    # The mixin's stored last value (1, 3 or 5; 0 = not rated), under the
    # label the former field had: lists, filters and the XLSX report show it.
    rating_last_value = fields.Float(string="Customer Rating")

    def _rating_get_partner(self):
        return self.reporter_id or self.partner_id

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _rating_get_parent_field_name(self):
        return "partner_id"

    def _notify_reporter(self, stage):
        # The rating request (sent by _on_stage_change) is the resolution
        # notice too: the customer gets one mail, not two.
        resolved_notice = self.env.ref(
            "crm_customer_archive.mail_template_complaint_resolved", raise_if_not_found=False
        )
        if stage.mail_template_id == resolved_notice and self._rating_get_partner().email:
            return
        super()._notify_reporter(stage)

    def _on_stage_change(self, old_stage):  # pylint: disable=missing-return
        super()._on_stage_change(old_stage)
        # Resolved now, not before (Verification -> Closed asks only once);
        # complaints and answered inquiries, not praise or suggestions.
        if self.request_type in ("complaint", "inquiry") and self.stage_id.is_resolved and not old_stage.is_resolved:
            self._send_rating_request()

    def _send_rating_request(self):
        """Odoo's rating mail (three faces) to the reporter, in their language
        (else the customer's, like the other mails to the reporter)."""
        self.ensure_one()
        partner = self._rating_get_partner()
        template = self.env.ref("crm_customer_archive.mail_template_complaint_rating_request", raise_if_not_found=False)
        if not template or not partner.email:
            return
        # Queued (the mail cron sends it): the stage change does not wait for SMTP.
        self.rating_send_request(template, lang=partner.lang or self.partner_id.lang, force_send=False)

    def _check_rating_value(self, rate):
        if rate not in RATING_SCALE:
            raise UserError(
                self.env._(
                    "A rating is %(unhappy)s (unhappy), %(neutral)s (neutral) or %(happy)s (happy), not %(rate)s.",
                    unhappy=RATING_UNHAPPY_VALUE,
                    neutral=RATING_NEUTRAL_VALUE,
                    happy=RATING_HAPPY_VALUE,
                    rate=rate,
                )
            )

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        # Only Odoo's three faces: averages and trends stay comparable.
        self._check_rating_value(rate)
        return super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )

    def _portal_rating(self):
        """The reporter's latest rating (shown on the portal page), else an
        empty recordset; the caller proved the portal user's access."""
        self.ensure_one()
        return self.sudo().rating_ids.filtered("consumed")[:1]

    def _portal_rating_token(self):
        """The token of the /rate links of the portal page: the same pending
        rating as the mail's (created if the mail was not sent)."""
        self.ensure_one()
        return self.sudo()._rating_get_access_token()

    # ------------------------------------------------------------------
    # Migration from the former selection field (19.0.6.0.0)
    # ------------------------------------------------------------------

    @api.model
    def _convert_legacy_ratings(self, rating_column, comment_column):
        """Turn the former ratings (1 to 5, kept in `rating_column` and
        `comment_column` of the complaints table) into consumed rating.rating
        rows on Odoo's scale: 1-2 -> 1, 3 -> 3, 4-5 -> 5. The rating is the
        reporter's (else the customer's), its parent the customer. The old
        field kept no date: the complaint's last change is its date."""
        self.env.flush_all()
        query = SQL(
            """
            INSERT INTO rating_rating (
                res_model_id, res_model, res_id, res_name,
                parent_res_model_id, parent_res_model, parent_res_id, parent_res_name,
                partner_id, rated_partner_id, rating, rating_text, feedback, consumed,
                access_token, rated_on, create_date, write_date, create_uid, write_uid)
            SELECT %(model_id)s, 'customer.complaint', complaint.id,
                   BTRIM(CONCAT(complaint.name, ' ', complaint.title)),
                   %(parent_model_id)s, 'res.partner', complaint.partner_id, customer.name,
                   COALESCE(complaint.reporter_id, complaint.partner_id), engineer.partner_id,
                   legacy.rating, CASE legacy.rating WHEN 5 THEN 'top' WHEN 3 THEN 'ok' ELSE 'ko' END,
                   NULLIF(BTRIM(complaint.%(comment)s), ''), TRUE,
                   REPLACE(gen_random_uuid()::text, '-', ''), complaint.write_date,
                   complaint.write_date, complaint.write_date, complaint.write_uid, complaint.write_uid
              FROM customer_complaint complaint
              JOIN res_partner customer ON customer.id = complaint.partner_id
         LEFT JOIN res_users engineer ON engineer.id = complaint.user_id
             CROSS JOIN LATERAL (
                    SELECT CASE WHEN complaint.%(rating)s IN ('1', '2') THEN 1
                                WHEN complaint.%(rating)s = '3' THEN 3
                                ELSE 5 END AS rating
                   ) legacy
             WHERE complaint.%(rating)s IN ('1', '2', '3', '4', '5')
         RETURNING res_id
            """,
            model_id=self.env["ir.model"]._get_id(self._name),
            parent_model_id=self.env["ir.model"]._get_id("res.partner"),
            rating=SQL.identifier(rating_column),
            comment=SQL.identifier(comment_column),
        )
        complaints = self.browse(res_id for (res_id,) in self.env.execute_query(query))
        self.env["rating.rating"].invalidate_model()
        # The mixin's stored last value follows the new rows.
        self.env.add_to_compute(self._fields["rating_last_value"], complaints)
        complaints.flush_recordset(["rating_last_value"])
        return complaints
