"""The supply-chain app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if not user.can(Capability.VIEW_SUPPLY_CHAIN):
        return []
    manage = user.can(Capability.MANAGE_SUPPLY_CHAIN)
    links = [HomeLink("Suppliers", reverse("supply_chain:supplier-list"),
                      "Everyone the council pays, the names they are paid under, and the spend with each.")]
    if manage:
        links.append(HomeLink("Matches to review", reverse("supply_chain:review-queue"),
                              "Spellings matched to a supplier with doubt: confirm or reject them."))
    links.append(HomeLink("Spend files", reverse("supply_chain:spend-file-list"),
                          "The council's published spending files imported into Lantern."))
    if manage:
        links.append(HomeLink("Upload spend files", reverse("supply_chain:spend-upload"),
                              "Import the latest spending over £500 files (CSV or Excel)."))
    return [HomeSection("Supply chains", "What the council buys, from whom, and the risk in it.", tuple(links), 40)]
