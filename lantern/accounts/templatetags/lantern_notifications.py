"""The header's notifications link: ``{% load lantern_notifications %}{% unread_notifications user as count %}``."""

from typing import Any

from django import template

from lantern.accounts.selectors import notifications_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return notifications_unread_count(user=user)
