"""The action plan's and the maturity self-assessment's links on the home page: one function the app's
``home.py`` joins into the governance section (``home_links_plan(user)``)."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection


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


def home_sections(user: Any) -> list[HomeSection]:
    """Until the integrator joins these links into the governance section, a section of their own."""
    links = home_links_plan(user)
    if not links:
        return []
    return [HomeSection("Strategy and maturity", "The partnership's action plan and self-assessment.",
                        tuple(links), 55)]
