"""The guides for staff and the leaflets for the person: text from ``data/``, for signed-in staff."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lantern.core.access import not_found
from lantern.core.breadcrumbs import crumbs
from lantern.guides import content
from lantern.guides.content import Guide


@cache
def guides() -> dict[str, Guide]:
    """The guides shipped with Lantern, with the helpline's number filled in (read once per process)."""
    return content.load(helpline=settings.LANTERN_HELPLINE_NUMBER)


def _guide(slug: str) -> Guide:
    guide = guides().get(slug)
    if guide is None:
        raise not_found()
    return guide


@login_required
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(request, "guides/guide_list.html", {"guides": list(guides().values()),
                                                      "crumbs": crumbs(("Guides", None))})


@login_required
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _guide(slug)
    return render(request, "guides/guide_detail.html", {
        "guide": guide, "page": guide.guide,
        "crumbs": crumbs(("Guides", reverse("guides:guide-list")), (guide.guide.title, None)),
    })


@login_required
def leaflet(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _guide(slug)
    return render(request, "guides/leaflet.html", {
        "guide": guide, "page": guide.leaflet,
        "crumbs": crumbs(("Guides", reverse("guides:guide-list")),
                         (guide.guide.title, reverse("guides:guide-detail", args=[guide.slug])),
                         ("Leaflet", None)),
    })
