from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import agencies_active
from lantern.core.access import not_found, require_capability
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.partnership import selectors, services
from lantern.partnership.forms import AreaForm, BoardForm, PartnershipForm
from lantern.partnership.models import Area, Board, Partnership


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_PARTNERSHIP)
    return render(request, "partnership/overview.html", {
        "areas": selectors.areas_active(),
        "boards": selectors.boards_with_parents(),
        "agencies": agencies_active(),
        "can_configure": request.user.can(Capability.CONFIGURE_PARTNERSHIP),  # type: ignore[union-attr]
        "crumbs": crumbs(("Partnership", None)),
    })


@login_required
def partnership_edit(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.CONFIGURE_PARTNERSHIP)
    instance = Partnership.objects.first() or Partnership()

    def save(form: PartnershipForm) -> None:
        services.partnership_update(acting_user=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields})

    return form_page(
        request, form_class=PartnershipForm, form_kwargs={"instance": instance}, save=save,
        template="form_page.html", context=_context("Change the partnership's details"),
        success_url=reverse("partnership:overview"), success_message="The partnership's details have been saved.",
    )


def _context(heading: str) -> dict[str, Any]:
    return {"heading": heading, "crumbs": crumbs(("Partnership", reverse("partnership:overview")), (heading, None))}


def _record_edit(
    request: HttpRequest, model: type[Area | Board], form_class: type[AreaForm | BoardForm], pk: int | None, noun: str
) -> HttpResponse:
    require_capability(request.user, Capability.CONFIGURE_PARTNERSHIP)
    instance = model() if pk is None else model._default_manager.filter(pk=pk).first()
    if instance is None:
        raise not_found()
    heading = f"Change {instance}" if pk else f"Add {noun}"

    def save(form: AreaForm | BoardForm) -> Area | Board:
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        return services.partnership_record_save(acting_user=request.user, instance=instance, fields=fields)

    def saved(record: Area | Board) -> str:
        return f"{record.name} has been saved."  # the full name: a board's str() is its short name

    return form_page(
        request, form_class=form_class, form_kwargs={"instance": instance}, save=save, template="form_page.html",
        context=_context(heading), success_url=reverse("partnership:overview"), success_message=saved,
    )


@login_required
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _record_edit(request, Area, AreaForm, pk, "an area")


@login_required
def board_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _record_edit(request, Board, BoardForm, pk, "a board")
