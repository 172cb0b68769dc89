from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.addons.rating.controllers.main import Rating
from odoo.exceptions import UserError
from odoo.http import request


class ComplaintRating(Rating):
    """Odoo's /rate pages: a complaint's rating outside Odoo's three faces is
    refused with a translated message (400), nothing written; other models'
    ratings go through Odoo's own checks."""

    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        self._check_complaint_rate(token, rate)
        return super().action_open_rating(token, rate, **kwargs)

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        if request.httprequest.method == "POST":
            self._check_complaint_rate(token, rate)
        return super().action_submit_rating(token, rate=rate, **kwargs)

    def _check_complaint_rate(self, token, rate):
        rating, record_sudo = self._get_rating_and_record(token)
        if rating.res_model != "customer.complaint":
            return
        record = record_sudo.with_context(lang=rating.partner_id.lang or request.env.lang)
        try:
            value = int(rate)
        except (TypeError, ValueError):
            value = rate
        try:
            record._check_rating_value(value)
        except UserError as error:
            raise BadRequest(error.args[0]) from error
