"""The accounts app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection

ADMINISTRATION = "Administration"
ADMINISTRATION_SUMMARY = "Accounts and configuration. Administrators never see case content."
ADMINISTRATION_ORDER = 40


def home_sections(user: Any) -> list[HomeSection]:
    links = []
    if user.can(Capability.MANAGE_USERS):
        links.append(HomeLink("Manage users", reverse("accounts:user-list"),
                              "Create accounts, assign roles, unlock, end sessions and deactivate."))
    if user.can(Capability.MANAGE_AGENCIES):
        links.append(HomeLink("Manage agencies", reverse("accounts:agency-list"),
                              "The organisations in the partnership and whether they are first responders."))
    if not links:
        return []
    return [HomeSection(ADMINISTRATION, ADMINISTRATION_SUMMARY, tuple(links), ADMINISTRATION_ORDER)]
