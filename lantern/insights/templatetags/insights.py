"""Showing a published figure: its number and unit, or the suppressed mark with its meaning for screen readers."""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lantern.core.suppression import SUPPRESSED_MARK

register = template.Library()

RAG_TAGS = {"green": ("govuk-tag--green", "Green"), "amber": ("govuk-tag--yellow", "Amber"), "red": ("govuk-tag--red", "Red")}


@register.filter
def figure(value: dict[str, Any] | None, unit: str = "count") -> SafeString:
    """``{"value": 12, "suppressed": false}`` as "12" ("45.0%", "12.5 days"); a suppressed one as [c]."""
    if value is None:
        return mark_safe("")  # noqa: S308  (a constant)  # nosec B308 B703 (a constant)
    if value.get("suppressed"):
        return format_html('{}<span class="govuk-visually-hidden"> (not shown: a small number)</span>', SUPPRESSED_MARK)
    number = value.get("value")
    if number is None:
        return mark_safe('–<span class="govuk-visually-hidden"> (nothing to measure)</span>')  # noqa: S308  # nosec B308 B703 (a constant)
    if unit == "percentage":
        return format_html("{}%", f"{float(number):,.1f}")
    if unit == "days":
        return format_html("{} days", f"{float(number):,.1f}")
    if unit == "money":
        return format_html("£{}", f"{float(number):,.0f}")
    return format_html("{}", f"{int(number):,}")


@register.filter
def rag_tag(status: str | None) -> SafeString:
    if not status:
        return mark_safe('<span class="govuk-body-s">No threshold</span>')  # noqa: S308  (a constant)  # nosec B308 B703 (a constant)
    css, label = RAG_TAGS[str(status)]
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


@register.filter
def statement_text(text: str) -> SafeString:
    """A statement section's plain text as HTML: paragraphs split by blank lines, lines starting with
    a dash as a list. Everything typed is escaped."""
    blocks = [block.strip() for block in str(text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    parts: list[SafeString] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        intro = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if intro:
            parts.append(format_html('<p class="govuk-body">{}</p>', " ".join(intro)))
        if items:
            parts.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>',
                                     format_html_join("", "<li>{}</li>", ((item,) for item in items))))
    return format_html_join("", "{}", ((part,) for part in parts))
