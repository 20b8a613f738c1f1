"""The course catalogue and the training matrix."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.training import forms
from lantern.training.models import JobType, MatrixRequirement
from lantern.training.selectors import records
from lantern.training.services import catalogue


def training_crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return crumbs(("Training", reverse("training:overview")), *items)


def require_records(user: Any) -> None:
    if not records.may_read_records(user):
        raise PermissionDenied


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    courses = records.courses_visible_to(user)
    return render(request, "training/course_list.html", {
        "courses": courses, "may_manage": records.may_manage(user),
        "crumbs": training_crumbs(("Courses", None)) if records.may_read_records(user)
        else crumbs(("Courses", None))})


@login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    course = records.course_get(user=user, course_id=course_id)
    return render(request, "training/course_detail.html", {
        "course": course, "versions": course.versions.order_by("-number"), "may_manage": records.may_manage(user),
        "requirements": course.requirements.filter(is_active=True).select_related("job_type"),
        "crumbs": crumbs(("Courses", reverse("training:course-list")), (course.title, None))})


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return form_page(
        request, form_class=forms.CourseForm, template="form_page.html",
        save=lambda form: catalogue.course_create(acting_user=user, **form.cleaned_data),
        success_url=lambda course: reverse("training:course-detail", args=[course.pk]),
        success_message="Course added.",
        context={"heading": "Add a course", "crumbs": training_crumbs(("Courses", reverse("training:course-list")),
                                                                      ("Add", None))})


@login_required
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    course = records.course_get(user=user, course_id=course_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    return form_page(
        request, form_class=forms.CourseEditForm, template="form_page.html",
        form_kwargs={"initial": {"title": course.title, "audience": course.audience, "level": course.level,
                                 "is_active": course.is_active}},
        save=lambda form: catalogue.course_update(course=course, acting_user=user, **form.cleaned_data),
        success_url=reverse("training:course-detail", args=[course.pk]), success_message="Course saved.",
        context={"heading": f"Change {course.title}", "lede": "What the course teaches changes with a new version.",
                 "crumbs": training_crumbs((course.title, reverse("training:course-detail", args=[course.pk])),
                                           ("Change", None))})


@login_required
def version_create(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    course = records.course_get(user=user, course_id=course_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    current = course.current_version
    initial = {field: getattr(current, field) for field in catalogue.VERSION_FIELDS} if current else {}
    return form_page(
        request, form_class=forms.VersionForm, template="form_page.html", form_kwargs={"initial": initial},
        save=lambda form: catalogue.course_version_add(course=course, acting_user=user, **form.cleaned_data),
        success_url=reverse("training:course-detail", args=[course.pk]),
        success_message=lambda version: f"Version {version.number} added.",
        context={"heading": f"New version of {course.title}",
                 "lede": "Add a version when the course changes in substance. People trained on an earlier "
                         "version stay in date until that training expires.",
                 "crumbs": training_crumbs((course.title, reverse("training:course-detail", args=[course.pk])),
                                           ("New version", None))})


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_records(user)
    lines = MatrixRequirement.objects.filter(is_active=True).select_related("course", "job_type")
    return render(request, "training/matrix.html", {
        "lines": lines, "may_manage": records.may_manage(user), "job_types": JobType.objects.all(),
        "crumbs": training_crumbs(("Training matrix", None))})


@login_required
def requirement_form(request: HttpRequest, requirement_id: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    line = get_object_or_404(MatrixRequirement, pk=requirement_id) if requirement_id else None
    initial = ({"course": line.course, "role": line.role, "job_type": line.job_type,
                "due_within_months": line.due_within_months, "refresher_months": line.refresher_months}
               if line else {"due_within_months": 3})
    return form_page(
        request, form_class=forms.RequirementForm, template="form_page.html", form_kwargs={"initial": initial},
        save=lambda form: catalogue.requirement_save(acting_user=user, requirement=line, **form.cleaned_data),
        success_url=reverse("training:matrix"), success_message="Training matrix saved.",
        context={"heading": "Change a line of the matrix" if line else "Add to the training matrix",
                 "crumbs": training_crumbs(("Training matrix", reverse("training:matrix")),
                                           ("Change" if line else "Add", None))})


@login_required
@require_POST
def requirement_remove(request: HttpRequest, requirement_id: int) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    catalogue.requirement_remove(acting_user=user, requirement=get_object_or_404(MatrixRequirement, pk=requirement_id))
    return redirect("training:matrix")


@login_required
def job_type_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return form_page(
        request, form_class=forms.JobTypeForm, template="form_page.html",
        save=lambda form: catalogue.job_type_create(acting_user=user, **form.cleaned_data),
        success_url=reverse("training:matrix"), success_message="Job type added.",
        context={"heading": "Add a job type", "crumbs": training_crumbs(
            ("Training matrix", reverse("training:matrix")), ("Add a job type", None))})


@login_required
@require_POST
def defaults_install(request: HttpRequest) -> HttpResponse:
    """Add Lantern's default catalogue and matrix (what is missing only)."""
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    made = catalogue.defaults_install(acting_user=user)
    added = sum(made.values())
    messages.success(request, f"Added {made['courses']} courses, {made['job_types']} job types and "
                              f"{made['requirements']} matrix lines." if added
                     else "Lantern's default catalogue and matrix were already here: nothing was added.")
    return redirect("training:matrix")
