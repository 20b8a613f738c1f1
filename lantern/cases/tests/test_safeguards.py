"""Safeguards found in review: restricted children's records, exports, routes, duplicates, free text, uploads."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.accounts.services import api_token_create
from lantern.audit.models import AuditEntry
from lantern.cases import services
from lantern.cases.models import CaseStage, Route
from lantern.cases.tests.factories import (
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    days_ago,
    worker,
)
from tests.support import make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db


def test_concern_of_a_restricted_childs_case_is_hidden_from_triage_roles_who_may_not_see_it():
    case = child_case()
    concern = ConcernFactory(person_name="Kai Doyle", case=case, status="case_opened")
    manager = make_user(Role.PROGRAMME_MANAGER)
    response = verified_client(manager).get(f"/concerns/{concern.reference}/")
    assert response.status_code == 404
    assert concern.reference not in verified_client(manager).get("/concerns/").content.decode()


def test_export_fills_personal_columns_only_for_the_users_own_cases():
    coordinator = make_user(Role.SHOP_COORDINATOR)
    own = CaseFactory(person=PersonFactory(given_name="Own", family_name="Person"), team=[coordinator])
    other = CaseFactory(person=PersonFactory(given_name="Other", family_name="Person"))
    response = verified_client(coordinator).get("/cases/export.csv")
    rows = {r["Reference"]: r for r in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}
    assert rows[own.reference]["Name"] == "Own Person"
    assert rows[other.reference]["Name"] == ""


def test_a_date_of_birth_under_18_moves_an_adult_case_to_the_child_route():
    case = CaseFactory()
    services.person_update(case=case, acting_user=case.lead_worker, date_of_birth=days_ago(16 * 365))
    case.refresh_from_db()
    assert case.route == Route.CHILD and case.stage == CaseStage.NRM_DUE
    with pytest.raises(ValidationError, match="Children do not give consent"):
        services.consent_record(case=case, acting_user=case.lead_worker, given=False, explained_on=days_ago(1),
                                language="English", interpreter_used=False, refusal_reason="Scared")


def test_no_duty_to_notify_after_an_nrm_referral_or_twice():
    case = CaseFactory()
    lead = case.lead_worker
    services.consent_record(case=case, acting_user=lead, given=False, explained_on=days_ago(5), language="English",
                            interpreter_used=False, refusal_reason="Afraid")
    services.referral_record(case=case, acting_user=lead, kind="dtn", made_on=days_ago(4))
    with pytest.raises(ValidationError, match="already has a Duty to Notify"):
        services.referral_record(case=case, acting_user=lead, kind="dtn", made_on=days_ago(3))
    services.consent_record(case=case, acting_user=lead, given=True, explained_on=days_ago(2), language="English",
                            interpreter_used=False)
    services.referral_record(case=case, acting_user=lead, kind="nrm", made_on=days_ago(1))
    case.refresh_from_db()
    assert case.stage == CaseStage.REFERRED


def test_devolved_panels_decide_childrens_cases_only():
    case = CaseFactory()
    lead = case.lead_worker
    services.consent_record(case=case, acting_user=lead, given=True, explained_on=days_ago(5), language="English",
                            interpreter_used=False)
    services.referral_record(case=case, acting_user=lead, kind="nrm", made_on=days_ago(4))
    with pytest.raises(ValidationError, match="children's cases only"):
        services.decision_record(case=case, acting_user=lead, kind="rg", decided_on=days_ago(1), positive=True,
                                 competent_authority="devolved")


def test_api_writes_outside_the_caseload_need_a_reason_first():
    case = CaseFactory()
    manager = make_user(Role.SHOP_COORDINATOR)
    _token, raw = api_token_create(user=manager, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(f"/api/v1/cases/{case.reference}/tasks/", {
        "title": "Call", "owner_email": case.lead_worker.email, "due_on": days_ago(-2).isoformat()}, format="json")
    assert response.status_code == 403
    assert not case.tasks.exists()


def test_task_titles_are_encrypted_and_kept_out_of_the_timeline_audit_and_emails(django_capture_on_commit_callbacks):
    from django.core import mail

    from lantern.cases.reminders import send_task_reminders

    case = CaseFactory()
    task = services.task_create(case=case, acting_user=case.lead_worker, title="Call Maria Ionescu",
                                owner=case.lead_worker, due_on=days_ago(1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM cases_task WHERE id = %s", [task.pk])
        assert "Maria" not in cursor.fetchone()[0]
    assert "Maria" not in " ".join(case.events.values_list("summary", flat=True))
    assert not any("Maria" in e.target_label or "Maria" in str(e.changes) for e in AuditEntry.objects.all())
    assert send_task_reminders() == 1
    assert case.reference in mail.outbox[0].body and "Maria" not in mail.outbox[0].body


def test_a_broken_image_is_refused_with_a_clear_message():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/documents/new/",
                           {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nnot really an image")})
    assert response.status_code == 200
    assert "The selected file is not a valid image" in response.content.decode()
    assert not case.attachments.exists()


def test_a_file_the_virus_scanner_flags_is_refused_and_the_refusal_stays_in_the_audit_trail(settings):
    settings.LANTERN_VIRUS_SCANNER = "tests.support.scanner_flagging_everything"
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/documents/new/",
                           {"file": SimpleUploadedFile("photo.png", png_bytes())})
    assert response.status_code == 200
    assert "The file may contain a virus, so it was not saved" in response.content.decode()
    assert not case.attachments.exists()
    assert AuditEntry.objects.filter(action="case.attachment_refused", target_id=str(case.pk)).count() == 1


def test_opening_a_form_page_that_shows_personal_details_is_audited():
    case = CaseFactory()
    verified_client(case.lead_worker).get(f"/cases/{case.reference}/person/")
    assert AuditEntry.objects.filter(action="case.view", target_id=str(case.pk)).exists()


def test_my_work_drops_tasks_of_cases_the_user_left():
    case = CaseFactory()
    helper = worker()
    services.case_add_member(case=case, acting_user=case.lead_worker, user=helper)
    services.task_create(case=case, acting_user=case.lead_worker, title="Visit", owner=helper, due_on=days_ago(-1))
    client = verified_client(helper)
    assert case.reference in client.get("/my-work/").content.decode()
    services.case_remove_member(case=case, acting_user=case.lead_worker, user=helper)
    assert case.reference not in client.get("/my-work/").content.decode()


def test_the_timeline_names_the_kind_of_referral_and_support_but_not_their_free_text():
    """The timeline is not encrypted: no Home Office reference and no provider's name on it."""
    case = CaseFactory()
    me = case.lead_worker
    services.consent_record(case=case, acting_user=me, given=True, explained_on=days_ago(3), language="Romanian",
                            interpreter_used=False)
    services.referral_record(case=case, acting_user=me, kind="nrm", made_on=days_ago(2),
                             external_reference="HO-NRM-884213")
    services.support_add(case=case, acting_user=me, kind="accommodation", provider="Hope House refuge, Leeds",
                         started_on=days_ago(1))
    summaries = dict(case.events.values_list("kind", "summary"))
    assert summaries["referral.nrm"] == "National Referral Mechanism referral recorded"
    assert summaries["support.add"] == "Support added: Accommodation"
    timeline = " ".join(summaries.values())
    assert "HO-NRM-884213" not in timeline and "Hope House" not in timeline


