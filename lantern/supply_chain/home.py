"""The supply-chain app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(Capability.VIEW_SUPPLY_CHAIN):
        return []
    links = [HomeLink("Suppliers", reverse("supply_chain:supplier-list"),
                      "Everyone the council pays, the names they are paid under, and the spend with each.")]
    if user.can(Capability.MANAGE_SUPPLY_CHAIN):
        links.append(HomeLink("Matches to review", reverse("supply_chain:review-queue"),
                              "Spellings matched to a supplier with doubt: confirm or reject them."))
    return [HomeSection("Suppliers", "Who the council buys from, grouped from the published spend.", tuple(links), 40)]
