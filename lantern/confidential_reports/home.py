"""The confidential reports app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(Capability.HANDLE_REPORTS):
        return []
    return [HomeSection(
        "Confidential reports",
        "Reports from staff, suppliers' workers and the public, some anonymous. Reply through the receipt channel.",
        (HomeLink("Reports", reverse("confidential_reports:team-queue"),
                  "New reports, replies from reporters, and reports in triage."),
         HomeLink("Intelligence", reverse("confidential_reports:intelligence-list"),
                  "What reports said about premises and businesses.")),
        30,
    )]
