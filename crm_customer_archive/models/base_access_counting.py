from odoo import models

from .customer_archive_access_counter import COUNTED_MODELS


class Base(models.AbstractModel):
    """Reads of customer-archive data count toward the user's access
    frequency (models/customer_archive_access_counter.py): read, web_read,
    web_search_read and search_read all format their records here."""

    _inherit = "base"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if self._name in COUNTED_MODELS and result:
            self.env["customer.archive.access.counter"]._count_read(len(result))
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if self._name in COUNTED_MODELS:
            self.env["customer.archive.access.counter"]._count_read(len(self))
        return result
