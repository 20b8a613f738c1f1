"""The service menu: only what exists and what the signed-in user's roles may use."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capabilities: tuple[Capability, ...]  # any one of them shows the item; empty: everyone
    section: str  # first path segment that marks the item active


C = Capability
ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "core:home", (), ""),
    NavItem("My work", "cases:my-work", (C.WORK_CASES,), "my-work"),
    NavItem("Concerns", "cases:concern-list", (C.RAISE_CONCERN, C.TRIAGE_CONCERN), "concerns"),
    NavItem("Cases", "cases:case-list", (C.WORK_CASES, C.OVERSEE_CASES), "cases"),
    NavItem("Reports", "confidential_reports:team-queue", (C.HANDLE_REPORTS,), "reports"),
    NavItem("SHOP agenda", "cases:shop-agenda", (C.COORDINATE_SHOP,), "shop"),
    NavItem("Partnership", "partnership:overview", (C.VIEW_PARTNERSHIP,), "partnership"),
    NavItem("Audit trail", "audit:log", (C.VIEW_AUDIT,), "audit"),
    NavItem("Users", "accounts:user-list", (C.MANAGE_USERS,), "users"),
    NavItem("Agencies", "accounts:agency-list", (C.MANAGE_AGENCIES,), "agencies"),
)


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return []
    section = path.strip("/").split("/", 1)[0]
    return [
        {"label": item.label, "url": reverse(item.url_name), "active": item.section == section}
        for item in ITEMS
        if not item.capabilities or any(user.can(c) for c in item.capabilities)
    ]
