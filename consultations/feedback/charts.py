"""Bar charts drawn on the server as SVG: they work without JavaScript and print cleanly.
Each chart sits next to a data table with the same figures (see the dashboard template)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW_HEIGHT = 28
LABEL_WIDTH = 200
BAR_WIDTH = 360
VALUE_WIDTH = 70


def bar_chart(
    title: str, rows: list[tuple[str, int | None]], *, chart_id: str, hidden: str = ""
) -> str:
    """A horizontal bar chart with one bar per (label, count) row, as inline SVG markup. A
    count of None is not shown (small numbers): no bar, and `hidden` in its place."""
    largest = max((value for _, value in rows if value is not None), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(len(rows), 1) * ROW_HEIGHT + 8
    parts = [
        f'<svg class="feedback-chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        bar = 0 if value is None else round(BAR_WIDTH * value / largest)
        value = escape(hidden) if value is None else value
        short_label = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {value}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" font-size="13">'
            f"{escape(short_label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="{ROW_HEIGHT - 10}" '
            f'fill="#1d4f91"></rect>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 18}" font-size="13">{value}</text></g>'
        )
    if not rows:
        parts.append('<text x="8" y="20" font-size="13">No answers yet</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
