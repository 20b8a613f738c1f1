"""Evaluation's links for the training app's home section (joined into ``lantern.training.home`` by the
integrator): answering one's own evaluations for everyone with a role; results for those who read them."""

from typing import Any

from django.urls import reverse

from lantern.core.plugins import HomeLink
from lantern.training.selectors import evaluation as selectors


def evaluation_home_links(user: Any) -> list[HomeLink]:
    if not getattr(user, "role_set", None):
        return []
    links = [HomeLink("Your course evaluations", reverse("training:evaluation-mine"),
                      "Short questions before and after the courses you take.")]
    if selectors.may_read_results(user):
        links.append(HomeLink("Training evaluation", reverse("training:evaluation"),
                              "What people knew and how confident they were, before and after each course."))
    return links
