from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import agencies_active
from lantern.core.access import not_found, require_capability
from lantern.core.breadcrumbs import crumbs
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
    form = PartnershipForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.partnership_update(acting_user=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, "The partnership's details have been saved.")
        return redirect("partnership:overview")
    return _form_page(request, form, "Change the partnership's details")


def _form_page(request: HttpRequest, form: Any, heading: str) -> HttpResponse:
    return render(request, "form_page.html", {
        "form": form, "heading": heading,
        "crumbs": crumbs(("Partnership", reverse("partnership:overview")), (heading, None)),
    })


def _record_edit(
    request: HttpRequest, model: type[models.Model], form_class: Any, pk: int | None, noun: str
) -> HttpResponse:
    require_capability(request.user, Capability.CONFIGURE_PARTNERSHIP)
    instance = model() if pk is None else model._default_manager.filter(pk=pk).first()
    if instance is None:
        raise not_found()
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        services.partnership_record_save(acting_user=request.user, instance=instance, fields=fields)  # type: ignore[arg-type]
        messages.success(request, f"{fields['name']} has been saved.")
        return redirect("partnership:overview")
    heading = f"Change {instance}" if pk else f"Add {noun}"
    return _form_page(request, form, heading)


@login_required
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _record_edit(request, Area, AreaForm, pk, "an area")


@login_required
def board_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _record_edit(request, Board, BoardForm, pk, "a board")
