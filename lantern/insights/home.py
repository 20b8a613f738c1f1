"""The insights app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(Capability.VIEW_AGGREGATES):
        return []
    return [HomeSection(
        "Insights",
        "The partnership's measures, period by period, with small numbers suppressed. No personal data.",
        (HomeLink("Dashboard", reverse("insights:dashboard"), "Every measure for a period beside the one before."),
         HomeLink("Open data", reverse("insights:release-list"),
                  "Releases of the statistics for publication, and the public statistics page."),
         HomeLink("Board reports", reverse("insights:board-report-list"),
                  "The quarterly report to the Safer Sandwell Police and Crime Board and SASP, as HTML and PDF."),
         HomeLink("Modern slavery statements", reverse("insights:statement-list"),
                  "The council's annual statement, its approval and the details for the government's registry.")),
        70,
    )]
