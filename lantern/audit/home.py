"""The audit app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.audit.capabilities import VIEW_AUDIT
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(VIEW_AUDIT):
        return []
    return [HomeSection(
        "Data protection",
        "Who looked at or changed what, and why.",
        (HomeLink("Search the audit trail", reverse("audit:log"),
                  "Filter by user, record and date; export what you find; check the chain is intact."),),
        50,
    )]
