"""Open-data releases: built in the background, reviewed and approved by the programme manager (audited),
public only once approved; their CSV and JSON; and the command that writes the same files."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory
from lantern.core.models import BackgroundJob, JobStatus
from lantern.core.suppression import SUPPRESSED_MARK
from lantern.insights.models import Release, ReleaseStatus
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user(Role.PROGRAMME_MANAGER)


@pytest.fixture
def manager_client(manager):
    return verified_client(manager)


@pytest.fixture
def q3_data():
    """In 2026-Q3: 12 NRM referrals (8 adults, 4 children) and 3 Duty to Notify reports."""
    agency = AgencyFactory()
    for n in range(15):
        case = CaseFactory(route=Route.CHILD if n % 3 == 2 and n < 12 else Route.ADULT, opened_on=datetime.date(2026, 7, 10))
        kind = ReferralKind.NRM if n < 12 else ReferralKind.DUTY_TO_NOTIFY
        Referral.objects.create(case=case, kind=kind, made_on=datetime.date(2026, 9, 30), made_by_agency=agency)


def build(client, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/insights/open-data/", {"period": period})
    return response


def kpi_of(content, slug):
    return next(k for k in content["kpis"] if k["slug"] == slug)


def test_a_release_is_built_in_the_background_reviewed_approved_and_only_then_public(
        manager, manager_client, q3_data, django_capture_on_commit_callbacks):
    response = build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress_done == job.progress_total > 10  # one step a measure
    assert "ready for review" in manager_client.get(f"/jobs/{job.pk}/").content.decode()

    release = Release.objects.get()
    assert release.status == ReleaseStatus.READY
    nrm = kpi_of(release.content, "nrm-referrals")
    assert nrm["value"] == {"value": 10, "suppressed": False}  # 12, rounded to the nearest 5
    assert kpi_of(release.content, "duty-to-notify")["value"] == {"value": None, "suppressed": True}
    assert "rounded to the nearest 5" in release.content["rules"]["statement"]

    # Not public yet.
    public = Client()
    assert "No statistics have been published yet." in public.get("/statistics/").content.decode()
    assert public.get("/statistics/latest.csv").status_code == 404

    detail = manager_client.get(f"/insights/open-data/{release.pk}/").content.decode()
    assert "Approve and publish" in detail
    assert "Counts from 1 to 4 are not published" in detail
    response = manager_client.post(f"/insights/open-data/{release.pk}/approve/")
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == ReleaseStatus.APPROVED
    assert release.approved_by == manager

    actions = list(AuditEntry.objects.filter(target_type="insights.release").values_list("action", "actor_id"))
    assert ("release.build", manager.pk) in actions
    assert ("release.approve", manager.pk) in actions

    html = public.get("/statistics/").content.decode()
    assert "July to September 2026 (2026-Q3)" in html
    assert "NRM referrals" in html
    assert SUPPRESSED_MARK in html
    assert "Counts from 1 to 4 are not published" in html


def test_approving_twice_is_refused_with_a_message(manager_client, django_capture_on_commit_callbacks):
    build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    release = Release.objects.get()
    manager_client.post(f"/insights/open-data/{release.pk}/approve/")
    response = manager_client.post(f"/insights/open-data/{release.pk}/approve/", follow=True)
    assert "Only a release that has been built and not yet approved can be approved." in response.content.decode()
    assert AuditEntry.objects.filter(action="release.approve").count() == 1


def test_a_period_that_cannot_be_read_builds_nothing(manager_client, django_capture_on_commit_callbacks):
    response = build(manager_client, "next quarter", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'value="next quarter"' in html
    assert not Release.objects.exists()


def test_only_the_programme_manager_builds_and_approves_releases(manager_client, django_capture_on_commit_callbacks):
    build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    release = Release.objects.get()
    assert_access("/insights/open-data/", allowed={Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER, Role.SHOP_COORDINATOR},
                  refused=FORBIDDEN)
    assert_access(f"/insights/open-data/{release.pk}/", allowed={Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER,
                                                                Role.SHOP_COORDINATOR}, refused=FORBIDDEN)
    board = verified_client(make_user(Role.BOARD_VIEWER))
    assert board.post("/insights/open-data/", {"period": "2026-Q2"}).status_code == 403
    assert board.post(f"/insights/open-data/{release.pk}/approve/").status_code == 403
    assert "Approve and publish" not in board.get(f"/insights/open-data/{release.pk}/").content.decode()
    release.refresh_from_db()
    assert release.status == ReleaseStatus.READY
    assert Release.objects.count() == 1
    assert manager_client.get("/insights/open-data/999999/").status_code == 404


def test_the_public_downloads_are_the_approved_release_in_csv_and_json(
        manager_client, q3_data, django_capture_on_commit_callbacks):
    build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    release = Release.objects.get()
    manager_client.post(f"/insights/open-data/{release.pk}/approve/")
    public = Client()

    response = public.get("/statistics/latest.csv")
    assert response["Content-Disposition"] == 'attachment; filename="lantern-statistics-2026-Q3.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    headline = next(r for r in rows if r["kpi"] == "nrm-referrals" and r["table"] == "headline")
    assert headline["value"] == "10"
    dtn = next(r for r in rows if r["kpi"] == "duty-to-notify" and r["table"] == "headline")
    assert dtn["value"] == SUPPRESSED_MARK

    data = json.loads(public.get("/statistics/latest.json").content)
    assert data["period"]["code"] == "2026-Q3"
    assert data["rules"]["threshold"] == 5
    assert kpi_of(data, "duty-to-notify")["value"] == {"value": None, "suppressed": True}
    note = public.get("/statistics/latest.txt").content.decode()
    assert "Rules applied" in note and "Threshold: 5" in note
    assert public.get("/statistics/latest.xml").status_code == 404


def test_staff_downloads_of_a_release_are_audited(manager, manager_client, django_capture_on_commit_callbacks):
    build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    release = Release.objects.get()
    response = manager_client.get(f"/insights/open-data/{release.pk}/release.csv")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="release.download").get()
    assert entry.actor_id == manager.pk


def test_the_command_writes_what_the_public_page_would_publish(
        manager_client, q3_data, tmp_path, django_capture_on_commit_callbacks):
    build(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    release = Release.objects.get()
    manager_client.post(f"/insights/open-data/{release.pk}/approve/")

    call_command("export_open_data", "--period", "2026-Q3", "--out", str(tmp_path / "out"))
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "lantern-rules-2026-Q3.txt", "lantern-statistics-2026-Q3.csv", "lantern-statistics-2026-Q3.json",
    ]
    assert (out / "lantern-statistics-2026-Q3.csv").read_bytes() == Client().get("/statistics/latest.csv").content
    written = json.loads((out / "lantern-statistics-2026-Q3.json").read_text())
    assert written["kpis"] == release.content["kpis"]
    assert written["rules"] == release.content["rules"]
    assert "Counts from 1 to 4 are not published" in (out / "lantern-rules-2026-Q3.txt").read_text()


def test_the_command_refuses_a_period_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Enter a period"):
        call_command("export_open_data", "--period", "2026-Q9", "--out", str(tmp_path))
