"""The service menu: only what exists and what the signed-in user's roles may use."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None
    section: str  # first path segment that marks the item active


ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "core:home", None, ""),
    NavItem("Partnership", "partnership:overview", Capability.VIEW_PARTNERSHIP, "partnership"),
    NavItem("Audit trail", "audit:log", Capability.VIEW_AUDIT, "audit"),
    NavItem("Users", "accounts:user-list", Capability.MANAGE_USERS, "users"),
    NavItem("Agencies", "accounts:agency-list", Capability.MANAGE_AGENCIES, "agencies"),
)


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return []
    section = path.strip("/").split("/", 1)[0]
    return [
        {"label": item.label, "url": reverse(item.url_name), "active": item.section == section}
        for item in ITEMS
        if item.capability is None or user.can(item.capability)
    ]