def test_saving_the_persons_details_audits_only_the_fields_that_changed():
    from lantern.cases.tests.factories import date_fields

    case = CaseFactory(person=PersonFactory(given_name="Elena", family_name="Marin", language="Romanian"))
    person = case.person
    data = {
        "given_name": "Elena", "family_name": "Marin", "known_as": "", **date_fields("date_of_birth", person.date_of_birth),
        "gender": person.gender, "nationality": person.nationality, "second_nationality": "",
        "language": "Romanian and English", "phone": "07700 900123", "email": "", "address": "", "safe_contact": "",
    }
    response = verified_client(case.lead_worker).post(f"/cases/{case.reference}/person/", data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="person.update")
    # The language describes the person: the trail says it changed, not what it is now.
    assert entry.changes == {"language": "(changed)", "phone": "(changed)"}
    assert "07700" not in str(entry.changes)


def test_the_safety_plan_and_a_triage_reason_are_audited_as_changed_without_their_text():
    case = CaseFactory()
    services.case_update_safety(case=case, acting_user=case.lead_worker, safety_plan="Meet only at the library.")
    assert AuditEntry.objects.get(action="case.safety_plan").changes == {"safety_plan": "(changed)"}
    concern = ConcernFactory()
    services.concern_close(concern=concern, acting_user=make_user(Role.SHOP_COORDINATOR), outcome="signposted",
                           reason="Referred to the Salvation Army helpline.")
    entry = AuditEntry.objects.get(action="concern.triage")
    assert entry.changes == {"status": "signposted", "triage_reason": "(changed)"}


def test_a_document_is_found_only_under_its_own_case():
    lead = worker()
    case = CaseFactory(lead_worker=lead)
    other = CaseFactory(lead_worker=lead)
    document = services.attachment_add(case=other, acting_user=lead, upload=SimpleUploadedFile("photo.png", png_bytes()))
    client = verified_client(lead)
    assert client.get(f"/cases/{other.reference}/documents/{document.pk}/").status_code == 200
    assert client.get(f"/cases/{case.reference}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/cases/{case.reference}/documents/{document.pk + 1000}/").status_code == 404
    downloads = AuditEntry.objects.filter(action="case.attachment_download")
    assert [e.target_id for e in downloads] == [str(other.pk)]
