"""The JSON API records and reads what the pages record on a case, with the same rules and the same 404s."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import nrm_form, selectors, services
from lantern.cases.models import Case, CaseStage, Route
from lantern.cases.tests.factories import (
    AgencyFactory,
    CaseFactory,
    PersonFactory,
    child_case,
    days_ago,
    today,
    worker,
)
from lantern.cases.tests.test_exports_and_api import token_client
from lantern.core.reference import first_responder_organisations, indicators
from tests.support import make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db


def url(case, part: str) -> str:
    return f"/api/v1/cases/{case.reference}/{part}/"


def post(client, case, part, data, method="post"):
    return getattr(client, method)(url(case, part), data, format="json")


def answers_of(case) -> dict[str, str]:
    """The Home Office form's answers for the case, as its NRM pack gives them."""
    case = Case.objects.get(pk=case.pk)
    facts = selectors.nrm_facts(case=case, user=case.lead_worker)
    return {a.row.field: a.answer for section in nrm_form.form_sections(facts) for a in section.answers}


def a_code() -> str:
    return sorted(indicators.current_set().codes())[0]


def test_a_worker_on_the_team_records_an_adults_journey_through_the_api():
    case = CaseFactory(person=PersonFactory(nationality="Romanian"))
    me = token_client(case.lead_worker)
    code = a_code()

    screening = post(me, case, "screenings", {
        "indicators": [code], "indicator_evidence": {code: "Passport held by the boss"},
        "judgement": "Likely exploited", "conclusion": "likely", "screened_on": days_ago(6).isoformat()})
    assert screening.status_code == 201, screening.json()
    assert screening.json()["indicators"] == [code]
    assert screening.json()["indicator_evidence"] == {code: "Passport held by the boss"}

    # The same rule as the page: an adult's NRM referral needs their consent.
    refused = post(me, case, "referrals", {"kind": "nrm", "made_on": days_ago(4).isoformat()})
    assert refused.status_code == 400 and "informed consent" in str(refused.json())
    consent = post(me, case, "consents", {"given": True, "explained_on": days_ago(5).isoformat(),
                                          "language": "Romanian", "interpreter_used": True})
    assert consent.status_code == 201 and consent.json()["given"] is True

    referral = post(me, case, "referrals", {"kind": "nrm", "made_on": days_ago(40).isoformat(),
                                            "external_reference": "NRM-123456"})
    assert referral.status_code == 201, referral.json()
    assert referral.json()["kind"] == "nrm" and referral.json()["external_reference"] == "NRM-123456"

    rg = post(me, case, "decisions", {"kind": "rg", "decided_on": days_ago(35).isoformat(), "positive": True,
                                      "competent_authority": "sca"})
    assert rg.status_code == 201
    # A conclusive grounds decision before the recovery period ends needs the reason, as on the page.
    early = {"kind": "cg", "decided_on": days_ago(10).isoformat(), "positive": True, "competent_authority": "sca"}
    refused = post(me, case, "decisions", early)
    assert refused.status_code == 400 and "early_reason" in refused.json()
    cg = post(me, case, "decisions", {**early, "early_reason": "person_asked"})
    assert cg.status_code == 201 and cg.json()["early_reason"] == "person_asked"

    support = post(me, case, "support", {"kind": "accommodation", "provider": "Safe house",
                                         "started_on": days_ago(30).isoformat()})
    assert support.status_code == 201 and support.json()["provider"] == "Safe house"
    plan = post(me, case, "move-on-plan", {"planned_on": today().isoformat(), "plan": "Council tenancy"}, "put")
    assert plan.status_code == 200 and plan.json() == {"planned_on": today().isoformat(), "plan": "Council tenancy"}

    exploitation = post(me, case, "exploitation", {"types": ["labour", "criminal"], "where_exploited": "uk",
                                                   "county_lines": True}, "put")
    assert exploitation.status_code == 200
    assert exploitation.json() == {"types": ["criminal", "labour"], "where_exploited": "uk", "county_lines": True}

    case.refresh_from_db()
    assert case.stage == CaseStage.CG_POSITIVE and case.move_on_planned_on == today()
    assert sorted(case.exploitation.values_list("type", flat=True)) == ["criminal", "labour"]
    # Each write has its audit entry, as through the pages.
    actions = set(AuditEntry.objects.filter(actor=case.lead_worker).values_list("action", flat=True))
    assert {"case.screening", "case.consent", "case.referral", "case.decision", "case.support_add",
            "case.move_on_plan", "case.exploitation"} <= actions

    # And everything reads back.
    assert [d["kind"] for d in me.get(url(case, "decisions")).json()] == ["cg", "rg"]
    assert [r["kind"] for r in me.get(url(case, "referrals")).json()] == ["nrm"]
    assert me.get(url(case, "consents")).json()[0]["language"] == "Romanian"
    assert me.get(url(case, "screenings")).json()[0]["judgement"] == "Likely exploited"
    assert me.get(url(case, "support")).json()[0]["kind"] == "accommodation"
    assert me.get(url(case, "exploitation")).json()["county_lines"] is True
    assert me.get(url(case, "move-on-plan")).json()["plan"] == "Council tenancy"
    detail = me.get(f"/api/v1/cases/{case.reference}/").json()
    assert detail["where_exploited"] == "uk" and detail["county_lines"] is True
    assert detail["move_on_planned_on"] == today().isoformat()
    reads = AuditEntry.objects.filter(action="case.view", actor=case.lead_worker)
    assert {entry.changes.get("api") for entry in reads} >= {"decisions", "referrals", "consents", "screenings",
                                                              "support", "exploitation", "move_on_plan"}


