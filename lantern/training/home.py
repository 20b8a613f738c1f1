"""The training app's part of the home page: "My training" for everyone; the rest for those who run it."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.plugins import HomeLink, HomeSection
from lantern.training.home_campaigns import campaign_home_links
from lantern.training.home_evaluation import evaluation_home_links


def home_sections(user: Any) -> list[HomeSection]:
    if not user.role_set:  # an account with no roles yet is told to ask for access, nothing else
        return []
    links = [HomeLink("My training", reverse("training:mine"),
                      "The courses your role needs, when each is due, and your certificates.")]
    if user.can(Capability.MANAGE_TRAINING) or user.can(Capability.VIEW_TRAINING_COMPLIANCE):
        links.append(HomeLink("Compliance", reverse("training:compliance"),
                              "Who is in date, due soon, overdue or never trained, by agency and role."))
        links.append(HomeLink("Sessions", reverse("training:session-list"),
                              "Sessions planned and held, with their attendance."))
    links.append(HomeLink("Courses", reverse("training:course-list"), "The partnership's training catalogue."))
    links += [*evaluation_home_links(user), *campaign_home_links(user)]
    return [HomeSection("Training", "Modern slavery training for your role.", tuple(links), 70)]
