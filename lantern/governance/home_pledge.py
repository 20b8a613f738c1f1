"""The pledge's part of the governance app's home-page section: links the integrator joins into
``home.py`` (the governance card), shown only to the roles that may use them."""

from typing import Any

from django.urls import reverse

from lantern.core.plugins import HomeLink
from lantern.governance.selectors_pledge import can_manage_pledge, can_view_register


def pledge_home_links(user: Any) -> list[HomeLink]:
    if not (can_view_register(user) or can_manage_pledge(user)):
        return []
    links = [HomeLink("Slavery Free Pledge", reverse("governance:pledge-list"),
                      "The organisations that signed the pledge, their commitments and follow-up.")]
    if can_manage_pledge(user):
        waiting = reverse("governance:pledge-list") + "?status=requested"
        links.append(HomeLink("Pledge requests", waiting, "Organisations asking to sign, waiting for your decision."))
    return links
