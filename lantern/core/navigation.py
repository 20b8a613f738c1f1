"""The service menu: only what exists and what the signed-in user's roles may use.

The items come from each app's AppConfig (``lantern.core.plugins``).
"""

from typing import Any

from django.urls import reverse

from lantern.core.plugins import navigation_items


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return []
    section = path.strip("/").split("/", 1)[0]
    return [
        {"label": item.label, "url": reverse(item.url_name), "active": item.section == section}
        for item in navigation_items()
        if not item.capabilities or any(user.can(c) for c in item.capabilities)
    ]
