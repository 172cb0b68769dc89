from collections import defaultdict

from odoo import api, models

from ..tools.run_chart import run_chart_svg


class ReportProcessCapability(models.AbstractModel):
    """Actual vs set PDF: the capability table and a run chart per set point."""

    _name = "report.crm_customer_archive.report_process_capability"
    _description = "Actual vs Set Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        specs = self.env["customer.process.spec"].browse(docids)
        values = defaultdict(list)
        marked = defaultdict(list)
        # One query for every set point of the plans, in the order the runs were made.
        measurements = self.env["customer.process.measurement"].search_fetch(
            [("spec_line_id", "in", specs.line_ids.ids)], ["spec_line_id", "value", "run_id"], order="date, id"
        )
        for measurement in measurements:
            line_values = values[measurement.spec_line_id.id]
            if measurement.run_id.outcome == "non_conforming":
                marked[measurement.spec_line_id.id].append(len(line_values))
            line_values.append(measurement.value)
        legend = self.env._("coil not conforming")
        return {
            "doc_ids": docids,
            "doc_model": "customer.process.spec",
            "docs": specs,
            "data": data,
            "run_charts": {
                line.id: run_chart_svg(
                    values[line.id], line.lower_limit, line.target, line.upper_limit, marked[line.id], legend
                )
                for line in specs.line_ids
            },
        }
