"""``{% chart c %}`` draws a ``lantern.core.charts.Chart``; ``{% marker %}`` draws one point's shape."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lantern.core.charts import Chart, render_chart

register = template.Library()


@register.simple_tag
def chart(value: Chart) -> SafeString:
    return render_chart(value)


@register.filter
def index(sequence: Any, position: int) -> Any:
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return None


@register.simple_tag
def marker(shape: str, x: float, y: float, fill: str, title: str = "") -> SafeString:
    """A point's marker: circle, square, triangle or diamond, centred on (x, y), with a white edge."""
    x, y = float(x), float(y)
    tip = format_html("<title>{}</title>", title) if title else ""
    common = format_html('fill="{}" stroke="#ffffff" stroke-width="1"', fill)
    if shape == "square":
        return format_html('<rect x="{}" y="{}" width="10" height="10" {}>{}</rect>', x - 5, y - 5, common, tip)
    if shape == "triangle":
        return format_html('<polygon points="{},{} {},{} {},{}" {}>{}</polygon>',
                           x, y - 6, x + 6, y + 5, x - 6, y + 5, common, tip)
    if shape == "diamond":
        return format_html('<polygon points="{},{} {},{} {},{} {},{}" {}>{}</polygon>',
                           x, y - 6, x + 6, y, x, y + 6, x - 6, y, common, tip)
    return format_html('<circle cx="{}" cy="{}" r="5" {}>{}</circle>', x, y, common, tip)
