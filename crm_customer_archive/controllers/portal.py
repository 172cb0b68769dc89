from werkzeug.exceptions import NotFound

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.http import request

from ..models.customer_archive_capability import _capability_enabled, _enabled_capabilities


class CustomerArchivePortal(CustomerPortal):
    """What the customer's portal pages share: the capability switches, the
    home page counters and one list page. Each capability has its pages in
    its own file (portal_contract.py, portal_complaint.py, ...)."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        # The home page shows the tiles of the capabilities switched on.
        values["archive_capabilities"] = _enabled_capabilities(request.env)
        return values

    def _ensure_capability(self, capability):
        """A page of a capability switched off does not exist."""
        if not _capability_enabled(request.env, capability):
            raise NotFound()

    def _archive_portal_count(self, values, counters, counter, capability, model_name, domain):
        """Fill a home page counter: 0 when the capability is off or the
        user may not read the model."""
        if counter not in counters:
            return
        Model = request.env[model_name]
        enabled = _capability_enabled(request.env, capability) and Model.has_access("read")
        values[counter] = Model.search_count(domain) if enabled else 0

    def _archive_portal_list(
        self,
        capability,
        model_name,
        domain,
        *,
        url,
        page,
        template,
        records_key,
        page_name,
        order=None,
        url_args=None,
        history_key=None,
        **extra_values,
    ):
        """The paged list of a capability's documents, as ``records_key`` of
        the template's values (404 when the capability is off or the user may
        not read them)."""
        self._ensure_capability(capability)
        Model = request.env[model_name]
        if not Model.has_access("read"):
            raise NotFound()
        pager = portal_pager(
            url=url, url_args=url_args, total=Model.search_count(domain), page=page, step=self._items_per_page
        )
        records = Model.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        if history_key:
            request.session[history_key] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {records_key: records, "page_name": page_name, "pager": pager, "default_url": url, **extra_values}
        )
        return request.render(template, values)
