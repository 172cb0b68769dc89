from collections import defaultdict

from markupsafe import Markup

from odoo import api, models

# Run chart geometry in SVG user units; the chart is scaled to the width of its cell.
WIDTH, HEIGHT = 440, 140
LEFT, RIGHT, TOP, BOTTOM, INSET = 50, 10, 8, 18, 8


def run_chart_svg(values, lower, target, upper):
    """A run chart as inline SVG: the values of the runs in order, the target
    (green) and the limits (red, dashed); points out of limits in red.
    wkhtmltopdf draws SVG without JavaScript."""
    if not values:
        return ""
    low, high = min(lower, *values), max(upper, *values)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
    low, high = low - pad, high + pad
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value):
        return TOP + (high - value) / (high - low) * plot_height

    def x(index):
        # Points stay clear of the frame by INSET on both sides.
        if len(values) == 1:
            return LEFT + plot_width / 2
        return LEFT + INSET + index * (plot_width - 2 * INSET) / (len(values) - 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_run_chart" width="100%" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-size="11" font-family="sans-serif">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{plot_height}" fill="none" stroke="#bbb"/>',
    ]
    for value, colour, dash in ((upper, "#c62828", "4,3"), (target, "#2e7d32", ""), (lower, "#c62828", "4,3")):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            f'stroke="{colour}" stroke-width="1" stroke-dasharray="{dash}"/>'
            f'<text x="{LEFT - 3}" y="{y(value) + 3:.1f}" text-anchor="end" fill="{colour}">{value:g}</text>'
        )
    points = " ".join(f"{x(index):.1f},{y(value):.1f}" for index, value in enumerate(values))
    parts.append(f'<polyline points="{points}" fill="none" stroke="#1f4e79" stroke-width="1.2"/>')
    for index, value in enumerate(values):
        colour = "#1f4e79" if lower <= value <= upper else "#c62828"
        parts.append(f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
    # The run numbers of the first and the last point.
    parts.append(f'<text x="{x(0):.1f}" y="{HEIGHT - 4}" text-anchor="middle" fill="#666">1</text>')
    if len(values) > 1:
        last = x(len(values) - 1)
        parts.append(f'<text x="{last:.1f}" y="{HEIGHT - 4}" text-anchor="middle" fill="#666">{len(values)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


class ReportProcessCapability(models.AbstractModel):
    """Actual vs set PDF: the capability table and a run chart per set point."""

    _name = "report.crm_customer_archive.report_process_capability"
    _description = "Actual vs Set Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        specs = self.env["customer.process.spec"].browse(docids)
        values = defaultdict(list)
        # One query for every set point of the plans, in the order the runs were made.
        measurements = self.env["customer.process.measurement"].search_fetch(
            [("spec_line_id", "in", specs.line_ids.ids)], ["spec_line_id", "value"], order="date, id"
        )
        for measurement in measurements:
            values[measurement.spec_line_id.id].append(measurement.value)
        return {
            "doc_ids": docids,
            "doc_model": "customer.process.spec",
            "docs": specs,
            "data": data,
            "run_charts": {
                line.id: run_chart_svg(values[line.id], line.lower_limit, line.target, line.upper_limit)
                for line in specs.line_ids
            },
        }