def test_a_duty_to_notify_through_the_api_is_anonymous_when_they_did_not_agree_to_share():
    case = CaseFactory(stage=CaseStage.SCREENING)
    me = token_client(case.lead_worker)
    post(me, case, "consents", {"given": False, "explained_on": days_ago(3).isoformat(), "language": "English",
                                "interpreter_used": False, "refusal_reason": "Afraid"})
    dtn = post(me, case, "referrals", {"kind": "dtn", "made_on": days_ago(1).isoformat()})
    assert dtn.status_code == 201 and dtn.json()["anonymous"] is True
    case.refresh_from_db()
    assert case.stage == CaseStage.DUTY_TO_NOTIFY


def test_the_referring_organisation_must_be_one_of_the_partnership():
    case = CaseFactory()
    me = token_client(case.lead_worker)
    other = AgencyFactory(name="Another first responder")
    made = post(me, case, "referrals", {"kind": "adult_safeguarding", "made_on": days_ago(1).isoformat(),
                                        "made_by_agency": other.pk})
    assert made.status_code == 201 and made.json()["made_by_agency"] == "Another first responder"
    unknown = post(me, case, "referrals", {"kind": "adult_safeguarding", "made_on": days_ago(1).isoformat(),
                                           "made_by_agency": 987654})
    assert unknown.status_code == 400 and "made_by_agency" in unknown.json()


def test_an_age_assessment_through_the_api_moves_the_route():
    case = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=None))
    me = token_client(case.lead_worker)
    made = post(me, case, "age-assessments", {"assessed_on": days_ago(1).isoformat(), "assessed_by": "Trust",
                                              "outcome": "adult"})
    assert made.status_code == 201
    case.refresh_from_db()
    assert case.route == Route.ADULT
    assert me.get(url(case, "age-assessments")).json()[0]["outcome"] == "adult"
    assert post(me, case, "age-assessments", {"assessed_on": days_ago(1).isoformat(), "assessed_by": "Trust",
                                              "outcome": "teenager"}).status_code == 400


def test_documents_give_their_metadata_never_their_content():
    case = CaseFactory()
    services.attachment_add(case=case, acting_user=case.lead_worker,
                            upload=SimpleUploadedFile("photo.png", png_bytes()))
    documents = token_client(case.lead_worker).get(url(case, "documents")).json()
    assert len(documents) == 1
    assert set(documents[0]) == {"id", "original_name", "description", "content_type", "size", "scan_result",
                                 "created_at", "uploaded_by"}
    assert documents[0]["original_name"] == "photo.png" and documents[0]["content_type"] == "image/png"


