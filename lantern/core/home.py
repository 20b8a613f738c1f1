"""What each role finds on its home page: a section per capability it holds."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability


@dataclass
class Link:
    label: str
    url: str
    description: str = ""


@dataclass
class Section:
    heading: str
    summary: str
    links: list[Link] = field(default_factory=list)


def home_sections(user: Any) -> list[Section]:
    sections: list[Section] = []
    if user.can(Capability.RAISE_CONCERN) or user.can(Capability.TRIAGE_CONCERN):
        links = []
        if user.can(Capability.RAISE_CONCERN):
            links.append(Link("Raise a concern", reverse("cases:concern-start"),
                              "You have seen or been told something that suggests someone may be exploited."))
        links.append(Link("Concerns" if user.can(Capability.TRIAGE_CONCERN) else "Your concerns",
                          reverse("cases:concern-list"),
                          "Concerns waiting for triage, and the status of the ones you raised."
                          if user.can(Capability.TRIAGE_CONCERN) else "The status of the concerns you raised."))
        sections.append(Section("Concerns", "Spot the signs and refer: you do not need to be sure.", links))
    if user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES):
        links = []
        if user.can(Capability.WORK_CASES):
            links.append(Link("My work", reverse("cases:my-work"), "Your cases, tasks due and decisions overdue."))
        links.append(Link("Find a case", reverse("cases:case-list"), "Filter cases or find a person."))
        if user.can(Capability.COORDINATE_SHOP):
            links.append(Link("SHOP agenda", reverse("cases:shop-agenda"), "Cases flagged for the next SHOP meeting."))
        sections.append(Section("Cases", "Adult and child cases from screening to outcome.", links))
    if user.can(Capability.HANDLE_REPORTS):
        sections.append(Section(
            "Confidential reports",
            "Reports from staff, suppliers' workers and the public, some anonymous. Reply through the receipt channel.",
            [Link("Reports", reverse("confidential_reports:team-queue"),
                  "New reports, replies from reporters, and reports in triage."),
             Link("Intelligence", reverse("confidential_reports:intelligence-list"),
                  "What reports said about premises and businesses.")],
        ))
    if user.can(Capability.MANAGE_USERS) or user.can(Capability.MANAGE_AGENCIES):
        links = []
        if user.can(Capability.MANAGE_USERS):
            links.append(Link("Manage users", reverse("accounts:user-list"),
                              "Create accounts, assign roles, unlock, end sessions and deactivate."))
        if user.can(Capability.MANAGE_AGENCIES):
            links.append(Link("Manage agencies", reverse("accounts:agency-list"),
                              "The organisations in the partnership and whether they are first responders."))
        if user.can(Capability.CONFIGURE_PARTNERSHIP):
            links.append(Link("Partnership settings", reverse("partnership:overview"),
                              "The partnership's name, wards and boards."))
        sections.append(Section("Administration", "Accounts and configuration. Administrators never see case content.", links))
    if user.can(Capability.VIEW_AUDIT):
        sections.append(Section(
            "Data protection",
            "Who looked at or changed what, and why.",
            [Link("Search the audit trail", reverse("audit:log"),
                  "Filter by user, record and date; export what you find; check the chain is intact.")],
        ))
    if user.can(Capability.VIEW_PARTNERSHIP) and not user.can(Capability.CONFIGURE_PARTNERSHIP):
        sections.append(Section(
            "The partnership",
            "Who is in the partnership, the areas it covers and the boards that oversee it.",
            [Link("About the partnership", reverse("partnership:overview"))],
        ))
    return sections
