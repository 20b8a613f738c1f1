"""Nationality, language, outside references and support providers are encrypted at rest.

A copy of the database (a stolen backup, a misconfigured host) must not show where a
victim comes from, which language they speak, their Home Office reference or which
refuge supports them; the case team still sees every value on the case's pages.
"""

import importlib
import pkgutil
from types import ModuleType, SimpleNamespace

import pytest
from django.apps import apps as current_apps
from django.db import connection

from lantern.accounts.capabilities import Role
from lantern.cases import migrations as cases_migrations
from lantern.cases import services
from lantern.cases.models import CaseEvent, ConsentRecord, Person, Referral, SupportService, Task
from lantern.cases.tests.factories import CaseFactory, ConcernFactory, date_fields, days_ago, worker
from lantern.core import crypto
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def stored(model, field: str, pk: int) -> str:
    """The value as it sits in the database column, without the ORM decrypting it."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (names from the model)
        return cursor.fetchone()[0]


def store_plain(model, field: str, pk: int, value: str) -> None:
    """Put a plain value in the column, as an install had before the field was encrypted."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608 (names from the model)


def assert_encrypted(model, field: str, pk: int, plain: str) -> None:
    value = stored(model, field, pk)
    assert plain not in value
    assert crypto.decrypt(value) == plain


def the_migration() -> ModuleType:
    """The cases migration that encrypts these fields, whatever number it carries."""
    name = next(m.name for m in pkgutil.iter_modules(cases_migrations.__path__)
                if m.name.endswith("_encrypt_identifying_fields"))
    return importlib.import_module(f"lantern.cases.migrations.{name}")


def test_values_entered_on_the_case_pages_are_stored_encrypted_and_shown_to_the_case_team():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    base = f"/cases/{case.reference}"
    person = case.person
    response = client.post(f"{base}/person/", {
        "given_name": person.given_name, "family_name": person.family_name, "known_as": "",
        **date_fields("date_of_birth", person.date_of_birth), "gender": person.gender,
        "nationality": "Eritrean", "second_nationality": "Sudanese", "language": "Tigrinya",
        "phone": "", "email": "", "address": "", "safe_contact": "",
    })
    assert response.status_code == 302
    assert client.post(f"{base}/screening/", {
        "indicators": ["ilo.debt"], "evidence": "", "judgement": "Consistent account", "conclusion": "likely",
        **date_fields("screened_on", days_ago(5)),
    }).status_code == 302
    assert client.post(f"{base}/consent/", {
        "given": "yes", "language": "Tigrinya", "interpreter_used": "on", **date_fields("explained_on", days_ago(4)),
    }).status_code == 302
    assert client.post(f"{base}/referrals/new/", {
        "kind": "nrm", "made_by_agency": case.lead_agency.pk, "external_reference": "NRM774512",
        **date_fields("made_on", days_ago(3)),
    }).status_code == 302
    assert client.post(f"{base}/support/new/", {
        "kind": "accommodation", "provider": "Hope House refuge, Leeds", **date_fields("started_on", days_ago(2)),
    }).status_code == 302

    assert_encrypted(Person, "nationality", person.pk, "Eritrean")
    assert_encrypted(Person, "second_nationality", person.pk, "Sudanese")
    assert_encrypted(Person, "language", person.pk, "Tigrinya")
    assert_encrypted(ConsentRecord, "language", case.consents.get().pk, "Tigrinya")
    assert_encrypted(Referral, "external_reference", case.referrals.get().pk, "NRM774512")
    assert_encrypted(SupportService, "provider", case.support.get().pk, "Hope House refuge, Leeds")

    detail = client.get(f"{base}/").content.decode()
    for value in ("Eritrean, Sudanese", "Tigrinya", "NRM774512", "Hope House refuge, Leeds"):
        assert value in detail
    # The timeline is not encrypted: it names the kind of support and referral, never the free text.
    timeline = " ".join(case.events.values_list("summary", flat=True))
    assert "Support added: Accommodation" in timeline
    assert "Hope House" not in timeline and "NRM774512" not in timeline