def test_a_document_is_added_through_the_api_with_the_upload_pages_checks():
    case = CaseFactory()
    me = token_client(case.lead_worker)
    made = me.post(url(case, "documents"), {"file": SimpleUploadedFile("letter.png", png_bytes()),
                                            "description": "Letter from the employer"}, format="multipart")
    assert made.status_code == 201
    assert made.json()["description"] == "Letter from the employer" and made.json()["content_type"] == "image/png"
    assert [d["description"] for d in me.get(url(case, "documents")).json()] == ["Letter from the employer"]
    assert AuditEntry.objects.filter(action="case.attachment_add", actor=case.lead_worker).exists()
    assert "Letter from the employer" in answers_of(case).get("upload-file", "")  # the pack names it
    # A file the upload page refuses is refused here, said of the file, and nothing is kept.
    refused = me.post(url(case, "documents"), {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 64)},
                      format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()
    missing = me.post(url(case, "documents"), {"description": "No file"}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()
    assert case.attachments.count() == 1


def test_an_nrm_referral_through_the_api_names_the_first_responder_organisation_from_the_forms_list():
    case = CaseFactory(stage=CaseStage.SCREENING)
    me = token_client(case.lead_worker)
    post(me, case, "consents", {"given": True, "explained_on": days_ago(3).isoformat(), "language": "English",
                                "interpreter_used": False})
    organisation = first_responder_organisations()[0][0]
    unknown = post(me, case, "referrals", {"kind": "nrm", "made_on": days_ago(1).isoformat(),
                                           "first_responder_organisation": "Gotham City Council"})
    assert unknown.status_code == 400 and "first_responder_organisation" in unknown.json()
    assert not case.referrals.exists()
    made = post(me, case, "referrals", {"kind": "nrm", "made_on": days_ago(1).isoformat(),
                                        "first_responder_organisation": organisation})
    assert made.status_code == 201 and made.json()["first_responder_organisation"] == organisation
    assert answers_of(case)["user-organisation"] == organisation


def test_bad_input_is_refused_with_the_field_and_nothing_is_written():
    case = CaseFactory()
    me = token_client(case.lead_worker)
    assert post(me, case, "screenings", {"indicators": ["not.a.code"], "judgement": "x", "conclusion": "likely",
                                         "screened_on": days_ago(1).isoformat()}).status_code == 400
    future = (today() + datetime.timedelta(days=3)).isoformat()
    assert post(me, case, "support", {"kind": "health", "provider": "GP", "started_on": days_ago(2).isoformat(),
                                      "ended_on": days_ago(5).isoformat()}).status_code == 400
    assert post(me, case, "consents", {"given": True, "explained_on": future, "language": "English",
                                       "interpreter_used": False}).status_code == 400
    assert post(me, case, "exploitation", {"types": ["piracy"], "where_exploited": "uk", "county_lines": False},
                "put").status_code == 400
    assert post(me, case, "move-on-plan", {"planned_on": today().isoformat(), "plan": "Housing"},
                "put").status_code == 400  # no positive conclusive grounds decision yet
    assert not case.screenings.exists() and not case.support.exists() and not case.consents.exists()
    assert not case.exploitation.exists()


PARTS = ("screenings", "consents", "referrals", "decisions", "support", "age-assessments", "documents",
         "exploitation", "move-on-plan")
WRITES = {
    "screenings": ("post", {"indicators": [], "judgement": "x", "conclusion": "possible", "screened_on": "2026-01-02"}),
    "consents": ("post", {"given": True, "explained_on": "2026-01-02", "language": "English",
                          "interpreter_used": False}),
    "referrals": ("post", {"kind": "adult_safeguarding", "made_on": "2026-01-02"}),
    "decisions": ("post", {"kind": "rg", "decided_on": "2026-01-02", "positive": True, "competent_authority": "sca"}),
    "support": ("post", {"kind": "health", "provider": "GP", "started_on": "2026-01-02"}),
    "age-assessments": ("post", {"assessed_on": "2026-01-02", "assessed_by": "Trust", "outcome": "adult"}),
    "exploitation": ("put", {"types": ["labour"], "where_exploited": "uk", "county_lines": False}),
    "move-on-plan": ("put", {"planned_on": "2026-01-02", "plan": "Housing"}),
    "documents": ("post", {"description": "A letter"}),
}


@pytest.mark.parametrize("part", PARTS)
def test_someone_off_the_team_and_a_board_viewer_find_nothing(part):
    case = CaseFactory(types=["labour"])
    outsider = token_client(worker(Role.CASE_WORKER))
    board = verified_client(make_user(Role.BOARD_VIEWER))
    assert outsider.get(url(case, part)).status_code == 404
    assert board.get(url(case, part)).status_code == 404
    if part in WRITES:
        method, data = WRITES[part]
        assert getattr(outsider, method)(url(case, part), data, format="json").status_code == 404
        assert getattr(board, method)(url(case, part), data, content_type="application/json").status_code == 404
    case.refresh_from_db()
    assert list(case.exploitation.values_list("type", flat=True)) == ["labour"]
    assert not case.screenings.exists() and not case.referrals.exists() and not case.support.exists()


@pytest.mark.parametrize("part", PARTS)
def test_a_childs_records_are_not_found_by_oversight_without_the_childrens_permission(part):
    case = child_case()
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert manager.get(url(case, part)).status_code == 404
    childrens_worker = token_client(case.lead_worker)
    assert childrens_worker.get(url(case, part)).status_code == 200


def test_a_child_is_never_asked_for_consent_through_the_api_either():
    case = child_case()
    me = token_client(case.lead_worker)
    refused = post(me, case, "consents", {"given": True, "explained_on": days_ago(1).isoformat(),
                                          "language": "English", "interpreter_used": False})
    assert refused.status_code == 400 and "Children do not give consent" in str(refused.json())
    dtn = post(me, case, "referrals", {"kind": "dtn", "made_on": days_ago(1).isoformat()})
    assert dtn.status_code == 400 and not case.referrals.exists()


def test_oversight_needs_a_reason_in_the_web_page_before_reading_records_off_their_caseload():
    case = CaseFactory()
    coordinator = token_client(make_user(Role.SHOP_COORDINATOR))
    assert coordinator.get(url(case, "referrals")).status_code == 403
    assert coordinator.put(url(case, "exploitation"), WRITES["exploitation"][1], format="json").status_code == 403
    assert coordinator.post(url(case, "documents"), {"file": SimpleUploadedFile("letter.png", png_bytes())},
                            format="multipart").status_code == 403
    assert not case.exploitation.exists() and not case.attachments.exists()
