"""The partnership app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.home import ADMINISTRATION, ADMINISTRATION_ORDER, ADMINISTRATION_SUMMARY
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    if user.can(Capability.CONFIGURE_PARTNERSHIP):
        # Joins the accounts app's 'Administration' section.
        return [HomeSection(ADMINISTRATION, ADMINISTRATION_SUMMARY, (
            HomeLink("Partnership settings", reverse("partnership:overview"), "The partnership's name, wards and boards."),
        ), ADMINISTRATION_ORDER)]
    if user.can(Capability.VIEW_PARTNERSHIP):
        return [HomeSection(
            "The partnership",
            "Who is in the partnership, the areas it covers and the boards that oversee it.",
            (HomeLink("About the partnership", reverse("partnership:overview")),),
            60,
        )]
    return []
