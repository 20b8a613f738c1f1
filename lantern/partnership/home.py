"""The partnership app's part of the home page."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


def home_sections(user: Any) -> list[HomeSection]:
    # Those who configure the partnership reach its settings from accounts' 'Administration' section.
    if user.can(Capability.VIEW_PARTNERSHIP) and not user.can(Capability.CONFIGURE_PARTNERSHIP):
        return [HomeSection(
            "The partnership",
            "Who is in the partnership, the areas it covers and the boards that oversee it.",
            (HomeLink("About the partnership", reverse("partnership:overview")),),
            60,
        )]
    return []
