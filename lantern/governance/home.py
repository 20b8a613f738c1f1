"""The governance app's part of the home page: boards' meetings and the user's actions."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from lantern.core.plugins import HomeLink, HomeSection
from lantern.governance import selectors


def home_sections(user: Any) -> list[HomeSection]:
    if not selectors.may_use_governance(user):
        return []
    today = timezone.localdate()
    mine = selectors.my_actions(user, today=today)
    overdue = sum(1 for a in mine if selectors.is_overdue(a, today))
    summary = (f"You have {len(mine)} open action{'s' if len(mine) != 1 else ''}"
               + (f", {overdue} overdue." if overdue else ".")) if mine else "You have no open actions."
    links = [HomeLink("Boards and meetings", reverse("governance:overview"),
                      "Each board's next meeting, its agenda, minutes and open actions."),
             HomeLink("My actions", reverse("governance:my-actions"), "Actions you own across every board, overdue first.")]
    return [HomeSection("Governance", summary, tuple(links), 45)]
