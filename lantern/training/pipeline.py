"""The training app's two imports, as the one import pipeline runs them (lantern.core.imports)."""

import dataclasses
import functools
from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency
from lantern.core.imports import registry
from lantern.core.models import ImportFile, ImportStatus
from lantern.training.importing import (
    ATTENDANCE_SPEC,
    COMPLETION_SPEC,
    Lookups,
    folded,
    make_row_reader,
)
from lantern.training.models import Course, JobType, Session
from lantern.training.services import imports


def lookups() -> Lookups:
    """The partnership's agencies, roles, job types and courses by their folded names."""
    agencies: dict[str, int] = {}
    for pk, name, short in Agency.objects.values_list("pk", "name", "short_name"):
        agencies[folded(name)] = pk
        if short:
            agencies.setdefault(folded(short), pk)
    roles = {folded(label): value for value, label in Role.choices} | {folded(v.replace("_", " ")): v
                                                                        for v in Role.values}
    job_types = {folded(name): pk for pk, name in JobType.objects.values_list("pk", "name")}
    courses: dict[str, int] = {}
    for pk, title, code in Course.objects.values_list("pk", "title", "code"):
        courses[folded(title)] = pk
        courses[folded(code)] = pk
    return Lookups(agencies, roles, job_types, courses)


def _reader(with_course: bool, indexes: dict[str, int], headers: list[str]) -> Any:
    return make_row_reader(lookups(), with_course=with_course)(indexes, headers)


def upload_page(import_file: ImportFile) -> str:
    """Where an upload's pages continue: its columns, or its report (with the outcome once imported)."""
    if import_file.status == ImportStatus.UPLOADED:
        return reverse("training:upload-mapping", args=[import_file.pk])
    return reverse("training:upload-report", args=[import_file.pk])


ATTENDANCE_IMPORT = registry.ImportKind(
    name=imports.ATTENDANCE, label="sign-in sheet", spec=ATTENDANCE_SPEC,
    row_reader=functools.partial(_reader, False),
    commit=functools.partial(imports.attendance_commit, kind=imports.ATTENDANCE), page_url=upload_page)

COMPLETIONS_IMPORT = registry.ImportKind(
    name=imports.COMPLETIONS, label="completions file", spec=COMPLETION_SPEC,
    row_reader=functools.partial(_reader, True),
    commit=functools.partial(imports.attendance_commit, kind=imports.COMPLETIONS), page_url=upload_page)


def kind_for_session(session: Session) -> registry.ImportKind:
    """The sign-in sheet import bound to a session (the command line names it)."""
    return dataclasses.replace(ATTENDANCE_IMPORT, commit=functools.partial(
        imports.attendance_commit, kind=imports.ATTENDANCE, session=session))

