"""The action plan's and the maturity self-assessment's links on the home page: joined into the
governance section by the app's ``home.py``."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink


def home_links_plan(user: Any) -> list[HomeLink]:
    if not user.can(Capability.VIEW_GOVERNANCE):
        return []
    links = [HomeLink("Action plan", reverse("governance:plan"),
                      "The strategy's priorities, objectives and actions: RAG, overdue and what changed."),
             HomeLink("Maturity self-assessment", reverse("governance:maturity"),
                      "Where the partnership stands on each criterion, and how that has changed over time.")]
    if user.can(Capability.MANAGE_GOVERNANCE):
        links.append(HomeLink("Overdue actions", reverse("governance:plan") + "?view=overdue",
                              "Open actions past their due date, to chase before the next board."))
    return links

