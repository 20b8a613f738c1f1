"""Sessions recorded in the pages, certificates issued and checked on the public page, and reminders."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Notification
from lantern.training.compliance import add_months
from lantern.training.models import Certificate, CertificateSource, Session, Trainee, TrainingReminder
from lantern.training.services.certificates import certificate_issue
from lantern.training.services.reminders import send_training_reminders
from lantern.training.tests.conftest import complete
from tests.support import make_user, verified_client


def test_a_trainer_records_a_session_and_its_attendance(coordinator_client, catalogue, housing):
    response = coordinator_client.post("/training/sessions/new/", {
        "course": catalogue["first-responder"].pk, "date_0": "12", "date_1": "3", "date_2": "2026",
        "trainer_name": "Megan Doyle", "venue": "Sandwell Council House", "capacity": "2"})
    session = Session.objects.get()
    assert response["Location"] == f"/training/sessions/{session.pk}/"
    assert session.reference.startswith("TS-")
    user = make_user(Role.FIRST_RESPONDER, agency=housing, full_name="Amira Khan", email="amira@sandwell.example")
    for name, email in [("Amira Khan", "Amira@Sandwell.example"), ("Tariq Mahmood", "")]:
        response = coordinator_client.post(f"/training/sessions/{session.pk}/people/new/", {
            "full_name": name, "email": email, "agency": housing.pk if email else "",
            "agency_name": "" if email else "Ladywood Community Larder", "outcome": "attended"})
        assert response.status_code == 302, response.content.decode()[:2000]
    amira = Trainee.objects.get(full_name="Amira Khan")
    assert amira.user == user  # matched to her Lantern account by email
    full = coordinator_client.post(f"/training/sessions/{session.pk}/people/new/", {
        "full_name": "One Too Many", "outcome": "attended"})
    assert "The session is full" in full.content.decode()
    page = coordinator_client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "Amira Khan" in page and "Ladywood Community Larder" in page
    tariq = session.attendances.get(trainee__full_name="Tariq Mahmood")
    coordinator_client.post(f"/training/sessions/{session.pk}/attendance/", {"attended": [amira.attendances.get().pk]})
    tariq.refresh_from_db()
    assert tariq.outcome == "absent" and tariq.valid_until is None
    assert str(amira.attendances.get().valid_until) == "2028-03-12"
    mine = verified_client(user).get("/training/my/").content.decode()
    assert "First responder training (version 1), 12 March 2026" in mine


def test_a_certificate_pdf_carries_a_code_the_public_page_checks(coordinator_client, catalogue, client):
    trainee = Trainee.objects.create(full_name="Aisha Rahman", name_key="aisha rahman")
    attendance = complete(trainee, catalogue["first-responder"], datetime.date(2026, 3, 12))
    response = coordinator_client.post(f"/training/attendance/{attendance.pk}/certificate/")
    certificate = Certificate.objects.get()
    assert response["Location"] == f"/training/certificates/{certificate.code}/certificate.pdf"
    pdf = coordinator_client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf.content)).pages)
    assert "Aisha Rahman" in text and certificate.code in text
    # Again: the same certificate, not a second one.
    coordinator_client.post(f"/training/attendance/{attendance.pk}/certificate/")
    assert Certificate.objects.count() == 1
    real = client.get("/learn/certificates/verify/", {"code": certificate.code.lower().replace("-", " - ")})
    assert "This is a real certificate" in real.content.decode()
    assert "Aisha Rahman completed First responder training on 12 March 2026" in real.content.decode()
    mistyped = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    assert "No certificate has this code" in client.get("/learn/certificates/verify/", {"code": mistyped}).content.decode()
    assert "Enter the code" in client.get("/learn/certificates/verify/", {"code": ""}).content.decode()
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert "was withdrawn" in client.get("/learn/certificates/verify/", {"code": certificate.code}).content.decode()


def test_the_module_issues_certificates_without_an_account(catalogue, client):
    certificate = certificate_issue(holder_name="  jo   bloggs ", course=catalogue["awareness"],
                                    source=CertificateSource.MODULE)
    assert certificate.holder_name == "Jo Bloggs" and certificate.issued_by is None
    assert len(certificate.code.replace("-", "")) == 13  # LC, ten random characters and a check character
    page = client.get("/learn/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "Jo Bloggs completed Modern slavery awareness" in page


def test_only_its_holder_and_training_staff_download_a_certificate(catalogue):
    holder = make_user(Role.FIRST_RESPONDER)
    trainee = Trainee.objects.create(full_name=holder.full_name, name_key="x", user=holder, email=holder.email)
    certificate = certificate_issue(holder_name=holder.full_name, course=catalogue["awareness"], trainee=trainee,
                                    source=CertificateSource.MODULE)
    url = f"/training/certificates/{certificate.code}/certificate.pdf"
    assert verified_client(holder).get(url).status_code == 200
    assert verified_client(make_user(Role.FIRST_RESPONDER)).get(url).status_code == 404


def test_reminders_go_to_the_person_and_their_manager_once(catalogue, housing, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    user = make_user(Role.FIRST_RESPONDER, agency=housing)
    manager = make_user(Role.CASE_WORKER, agency=housing)
    trainee = Trainee.objects.create(full_name=user.full_name, name_key="u", user=user, email=user.email,
                                     manager=manager)
    complete(trainee, catalogue["first-responder"], add_months(today, -24) + datetime.timedelta(days=20))
    outsider = Trainee.objects.create(full_name="Tariq Mahmood", name_key="tariq mahmood", email="tariq@larder.example",
                                      role=Role.FIRST_RESPONDER, manager_email="boss@larder.example")
    complete(outsider, catalogue["first-responder"], add_months(today, -24) + datetime.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_training_reminders() == 2
    assert Notification.objects.filter(user=user, kind="training.due").count() == 1
    assert Notification.objects.filter(user=manager, kind="training.due_team").count() == 1
    assert {tuple(m.to) for m in mail.outbox} >= {("tariq@larder.example",), ("boss@larder.example",)}
    assert all("Tariq" not in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_training_reminders() == 0
    assert TrainingReminder.objects.count() == 2


@pytest.mark.django_db
def test_demo_seeding_is_idempotent():
    from lantern.accounts.demo import seed_demo as seed_accounts
    from lantern.training.demo import seed_demo

    seed_accounts()
    seed_demo()
    counts = (Session.objects.count(), Trainee.objects.count(), __import__(
        "lantern.training.models", fromlist=["Attendance"]).Attendance.objects.count())
    seed_demo()
    assert counts[0] > 20 and counts[2] > 100
    assert (Session.objects.count(), Trainee.objects.count(), __import__(
        "lantern.training.models", fromlist=["Attendance"]).Attendance.objects.count()) == counts


def test_no_one_attends_a_session_that_has_not_happened_or_was_cancelled(coordinator_client, catalogue):
    import datetime

    from django.utils import timezone

    from lantern.training.models import SessionStatus

    coordinator_client.post("/training/sessions/new/", {
        "course": catalogue["first-responder"].pk, "trainer_name": "Megan Doyle", "venue": "Oldbury",
        **dict(zip(("date_0", "date_1", "date_2"),
                   str(timezone.localdate() + datetime.timedelta(days=7)).split("-")[::-1], strict=True))})
    session = Session.objects.get()
    booked = coordinator_client.post(f"/training/sessions/{session.pk}/people/new/", {
        "full_name": "Ben Carter", "agency_name": "Ladywood Community Larder", "outcome": "booked"})
    assert booked.status_code == 302
    early = coordinator_client.post(f"/training/sessions/{session.pk}/people/new/", {
        "full_name": "Chloe Edwards", "agency_name": "Ladywood Community Larder", "outcome": "attended"})
    assert "The session has not happened yet" in early.content.decode()
    marked = coordinator_client.post(f"/training/sessions/{session.pk}/attendance/",
                                     {"attended": [session.attendances.get().pk]}, follow=True)
    assert "The session has not happened yet" in marked.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED and session.attendances.get().outcome == "booked"

    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED, date=timezone.localdate())
    cancelled = coordinator_client.post(f"/training/sessions/{session.pk}/attendance/",
                                        {"attended": [session.attendances.get().pk]}, follow=True)
    assert "The session was cancelled" in cancelled.content.decode()
    assert session.attendances.get().outcome == "booked"
