from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    customer_test_result_ids = fields.One2many("customer.lot.test.result", "lot_id", string="Test Results", copy=False)
    customer_process_run_ids = fields.One2many("customer.process.run", "lot_id", string="Process Runs")
