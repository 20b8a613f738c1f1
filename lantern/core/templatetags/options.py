"""``{% options choices selected %}``: the ``<option>`` elements of a filter's ``<select>``, built in one go.

A ``{% for %}`` loop with an ``{% if %}`` per option resolves several template variables an
option; a list of fifty workers or wards then costs more than the rest of the page.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _pair(choice: Any, label: str) -> tuple[Any, Any]:
    if isinstance(choice, (tuple, list)):
        return choice[0], choice[1]
    return choice.pk, getattr(choice, label)  # a model instance: its key and the attribute named


@register.simple_tag
def options(choices: Iterable[Any], selected: Any = "", label: str = "name") -> SafeString:
    """One ``<option>`` per choice, each a ``(value, label)`` pair or a model instance (its ``pk``
    and the attribute ``label``); the one whose value is ``selected`` (compared as text) is selected.
    Values and labels are escaped."""
    chosen = "" if selected is None else str(selected)
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (value, " selected" if chosen != "" and str(value) == chosen else "", text)
        for value, text in (_pair(choice, label) for choice in choices)))
