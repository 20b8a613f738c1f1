"""Exports of the cases a user can see, as CSV or XLSX.

Personal columns exist only for case-working roles, and are filled only for
cases on the user's own caseload.
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook

from lantern.accounts.capabilities import Capability
from lantern.cases.models import Case, CaseMember
from lantern.cases.selectors.exploitation import exploitation_type_labels
from lantern.core.exports import csv_safe

BASE_COLUMNS = [
    ("reference", "Reference"), ("route", "Route"), ("status", "Status"), ("stage", "Stage"),
    ("opened_on", "Opened"), ("area", "Ward"), ("lead_agency", "Lead agency"), ("exploitation", "Exploitation types"),
    ("county_lines", "County lines"), ("nrm_referred_on", "NRM referral"), ("rg_decided_on", "RG decision"),
    ("cg_decided_on", "CG decision"), ("closed_on", "Closed"), ("outcome", "Outcome"),
]
PERSONAL_COLUMNS = [("name", "Name"), ("date_of_birth", "Date of birth"), ("gender", "Gender"),
                    ("nationality", "Nationality")]


def may_export_personal(user: Any) -> bool:
    return bool(user.can(Capability.WORK_CASES))


def columns_for(user: Any) -> list[tuple[str, str]]:
    return BASE_COLUMNS + (PERSONAL_COLUMNS if may_export_personal(user) else [])


def rows(*, user: Any, cases: QuerySet[Case], chunk: int = 1000) -> Iterator[list[Any]]:
    columns = columns_for(user)
    personal = may_export_personal(user)
    qs = cases.prefetch_related("exploitation").select_related(
        "lead_agency", "area", "person" if personal else "lead_agency").order_by("pk")
    # Personal columns are filled only for cases on the user's own caseload: anything
    # else would skip the reason asked before opening a case outside it.
    own = set(CaseMember.objects.filter(user=user).values_list("case_id", flat=True)) if personal else set()
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        for case in batch:
            values = {
                "reference": case.reference, "route": case.get_route_display(), "status": case.get_status_display(),
                "stage": case.get_stage_display(), "opened_on": case.opened_on, "area": str(case.area or ""),
                "lead_agency": str(case.lead_agency), "exploitation": "; ".join(exploitation_type_labels(case)),
                "county_lines": "Yes" if case.county_lines else "No", "nrm_referred_on": case.nrm_referred_on,
                "rg_decided_on": case.rg_decided_on, "cg_decided_on": case.cg_decided_on, "closed_on": case.closed_on,
                "outcome": case.get_outcome_display(),
            }
            if personal and case.pk not in own:
                values.update({"name": "", "date_of_birth": None, "gender": "", "nationality": ""})
            elif personal:
                person = case.person
                values.update({"name": person.display_name, "date_of_birth": person.date_of_birth,
                               "gender": person.get_gender_display(), "nationality": person.nationality})
            yield [values[key] if values[key] is not None else "" for key, _label in columns]
        last = batch[-1].pk


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(*, user: Any, cases: QuerySet[Case]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([label for _key, label in columns_for(user)])
    for row in rows(user=user, cases=cases):
        yield writer.writerow([csv_safe(str(v)) for v in row])


def xlsx_bytes(*, user: Any, cases: QuerySet[Case]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append([label for _key, label in columns_for(user)])
    for row in rows(user=user, cases=cases):
        sheet.append([csv_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
