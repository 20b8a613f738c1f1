"""The case list (filtered, searched, paged without counting), its export, 'My work' and the SHOP agenda."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import agencies_active, users_with_capability
from lantern.audit.services import audit_read
from lantern.cases import exports, selectors, workflow
from lantern.cases.models import CaseStage, CaseStatus, Route
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.reference import ExploitationType
from lantern.partnership.selectors import areas_active


def _filters(request: HttpRequest) -> selectors.CaseFilters:
    get = request.GET

    def number(name: str) -> int | None:
        value = get.get(name, "")
        return int(value) if value.isdigit() else None

    # A person's name and date of birth come only from the POSTed search form,
    # never from the address, so they stay out of URLs, history and logs.
    post = request.POST if request.method == "POST" else {}
    dob = None
    if post.get("dob"):
        try:
            dob = datetime.date.fromisoformat(post["dob"])
        except ValueError:
            dob = None
    return selectors.CaseFilters(
        status=get.get("status", "") if get.get("status", "") in CaseStatus.values else "",
        route=get.get("route", "") if get.get("route", "") in Route.values else "",
        stage=get.get("stage", "") if get.get("stage", "") in CaseStage.values else "",
        exploitation=get.get("exploitation", "") if get.get("exploitation", "") in ExploitationType.values else "",
        area_id=number("area"), lead_worker_id=number("worker"), agency_id=number("agency"),
        overdue=get.get("overdue") == "1", reference=get.get("reference", "")[:20],
        name=str(post.get("name", "")).strip()[:200], date_of_birth=dob,
    )


class NoCountPaginator(Paginator):
    """Pages without counting the whole table: one extra row tells whether there is a next page."""

    def page(self, number: Any) -> Any:
        number = max(1, int(number) if str(number).isdigit() else 1)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        return _Page(rows[: self.per_page], number, len(rows) > self.per_page)


class _Page:
    def __init__(self, rows: list[Any], number: int, has_next: bool) -> None:
        self.object_list, self.number, self._has_next = rows, number, has_next

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_list_cases(user):
        raise PermissionDenied
    filters = _filters(request)
    qs = selectors.cases_search(user=user, filters=filters, today=timezone.localdate())
    # A search by name asks for its next page as it was sent (POST), so the page stays in that search.
    page_asked = (request.POST if request.method == "POST" else request.GET).get("page", 1)
    page = NoCountPaginator(qs, 25).page(page_asked)
    for case in page:  # read with the page (selectors.cases_search)
        case.type_labels = selectors.exploitation_type_labels(case)
    if filters.name or filters.reference:
        audit_read(user=user, action="case.search",
                   details={"by": "reference" if filters.reference else "name", "results": len(page)})
    return render(request, "cases/case_list.html", {
        "page": page, "filters": request.GET, "chosen": filters, "statuses": CaseStatus.choices, "routes": Route.choices,
        "stages": CaseStage.choices, "types": ExploitationType.choices,
        "areas": areas_active(), "agencies": agencies_active(),
        "workers": users_with_capability(Capability.WORK_CASES),
        "searched": bool(filters.name or filters.reference),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
        "person_search": {"name": filters.name, "dob": filters.date_of_birth.isoformat() if filters.date_of_birth else ""},
        "crumbs": crumbs(("Cases", None)),
    })


@login_required
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered case list as CSV or XLSX. Audited; personal columns only for case-working roles."""
    user = signed_in_user(request)
    if not selectors.may_list_cases(user) or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    cases = selectors.cases_search(user=user, filters=_filters(request), today=timezone.localdate())
    audit_read(user=user, action="case.export", export=True,
               details={"format": fmt, "rows": cases.count(), "personal": exports.may_export_personal(user),
                          "filters": {k: v for k, v in request.GET.items() if k != "page"}})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(user=user, cases=cases), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(user=user, cases=cases),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="lantern-cases-{stamp}.{fmt}"'
    return response  # type: ignore[return-value]


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.can(Capability.WORK_CASES):
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "cases/my_work.html", {
        "my_cases": selectors.my_open_cases(user)[:100], "tasks": selectors.tasks_open_for(user)[:100],
        # Each overdue case with why (workflow.overdue_reason), and the dates coming up (workflow.due_items).
        "overdue": [(case, workflow.overdue_reason(case, today)) for case in selectors.my_overdue_cases(user, today)[:50]],
        "due_soon": [(case, item) for case in selectors.my_due_soon_cases(user, today)[:50]
                     for item in workflow.due_items(case, today) if not item.overdue and item.on >= today],
        "today": today,
        "crumbs": crumbs(("My work", None)),
    })


@login_required
def shop_agenda(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.COORDINATE_SHOP)
    agenda = selectors.shop_agenda(user)
    audit_read(user=user, action="shop.agenda",
               details={"cases": [case.reference for case in agenda.cases], "restricted": agenda.restricted})
    return render(request, "cases/shop_agenda.html", {"cases": agenda.cases, "restricted": agenda.restricted,
                                                       "today": timezone.localdate(),
                                                       "crumbs": crumbs(("SHOP agenda", None))})
