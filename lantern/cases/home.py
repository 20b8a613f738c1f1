"""The cases app's part of the home page: concerns and cases."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    sections: list[HomeSection] = []
    if user.can(Capability.RAISE_CONCERN) or user.can(Capability.TRIAGE_CONCERN):
        links = []
        if user.can(Capability.RAISE_CONCERN):
            links.append(HomeLink("Raise a concern", reverse("cases:concern-start"),
                                  "You have seen or been told something that suggests someone may be exploited."))
        triage = user.can(Capability.TRIAGE_CONCERN)
        links.append(HomeLink("Concerns" if triage else "Your concerns", reverse("cases:concern-list"),
                              "Concerns waiting for triage, and the status of the ones you raised."
                              if triage else "The status of the concerns you raised."))
        sections.append(HomeSection("Concerns", "Spot the signs and refer: you do not need to be sure.", tuple(links), 10))
    if user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES):
        links = []
        if user.can(Capability.WORK_CASES):
            links.append(HomeLink("My work", reverse("cases:my-work"), "Your cases, tasks due and decisions overdue."))
        links.append(HomeLink("Find a case", reverse("cases:case-list"), "Filter cases or find a person."))
        if user.can(Capability.COORDINATE_SHOP):
            links.append(HomeLink("SHOP agenda", reverse("cases:shop-agenda"), "Cases flagged for the next SHOP meeting."))
        sections.append(HomeSection("Cases", "Adult and child cases from screening to outcome.", tuple(links), 20))
    return sections
