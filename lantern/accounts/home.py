"""The accounts app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import role_grants_can_see, role_grants_waiting_with_decision
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    """'Administration': accounts, agencies and the partnership's settings.

    The settings page is the partnership app's; this section links to it by URL
    name (no import: partnership sits above accounts), so the administrator's
    work is one card without core joining sections from several apps.
    """
    links = []
    if role_grants_can_see(user):
        waiting = sum(decide for _grant, decide in role_grants_waiting_with_decision(acting_user=user))
        if waiting:
            links.append(HomeLink(
                f"Role requests waiting for your decision ({waiting})", reverse("accounts:role-grant-list"),
                "Roles that open records about people take effect only when another administrator approves them."))
    if user.can(Capability.MANAGE_USERS):
        links.append(HomeLink("Manage users", reverse("accounts:user-list"),
                              "Create accounts, assign roles, unlock, end sessions and deactivate."))
    if user.can(Capability.MANAGE_AGENCIES):
        links.append(HomeLink("Manage agencies", reverse("accounts:agency-list"),
                              "The organisations in the partnership and whether they are first responders."))
    if user.can(Capability.CONFIGURE_PARTNERSHIP):
        links.append(HomeLink("Partnership settings", reverse("partnership:overview"),
                              "The partnership's name, wards and boards."))
    if user.can(Capability.MANAGE_USERS):
        return [HomeSection("Administration", "Accounts and configuration. Administrators never see case content.",
                            tuple(links), 40)]
    if role_grants_can_see(user):
        # The named approver and the data protection officers (administrators reach it from "Manage users").
        links.append(HomeLink("Role requests", reverse("accounts:role-grant-list"),
                              "Requests waiting for approval, and who decides them."))
        return [HomeSection("Role requests", "Who has asked for a role that opens records about people.",
                            tuple(links), 55)]
    if links:
        return [HomeSection("Administration", "Accounts and configuration.", tuple(links), 40)]
    return []
