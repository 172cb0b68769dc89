"""The run chart of a set point as inline SVG, for the capability report
and the plan's process loop."""

from markupsafe import Markup, escape

# Run chart geometry in SVG user units; the chart is scaled to the width of its cell.
WIDTH, HEIGHT = 440, 140
LEFT, RIGHT, TOP, BOTTOM, INSET = 50, 10, 8, 18, 8
# Coils that did not conform: a colour apart from the limits' red and the values' blue.
MARK_COLOUR = "#ef6c00"


def run_chart_svg(values, lower, target, upper, marked=(), legend=""):
    """A run chart as inline SVG: the values of the runs in order, the target
    (green) and the limits (red, dashed); points out of limits in red.
    ``marked`` holds the indexes of the values whose coil did not conform:
    ringed by an orange diamond, explained by ``legend``.
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
    for index in sorted(set(marked)):
        parts.append(_diamond(x(index), y(values[index]), 6, "o_run_chart_marked"))
    if marked and legend:
        legend_x = LEFT + plot_width * 0.3
        parts.append(
            _diamond(legend_x, HEIGHT - 8, 4, "o_run_chart_legend")
            + f'<text x="{legend_x + 8:.1f}" y="{HEIGHT - 4}" fill="{MARK_COLOUR}">{escape(legend)}</text>'
        )
    # The run numbers of the first and the last point.
    parts.append(f'<text x="{x(0):.1f}" y="{HEIGHT - 4}" text-anchor="middle" fill="#666">1</text>')
    if len(values) > 1:
        last = x(len(values) - 1)
        parts.append(f'<text x="{last:.1f}" y="{HEIGHT - 4}" text-anchor="middle" fill="#666">{len(values)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _diamond(cx, cy, size, css_class):
    points = f"{cx:.1f},{cy - size:.1f} {cx + size:.1f},{cy:.1f} {cx:.1f},{cy + size:.1f} {cx - size:.1f},{cy:.1f}"
    return f'<polygon class="{css_class}" points="{points}" fill="none" stroke="{MARK_COLOUR}" stroke-width="1.5"/>'
