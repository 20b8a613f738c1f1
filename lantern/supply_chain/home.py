"""The supply-chain app's part of the home page: spend files."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(Capability.VIEW_SUPPLY_CHAIN):
        return []
    links = [HomeLink("Spend files", reverse("supply_chain:spend-file-list"),
                      "The council's published spending files imported into Lantern.")]
    if user.can(Capability.MANAGE_SUPPLY_CHAIN):
        links.append(HomeLink("Upload spend files", reverse("supply_chain:spend-upload"),
                              "Import the latest spending over £500 files (CSV or Excel)."))
    return [HomeSection("Spend files", "What the council buys, and from whom.", tuple(links), 70)]