def test_a_concerns_nationality_and_language_are_stored_encrypted_and_shown_to_the_raiser():
    responder = worker(Role.FIRST_RESPONDER)
    concern = ConcernFactory(raised_by=responder, created_by=responder, status="draft", submitted_at=None,
                             nationality="", language="")
    services.concern_update_draft(concern=concern, acting_user=responder, nationality="Vietnamese",
                                  language="Vietnamese")
    assert_encrypted(type(concern), "nationality", concern.pk, "Vietnamese")
    assert_encrypted(type(concern), "language", concern.pk, "Vietnamese")
    assert "Vietnamese" in verified_client(responder).get(f"/concerns/{concern.reference}/check/").content.decode()


def test_the_migration_encrypts_values_stored_in_plain_text_and_can_be_run_again():
    case = CaseFactory()
    me = case.lead_worker
    services.consent_record(case=case, acting_user=me, given=True, explained_on=days_ago(3), language="Tigrinya",
                            interpreter_used=True)
    referral = services.referral_record(case=case, acting_user=me, kind="nrm", made_on=days_ago(2),
                                        external_reference="NRM774512")
    support = services.support_add(case=case, acting_user=me, kind="health", provider="Leeds Road surgery",
                                   started_on=days_ago(1))
    task = services.task_create(case=case, acting_user=me, title="Visit Ana at the refuge", owner=me,
                                due_on=days_ago(-3))
    plain = [(Person, "nationality", case.person.pk, "Eritrean"), (Person, "second_nationality", case.person.pk, ""),
             (Person, "language", case.person.pk, "Tigrinya"),
             (ConsentRecord, "language", case.consents.get().pk, "Tigrinya"),
             (Referral, "external_reference", referral.pk, "NRM774512"),
             (SupportService, "provider", support.pk, "Leeds Road surgery"),
             (Task, "title", task.pk, "Visit Ana at the refuge")]
    for model, field, pk, value in plain:
        store_plain(model, field, pk, value)
    untouched = stored(Referral, "notes", referral.pk)

    the_migration().encrypt_values(current_apps, SimpleNamespace(connection=connection))

    for model, field, pk, value in plain:
        if value:
            assert_encrypted(model, field, pk, value)
        else:
            assert stored(model, field, pk) == ""
    token = stored(Referral, "external_reference", referral.pk)
    the_migration().encrypt_values(current_apps, SimpleNamespace(connection=connection))
    assert stored(Referral, "external_reference", referral.pk) == token  # a token is not encrypted twice
    assert stored(Referral, "notes", referral.pk) == untouched
    case.person.refresh_from_db()
    assert (case.person.nationality, case.person.language) == ("Eritrean", "Tigrinya")
    assert Task.objects.get(pk=task.pk).title == "Visit Ana at the refuge"

    the_migration().decrypt_values(current_apps, SimpleNamespace(connection=connection))
    assert stored(Referral, "external_reference", referral.pk) == "NRM774512"
    assert stored(Person, "nationality", case.person.pk) == "Eritrean"


def test_the_migration_takes_providers_references_and_task_titles_out_of_older_timeline_lines():
    case = CaseFactory()
    old = {
        "support.add": ("Support added: Counselling or therapy from Hope House refuge, Leeds",
                        "Support added: Counselling or therapy"),
        "referral.nrm": ("National Referral Mechanism referral recorded (reference NRM774512)",
                         "National Referral Mechanism referral recorded"),
        "task.create": ("Task for Sam Patel, due 05 March 2026: Visit Ana at the refuge",
                        "Task added for Sam Patel, due 5 March 2026"),
        "task.done": ("Task done: Visit Ana at the refuge", "Task done"),
        "consent": ("Consent to an NRM referral given", "Consent to an NRM referral given"),
    }
    events = {kind: CaseEvent.objects.create(case=case, occurred_at=case.created_at, kind=kind, summary=before)
              for kind, (before, _after) in old.items()}

    the_migration().rewrite_timeline(current_apps, SimpleNamespace(connection=connection))

    for kind, (_before, after) in old.items():
        events[kind].refresh_from_db()
        assert events[kind].summary == after


@pytest.mark.parametrize(("kind", "summary"), [
    ("support.add", "Support added: Accommodation"),
    ("referral.dtn", "Duty to Notify referral recorded"),
    ("task.create", "Task added for Sam Patel, due 5 March 2026"),
    ("task.done", "Task done (due 5 March 2026)"),
    ("note", "Note added"),
])
def test_timeline_lines_written_today_are_left_as_they_are(kind, summary):
    assert the_migration().timeline_without_free_text(kind, summary) == summary
