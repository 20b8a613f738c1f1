"""Supplier pages: the list, a supplier's page, the review queue, merge, split and undo."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.forms import raise_as_form_errors
from lantern.core.pages import form_page
from lantern.supply_chain import links
from lantern.supply_chain.forms import Decision, MergeForm, NameDecisionForm, SplitForm
from lantern.supply_chain.models import MatchStatus, Supplier, SupplierName
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.selectors import suppliers as selectors
from lantern.supply_chain.services import suppliers as services
from lantern.supply_chain.views.due_diligence import due_diligence_context

PAGE_SIZE = 50
LINES_PAGE_SIZE = 25


def _supplier_url(supplier: Supplier) -> str:
    return reverse("supply_chain:supplier-detail", args=[supplier.reference])


def _list_crumb() -> tuple[str, str]:
    return ("Suppliers", reverse("supply_chain:supplier-list"))


@login_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    get = request.GET
    state = get.get("state", "")
    state = state if state in dict(selectors.MatchState.CHOICES) else ""
    sort = get.get("sort", "spend") if get.get("sort", "spend") in selectors.SORTS else "spend"
    query = get.get("q", "").strip()[:200]
    suppliers = selectors.suppliers_for_list(user=user, query=query, state=state, sort=sort)
    page = Paginator(suppliers, PAGE_SIZE).get_page(get.get("page"))
    filters = {k: v for k, v in {"q": query, "state": state, "sort": sort}.items() if v}
    return render(request, "supply_chain/suppliers/list.html", {
        "page": page, "filters": filters, "query": query, "state": state, "sort": sort,
        "states": selectors.MatchState.CHOICES, "can_manage": selectors.can_manage(user),
        "review_count": selectors.review_count(), "crumbs": crumbs(("Suppliers", None)),
    })


@login_required
def supplier_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    supplier = selectors.supplier_get_for_user(user=user, reference=reference)
    if supplier.merged_into_id is not None:
        target = Supplier.objects.get(pk=supplier.merged_into_id)
        messages.info(request, f"{supplier.reference} was merged into {target.reference}: this is that supplier.")
        return redirect(_supplier_url(target))
    audit_read(user=user, record=supplier, request=request)
    lines = Paginator(selectors.supplier_recent_lines(supplier), LINES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supply_chain/suppliers/detail.html", {
        "supplier": supplier, "names": selectors.supplier_names(supplier), "spend": selectors.supplier_spend(supplier),
        "page": lines, "filters": {}, "changes": selectors.supplier_changes(supplier)[:20],
        "link_counts": links.link_counts(supplier_id=supplier.pk, user=user),
        "can_manage": selectors.can_manage(user), "statuses": MatchStatus,
        "crumbs": crumbs(_list_crumb(), (supplier.name, None)),
        **risk_selectors.supplier_risk_section(supplier),
        **due_diligence_context(user=user, supplier=supplier),
    })


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """Names matched with doubt. A procurement officer confirms or rejects them, ticked in bulk."""
    user = signed_in_user(request)
    queue = selectors.review_queue(user=user)
    if request.method == "POST":
        selectors.ensure_can_manage(user)
        action = request.POST.get("action", "")
        chosen = list(queue.filter(pk__in=[v for v in request.POST.getlist("names") if v.isdigit()]))
        if action not in ("confirm", "reject") or not chosen:
            messages.error(request, "Tick at least one name, then choose to confirm or reject the matches.")
            return redirect("supply_chain:review-queue")
        for name in chosen:
            if action == "confirm":
                services.supplier_name_confirm(name=name, acting_user=user)
            else:
                services.supplier_name_reject(name=name, acting_user=user)
        done = "confirmed" if action == "confirm" else "rejected: each is now a supplier of its own"
        messages.success(request, f"{len(chosen)} match{'es' if len(chosen) != 1 else ''} {done}.")
        return redirect("supply_chain:review-queue")
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supply_chain/suppliers/review.html", {
        "page": page, "filters": {}, "can_manage": selectors.can_manage(user),
        "crumbs": crumbs(_list_crumb(), ("Matches to review", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def name_decide(request: HttpRequest, name_id: int) -> HttpResponse:
    user = signed_in_user(request)
    name = selectors.supplier_name_get(user=user, name_id=name_id)

    def save(form: NameDecisionForm) -> SupplierName:
        decision = form.cleaned_data["decision"]
        if decision == Decision.CONFIRM:
            return services.supplier_name_confirm(name=name, acting_user=user)
        other = form.cleaned_data.get("other") if decision == Decision.OTHER else None
        return services.supplier_name_reject(name=name, acting_user=user, supplier=other)

    def saved(result: SupplierName) -> str:
        if result.match_status == MatchStatus.CONFIRMED:
            return f"“{result.name}” confirmed as {result.supplier}."
        return f"“{result.name}” moved to {result.supplier} ({result.supplier.reference})."  # type: ignore[union-attr]

    back = request.GET.get("next", "")
    success = _supplier_url(name.supplier) if back == "supplier" and name.supplier else reverse("supply_chain:review-queue")
    return form_page(
        request, form_class=NameDecisionForm, form_kwargs={"name": name}, save=save,
        template="supply_chain/suppliers/name_decide.html",
        context={"name": name, "heading": f"Check the match for “{name.name}”",
                 "crumbs": crumbs(_list_crumb(), ("Matches to review", reverse("supply_chain:review-queue")),
                                  (name.name, None))},
        success_url=success, success_message=saved,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier_merge(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose the supplier to merge into, check both, then merge."""
    user = signed_in_user(request)
    selectors.ensure_can_manage(user)
    supplier = selectors.supplier_get_for_user(user=user, reference=reference)
    form = MergeForm(request.POST if request.method == "POST" else None, supplier=supplier)
    context: dict[str, Any] = {"supplier": supplier, "form": form,
                               "crumbs": crumbs(_list_crumb(), (supplier.name, _supplier_url(supplier)), ("Merge", None))}
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if request.POST.get("confirm") == "yes":
            try:
                services.supplier_merge(source=supplier, target=target, acting_user=user,
                                        reason=form.cleaned_data["reason"])
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                messages.success(request, f"{supplier.name} ({supplier.reference}) merged into {target.name}. "
                                          "You can undo this from the supplier's page.")
                return redirect(_supplier_url(target))
        else:
            return render(request, "supply_chain/suppliers/merge_check.html", {
                **context, "target": target, "reason": form.cleaned_data["reason"],
                "source_names": selectors.supplier_names(supplier), "target_names": selectors.supplier_names(target),
            })
    return render(request, "supply_chain/suppliers/merge.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_split(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose the names that are another supplier, check, then split them off."""
    user = signed_in_user(request)
    selectors.ensure_can_manage(user)
    supplier = selectors.supplier_get_for_user(user=user, reference=reference)
    form = SplitForm(request.POST if request.method == "POST" else None, supplier=supplier)
    context: dict[str, Any] = {"supplier": supplier, "form": form,
                               "crumbs": crumbs(_list_crumb(), (supplier.name, _supplier_url(supplier)), ("Split", None))}
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["names"])
        if request.POST.get("confirm") == "yes":
            try:
                change = services.supplier_split(supplier=supplier, names=chosen, acting_user=user,
                                                 reason=form.cleaned_data["reason"])
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                messages.success(request, f"{len(chosen)} name{'s' if len(chosen) != 1 else ''} moved to a new supplier, "
                                          f"{change.target.name} ({change.target.reference}).")
                return redirect(_supplier_url(change.target))
        else:
            return render(request, "supply_chain/suppliers/split_check.html",
                          {**context, "chosen": chosen, "reason": form.cleaned_data["reason"],
                           "staying": selectors.supplier_names(supplier).exclude(pk__in=[n.pk for n in chosen])})
    return render(request, "supply_chain/suppliers/split.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def change_undo(request: HttpRequest, change_id: int) -> HttpResponse:
    user = signed_in_user(request)
    change = selectors.supplier_change_get(user=user, change_id=change_id)
    error = ""
    if request.method == "POST":
        try:
            services.supplier_change_undo(change=change, acting_user=user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"The {change.get_kind_display().lower()} is undone: its names are back with "
                                      f"{change.source.name}.")
            return redirect(_supplier_url(change.source))
    return render(request, "supply_chain/suppliers/undo.html", {
        "change": change, "error": error, "moved": change.moved.select_related("name"),
        "crumbs": crumbs(_list_crumb(), (change.source.name, _supplier_url(change.source)), ("Undo", None)),
    }, status=400 if error else 200)


@login_required
@require_POST
def resolve_start(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    selectors.ensure_can_manage(user)
    job = services.supplier_names_resolve_start(acting_user=user)
    return redirect("core:job-detail", job_id=job.pk)
