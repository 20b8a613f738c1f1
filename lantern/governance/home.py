"""The governance app's part of the home page: boards' meetings and the user's actions."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from lantern.core.plugins import HomeLink, HomeSection
from lantern.governance import selectors
from lantern.governance.home_plan import home_links_plan
from lantern.governance.home_pledge import pledge_home_links


def home_sections(user: Any) -> list[HomeSection]:
    """One Governance card: meetings and actions for board members and owners, then the plan, the
    maturity assessment and the pledge for the roles that may use them."""
    others = [*home_links_plan(user), *pledge_home_links(user)]
    if not selectors.may_use_governance(user):
        if not others:
            return []
        return [HomeSection("Governance", "The partnership's action plan, self-assessment and pledge.",
                            tuple(others), 45)]
    today = timezone.localdate()
    mine = selectors.my_actions(user, today=today)
    overdue = sum(1 for a in mine if selectors.is_overdue(a, today))
    summary = (f"You have {len(mine)} open action{'s' if len(mine) != 1 else ''}"
               + (f", {overdue} overdue." if overdue else ".")) if mine else "You have no open actions."
    links = [HomeLink("Boards and meetings", reverse("governance:overview"),
                      "Each board's next meeting, its agenda, minutes and open actions."),
             HomeLink("My actions", reverse("governance:my-actions"), "Actions you own across every board, overdue first."),
             *others]
    return [HomeSection("Governance", summary, tuple(links), 45)]
