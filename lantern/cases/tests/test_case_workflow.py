"""A case along the adult and child routes: screening, consent, NRM / Duty to Notify, decisions, closure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.audit.models import AuditEntry
from lantern.cases import rules, services
from lantern.cases.models import (
    CaseEvent,
    CaseStage,
    CaseStatus,
    DecisionKind,
    ReferralKind,
    Route,
    TaskStatus,
)
from lantern.cases.tests.factories import (
    CaseFactory,
    NonResponderAgencyFactory,
    child_case,
    date_fields,
    days_ago,
    today,
    worker,
)
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def screen(case, *, on=None, found=("ilo.debt", "signs.isolation")):
    return services.screening_record(case=case, acting_user=case.lead_worker, indicators_found=found,
                                     evidence="Owes 'rent' of £2,000 to the gangmaster.", judgement="Likely victim.",
                                     conclusion="likely", screened_on=on or days_ago(15))


def consent(case, given, *, reason="", share=False, on=None):
    return services.consent_record(case=case, acting_user=case.lead_worker, given=given,
                                   explained_on=on or days_ago(14), language="Romanian", interpreter_used=True,
                                   refusal_reason=reason, share_details_for_dtn=share)


def refer(case, kind=ReferralKind.NRM, *, on=None, **kwargs):
    return services.referral_record(case=case, acting_user=case.lead_worker, kind=kind, made_on=on or days_ago(12),
                                    **kwargs)


def decide(case, kind, positive, on, **kwargs):
    return services.decision_record(case=case, acting_user=case.lead_worker, kind=kind, decided_on=on,
                                    positive=positive, competent_authority="sca", **kwargs)


def reload(case):
    case.refresh_from_db()
    return case


# --- The adult route ---------------------------------------------------------------------------


def test_adult_screening_then_consent_is_asked():
    case = CaseFactory()
    screening = screen(case)
    assert reload(case).stage == CaseStage.AWAITING_CONSENT
    assert screening.indicator_set_version == "2026.1" and screening.indicators == ["ilo.debt", "signs.isolation"]
    assert case.events.filter(kind="screening").exists()
    with pytest.raises(ValidationError, match="Choose indicators from the list"):
        screen(case, found=["nonsense"])
    with pytest.raises(ValidationError, match="today or in the past"):
        screen(case, on=today() + datetime.timedelta(days=1))


def test_refused_consent_needs_a_reason_and_leads_to_a_duty_to_notify():
    case = CaseFactory()
    screen(case)
    with pytest.raises(ValidationError, match="Enter the reason they gave for not consenting"):
        consent(case, False, reason="  ")
    assert reload(case).stage == CaseStage.AWAITING_CONSENT

    record = consent(case, False, reason="Afraid of what the gang will do to family at home")
    assert reload(case).stage == CaseStage.DTN_DUE
    assert record.explained_by == case.lead_worker and record.share_details_for_dtn is False

    # An adult who has not consented cannot be referred into the NRM.
    with pytest.raises(ValidationError, match="informed consent"):
        refer(case, ReferralKind.NRM)

    dtn = refer(case, ReferralKind.DUTY_TO_NOTIFY)
    assert dtn.anonymous is True
    assert reload(case).stage == CaseStage.DUTY_TO_NOTIFY
    assert case.nrm_referred_on is None and case.rg_expected_by is None


def test_the_case_follows_the_latest_decision_by_date_not_by_when_it_was_typed_in():
    """A refusal recorded late but dated before an earlier-recorded consent leaves the consent standing:
    the case stays due an NRM referral, and the referral can be made."""
    case = CaseFactory()
    screen(case)
    consent(case, True, on=days_ago(5))
    assert reload(case).stage == CaseStage.NRM_DUE
    consent(case, False, reason="Frightened at first", on=days_ago(10))
    assert reload(case).stage == CaseStage.NRM_DUE
    refer(case, on=days_ago(4))
    assert reload(case).stage == CaseStage.REFERRED


def test_duty_to_notify_names_the_person_only_if_they_agree():
    case = CaseFactory()
    screen(case)
    consent(case, False, reason="Wants to go home", share=True)
    assert refer(case, ReferralKind.DUTY_TO_NOTIFY).anonymous is False


def test_duty_to_notify_needs_a_refusal_first():
    case = CaseFactory()
    screen(case)
    with pytest.raises(ValidationError, match="Record their decision first"):
        refer(case, ReferralKind.DUTY_TO_NOTIFY)
    consent(case, True)
    with pytest.raises(ValidationError, match="Record their decision first"):
        refer(case, ReferralKind.DUTY_TO_NOTIFY)


def test_consent_then_nrm_referral_then_decisions_with_their_periods():
    case = CaseFactory()
    screen(case)
    with pytest.raises(ValidationError, match="informed consent"):
        refer(case, ReferralKind.NRM)
    consent(case, True)
    assert reload(case).stage == CaseStage.NRM_DUE

    referred_on = days_ago(12)
    referral = refer(case, ReferralKind.NRM, on=referred_on, external_reference="NRM123456")
    reload(case)
    assert case.stage == CaseStage.REFERRED
    assert case.nrm_referred_on == referred_on
    assert case.rg_expected_by == rules.add_working_days(referred_on, 5) == rules.rg_expected_by(referred_on)
    assert referral.made_by_agency == case.lead_worker.agency and referral.anonymous is False
    with pytest.raises(ValidationError, match="already has an NRM referral"):
        refer(case, ReferralKind.NRM)

    with pytest.raises(ValidationError) as error:
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, referred_on - datetime.timedelta(days=1))
    assert error.value.message_dict == {"decided_on": ["A decision cannot be dated before the referral"]}
    with pytest.raises(ValidationError, match="follows a positive reasonable grounds"):
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, days_ago(1))

    rg_on = days_ago(6)
    decide(case, DecisionKind.REASONABLE_GROUNDS, True, rg_on)
    reload(case)
    assert case.stage == CaseStage.RECOVERY and case.rg_decided_on == rg_on
    assert case.recovery_ends_on == rg_on + datetime.timedelta(days=30)
    assert case.rg_expected_by is None
    with pytest.raises(ValidationError, match="Record a reconsideration instead"):
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(5))

    with pytest.raises(ValidationError) as error:
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, rg_on - datetime.timedelta(days=1))
    assert "decided_on" in error.value.message_dict
    assert reload(case).stage == CaseStage.RECOVERY

    cg_on = days_ago(1)
    # Before the recovery period has ended, the worker confirms why the competent authority decided early.
    with pytest.raises(ValidationError) as error:
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, cg_on)
    assert "select why the decision came before it ended" in str(error.value.message_dict["early_reason"])
    with pytest.raises(ValidationError) as error:
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, cg_on, early_reason="other")
    assert "notes" in error.value.message_dict
    assert reload(case).stage == CaseStage.RECOVERY
    decision = decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, cg_on, early_reason="person_asked")
    reload(case)
    assert decision.early_reason == "person_asked"
    assert case.stage == CaseStage.CG_POSITIVE and case.cg_decided_on == cg_on
    assert case.move_on_ends_on == cg_on + datetime.timedelta(days=45)
    assert list(case.events.values_list("summary", flat=True))[:2] == [
        "Conclusive grounds decision: positive (before the recovery period ended)",
        "Reasonable grounds decision: positive"]


def test_decisions_need_a_referral_and_no_future_dates():
    case = CaseFactory()
    with pytest.raises(ValidationError, match="Record the NRM referral before"):
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(1))
    screen(case)
    consent(case, True)
    refer(case)
    with pytest.raises(ValidationError, match="today or in the past"):
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, today() + datetime.timedelta(days=1))
    assert reload(case).stage == CaseStage.REFERRED


def test_negative_reasonable_grounds_then_positive_reconsideration_starts_recovery():
    case = CaseFactory()
    screen(case)
    consent(case, True)
    refer(case, on=days_ago(12))
    with pytest.raises(ValidationError, match="A reconsideration follows a negative decision"):
        decide(case, DecisionKind.RECONSIDERATION, True, days_ago(8))

    decide(case, DecisionKind.REASONABLE_GROUNDS, False, days_ago(8))
    assert reload(case).stage == CaseStage.RG_NEGATIVE and case.recovery_ends_on is None
    with pytest.raises(ValidationError):
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, days_ago(3))

    decide(case, DecisionKind.RECONSIDERATION, False, days_ago(4))
    assert reload(case).stage == CaseStage.RG_NEGATIVE

    decide(case, DecisionKind.RECONSIDERATION, True, days_ago(2))
    reload(case)
    assert case.stage == CaseStage.RECOVERY and case.rg_decided_on == days_ago(2)
    assert case.recovery_ends_on == days_ago(2) + datetime.timedelta(days=30)
    assert case.decisions.count() == 3


def test_negative_conclusive_grounds_then_positive_reconsideration_starts_move_on():
    case = CaseFactory()
    screen(case)
    consent(case, True)
    refer(case, on=days_ago(12))
    decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(8))
    decide(case, DecisionKind.CONCLUSIVE_GROUNDS, False, days_ago(4), early_reason="evidence_complete")
    assert reload(case).stage == CaseStage.CG_NEGATIVE and case.move_on_ends_on is None
    decide(case, DecisionKind.RECONSIDERATION, True, days_ago(1))
    assert reload(case).stage == CaseStage.CG_POSITIVE
    assert case.move_on_ends_on == days_ago(1) + datetime.timedelta(days=45)


def test_closing_needs_an_outcome_and_cancels_open_tasks_and_reopening_needs_a_reason():
    colleague = worker()
    case = CaseFactory(team=[colleague])
    lead = case.lead_worker
    open_task = services.task_create(case=case, acting_user=lead, title="Book interpreter", owner=colleague,
                                     due_on=today())
    done_task = services.task_create(case=case, acting_user=lead, title="Call GP", owner=lead, due_on=today())
    services.task_complete(task=done_task, acting_user=lead)

    with pytest.raises(ValidationError, match="Choose the outcome"):
        services.case_close(case=case, acting_user=lead, outcome="", closed_on=today())
    with pytest.raises(ValidationError, match="cannot close before it opened"):
        services.case_close(case=case, acting_user=lead, outcome="disengaged", closed_on=days_ago(30))
    services.case_close(case=case, acting_user=lead, outcome="disengaged", closed_on=today())
    reload(case)
    assert case.status == CaseStatus.CLOSED and case.outcome == "disengaged" and case.closed_on == today()
    open_task.refresh_from_db()
    done_task.refresh_from_db()
    assert open_task.status == TaskStatus.CANCELLED and done_task.status == TaskStatus.DONE

    # A closed case takes no new work until it is reopened.
    with pytest.raises(ValidationError, match="The case is closed"):
        screen(case)
    with pytest.raises(ValidationError, match="The case is closed"):
        services.case_close(case=case, acting_user=lead, outcome="other", closed_on=today())

    with pytest.raises(ValidationError, match="Enter why the case is being reopened"):
        services.case_reopen(case=case, acting_user=lead, reason=" ")
    services.case_reopen(case=case, acting_user=lead, reason="Returned to the area and re-engaged")
    reload(case)
    assert case.status == CaseStatus.OPEN and case.outcome == "" and case.closed_on is None
    with pytest.raises(ValidationError, match="already open"):
        services.case_reopen(case=case, acting_user=lead, reason="again")
    assert [e.kind for e in case.events.order_by("occurred_at", "id")][-2:] == ["case.close", "case.reopen"]


# --- The child route -------------------------------------------------------------------------------


def test_children_do_not_give_consent_and_never_have_a_duty_to_notify():
    case = child_case()
    screen(case)
    assert reload(case).stage == CaseStage.NRM_DUE
    with pytest.raises(ValidationError, match="Children do not give consent"):
        consent(case, True)
    with pytest.raises(ValidationError, match="Children do not give consent"):
        consent(case, False, reason="Does not want to")
    with pytest.raises(ValidationError, match="Duty to Notify is never used for children"):
        refer(case, ReferralKind.DUTY_TO_NOTIFY)
    assert not case.consents.exists()

    referral = refer(case, ReferralKind.NRM, on=today())
    reload(case)
    assert referral.pk and case.stage == CaseStage.REFERRED and case.nrm_referred_on == today()
    assert case.rg_expected_by == rules.rg_expected_by(today())


def test_referral_kinds_follow_the_route():
    adult, child = CaseFactory(), child_case()
    with pytest.raises(ValidationError, match="children's social care referral for a child"):
        refer(child, ReferralKind.ADULT_SAFEGUARDING)
    for kind in (ReferralKind.CHILDRENS_SOCIAL_CARE, ReferralKind.ICTG):
        with pytest.raises(ValidationError, match="for children only"):
            refer(adult, kind)
        assert refer(child, kind, to_organisation="Sandwell MASH").kind == kind
    assert refer(adult, ReferralKind.ADULT_SAFEGUARDING).kind == ReferralKind.ADULT_SAFEGUARDING
    assert reload(adult).stage == CaseStage.SCREENING and reload(child).stage == CaseStage.SCREENING


def test_age_uncertain_case_becomes_adult_after_age_assessment():
    case = CaseFactory(route=Route.AGE_UNCERTAIN)
    screen(case)
    assert reload(case).stage == CaseStage.NRM_DUE  # treated as a child until assessed
    with pytest.raises(ValidationError, match="Children do not give consent"):
        consent(case, True)

    services.age_assessment_record(case=case, acting_user=case.lead_worker, assessed_on=days_ago(3),
                                   assessed_by="Sandwell Children's Trust", outcome="adult")
    reload(case)
    assert case.route == Route.ADULT and case.stage == CaseStage.AWAITING_CONSENT
    assert case.events.filter(summary__startswith="Age assessment: assessed as an adult").exists()
    # Now an adult: consent is asked and the referral needs it.
    with pytest.raises(ValidationError, match="informed consent"):
        refer(case)
    consent(case, True)
    assert reload(case).stage == CaseStage.NRM_DUE
    # Age can be assessed on any route: an adult whose age is disputed is found to be a child.
    adult = CaseFactory()
    services.age_assessment_record(case=adult, acting_user=adult.lead_worker, assessed_on=days_ago(1),
                                   assessed_by="Again", outcome="child")
    assert reload(adult).route == Route.CHILD


def test_age_uncertain_case_assessed_as_a_child_stays_on_the_child_route():
    case = CaseFactory(route=Route.AGE_UNCERTAIN)
    screen(case)
    services.age_assessment_record(case=case, acting_user=case.lead_worker, assessed_on=days_ago(3),
                                   assessed_by="Sandwell Children's Trust", outcome="child")
    reload(case)
    assert case.route == Route.CHILD and case.stage == CaseStage.NRM_DUE


def test_only_first_responder_organisations_make_nrm_and_duty_to_notify_referrals():
    clinic = NonResponderAgencyFactory()
    case = CaseFactory()
    screen(case)
    consent(case, True)
    with pytest.raises(ValidationError, match="is not a first responder organisation"):
        refer(case, ReferralKind.NRM, made_by_agency=clinic)
    assert reload(case).stage == CaseStage.NRM_DUE and case.nrm_referred_on is None

    refused = CaseFactory()
    screen(refused)
    consent(refused, False, reason="Scared")
    with pytest.raises(ValidationError, match="is not a first responder organisation"):
        refer(refused, ReferralKind.DUTY_TO_NOTIFY, made_by_agency=clinic)

    # A worker of a non first responder agency, referring for their own agency, is refused too.
    nurse = worker(agency=clinic)
    services.case_add_member(case=case, acting_user=case.lead_worker, user=nurse)
    with pytest.raises(ValidationError, match="is not a first responder organisation"):
        services.referral_record(case=case, acting_user=nurse, kind=ReferralKind.NRM, made_on=days_ago(1))
    # Other referrals need no first responder.
    assert refer(case, ReferralKind.ADULT_SAFEGUARDING, made_by_agency=clinic).made_by_agency == clinic


def test_referral_dates_are_checked():
    case = CaseFactory()
    with pytest.raises(ValidationError, match="today or in the past"):
        refer(case, ReferralKind.ADULT_SAFEGUARDING, on=today() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="long before the case was opened"):
        refer(case, ReferralKind.ADULT_SAFEGUARDING, on=case.opened_on - datetime.timedelta(days=400))


def test_only_the_team_or_oversight_may_write_to_a_case():
    case = CaseFactory()
    outsider = worker()
    for call in (
        lambda: services.screening_record(case=case, acting_user=outsider, indicators_found=[], evidence="",
                                          judgement="x", conclusion="likely", screened_on=today()),
        lambda: services.note_add(case=case, acting_user=outsider, body="x"),
        lambda: services.case_close(case=case, acting_user=outsider, outcome="other", closed_on=today()),
        lambda: services.referral_record(case=case, acting_user=outsider, kind="nrm", made_on=today()),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not CaseEvent.objects.filter(case=case).exists()


def test_every_step_is_audited_with_its_actor():
    case = CaseFactory()
    screen(case)
    consent(case, True)
    refer(case)
    actions = set(AuditEntry.objects.filter(actor=case.lead_worker).values_list("action", flat=True))
    assert {"case.screening", "case.consent", "case.referral"} <= actions
    referral = AuditEntry.objects.get(action="case.referral")
    assert referral.changes["kind"] == "nrm" and referral.target_label == case.reference


# --- The same journey through the pages -------------------------------------------------------------


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_adult_journey_through_the_case_pages():
    case = CaseFactory(opened_on=days_ago(20))
    client = verified_client(case.lead_worker)
    base = f"/cases/{case.reference}"
    assert "screen the person against the indicators" in page(client, f"{base}/")

    screening_form = page(client, f"{base}/screening/")
    assert "signs.grooming" not in screening_form and "ilo.debt" in screening_form  # adult: no grooming sign
    response = client.post(f"{base}/screening/", {"indicators": ["ilo.debt", "ilo.wages"], "evidence": "Pay kept",
                                                  "judgement": "Consistent account", "conclusion": "likely",
                                                  **date_fields("screened_on", days_ago(15))})
    assert response["Location"] == f"{base}/"
    assert "explain the National Referral Mechanism and ask for their informed consent" in page(client, f"{base}/")

    refused = client.post(f"{base}/consent/", {"given": "no", "language": "Romanian",
                                               **date_fields("explained_on", days_ago(14))})
    assert "Enter the reason they gave for not consenting" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()
    response = client.post(f"{base}/consent/", {"given": "yes", "language": "Romanian", "interpreter_used": "on",
                                                **date_fields("explained_on", days_ago(14))})
    assert response.status_code == 302
    detail = page(client, f"{base}/")
    assert "they have consented" in detail and "Consented to an NRM referral" in detail

    clinic = NonResponderAgencyFactory()
    refused = client.post(f"{base}/referrals/new/", {"kind": "nrm", "made_by_agency": clinic.pk,
                                                     **date_fields("made_on", days_ago(12))})
    assert "is not a first responder organisation" in refused.content.decode()
    assert "made_by_agency" in page(client, f"{base}/referrals/new/?kind=nrm")
    response = client.post(f"{base}/referrals/new/", {"kind": "nrm", "made_by_agency": case.lead_agency.pk,
                                                      "external_reference": "NRM654321",
                                                      **date_fields("made_on", days_ago(12))})
    assert response.status_code == 302
    reload(case)
    detail = page(client, f"{base}/")
    assert "Waiting for the reasonable grounds decision" in detail and "NRM654321" in detail
    assert "referred 12 days ago" in detail
    assert case.rg_expected_by.strftime("%-d %B %Y") in detail
    assert "Overdue" in detail  # five working days have passed without a decision

    early = client.post(f"{base}/decisions/new/", {"kind": "rg", "positive": "yes", "competent_authority": "sca",
                                                   **date_fields("decided_on", days_ago(13))})
    assert "A decision cannot be dated before the referral" in early.content.decode()
    client.post(f"{base}/decisions/new/", {"kind": "rg", "positive": "yes", "competent_authority": "sca",
                                           **date_fields("decided_on", days_ago(5))})
    detail = page(client, f"{base}/")
    recovery_end = (days_ago(5) + datetime.timedelta(days=30)).strftime("%-d %B %Y")
    assert f"until at least {recovery_end}" in detail and "Overdue" not in detail
    assert "Waiting for the conclusive grounds decision for 5 days" in detail

    unconfirmed = client.post(f"{base}/decisions/new/", {"kind": "cg", "positive": "yes", "competent_authority": "sca",
                                                         **date_fields("decided_on", days_ago(1))})
    assert f"The recovery period runs to {recovery_end}: select why" in unconfirmed.content.decode()
    assert reload(case).stage == CaseStage.RECOVERY
    client.post(f"{base}/decisions/new/", {"kind": "cg", "positive": "yes", "competent_authority": "sca",
                                           "early_reason": "person_asked", **date_fields("decided_on", days_ago(1))})
    move_on_end = (days_ago(1) + datetime.timedelta(days=45)).strftime("%-d %B %Y")
    assert f"Move-on support</strong> until at least {move_on_end}" in page(client, f"{base}/")

    no_outcome = client.post(f"{base}/close/", date_fields("closed_on", today()))
    assert "Select the outcome" in no_outcome.content.decode()
    client.post(f"{base}/close/", {"outcome": "moved_on", **date_fields("closed_on", today())})
    detail = page(client, f"{base}/")
    assert "Supported and moved on" in detail and "Reopen the case" in detail
    assert reload(case).status == CaseStatus.CLOSED

    no_reason = client.post(f"{base}/reopen/", {"reason": ""})
    assert "Enter the reason" in no_reason.content.decode()
    client.post(f"{base}/reopen/", {"reason": "New exploitation reported"})
    assert reload(case).status == CaseStatus.OPEN


def test_child_consent_page_refuses_with_a_clear_error():
    case = child_case()
    client = verified_client(case.lead_worker)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Record consent decision" not in detail and "Duty to Notify pack" not in detail
    response = client.post(f"/cases/{case.reference}/consent/", {"given": "yes", "language": "English",
                                                                 **date_fields("explained_on", days_ago(1))},
                           follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/cases/{case.reference}/"
    assert "Children do not give consent: every child is referred to the NRM." in html
    assert not case.consents.exists()
    dtn = client.post(f"/cases/{case.reference}/referrals/new/", {"kind": "dtn", "made_by_agency": case.lead_agency.pk,
                                                                  **date_fields("made_on", days_ago(1))})
    assert "The Duty to Notify is never used for children" in dtn.content.decode()
    assert not case.referrals.exists()


def test_child_case_is_overdue_until_the_nrm_referral_is_made():
    case = child_case()
    client = verified_client(case.lead_worker)
    assert "Overdue" in page(client, f"/cases/{case.reference}/")
    screen(case)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Overdue" in detail and "A child must be referred to the NRM." in detail and "No consent is needed" in detail
    response = client.post(f"/cases/{case.reference}/referrals/new/",
                           {"kind": "nrm", "made_by_agency": case.lead_agency.pk, **date_fields("made_on", today())})
    assert response.status_code == 302
    assert "Overdue" not in page(client, f"/cases/{case.reference}/")


def test_an_adult_case_waiting_for_consent_is_not_overdue():
    case = CaseFactory()
    screen(case)
    assert "Overdue" not in page(verified_client(case.lead_worker), f"/cases/{case.reference}/")


def test_age_assessment_page_moves_an_uncertain_case_to_the_adult_route():
    case = CaseFactory(route=Route.AGE_UNCERTAIN)
    screen(case)
    client = verified_client(case.lead_worker)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Record an age assessment" in detail and "Record consent decision" not in detail
    response = client.post(f"/cases/{case.reference}/age-assessment/", {
        "assessed_by": "Sandwell Children's Trust", "outcome": "adult", **date_fields("assessed_on", days_ago(1))})
    assert response.status_code == 302
    reload(case)
    assert case.route == Route.ADULT and case.stage == CaseStage.AWAITING_CONSENT
    detail = page(client, f"/cases/{case.reference}/")
    assert "Record consent decision" in detail and "Record an age assessment" not in detail


def test_missing_episodes_are_recorded_for_children():
    case = child_case()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/missing/", {
        **date_fields("went_missing_on", days_ago(5)), **date_fields("returned_on", days_ago(3))})
    assert response.status_code == 302
    detail = page(client, f"/cases/{case.reference}/")
    assert "No return-home interview" in detail
    backwards = client.post(f"/cases/{case.reference}/missing/", {
        **date_fields("went_missing_on", days_ago(3)), **date_fields("returned_on", days_ago(5))})
    assert "The return date must be on or after the date they went missing" in backwards.content.decode()
    assert case.missing_episodes.count() == 1


def test_screening_records_evidence_for_each_indicator_encrypted():
    from django.db import connection

    case = CaseFactory()
    client = verified_client(case.lead_worker)
    form = client.get(f"/cases/{case.reference}/screening/").content.decode()
    assert 'name="evidence__ilo__documents"' in form
    response = client.post(f"/cases/{case.reference}/screening/", {
        "indicators": ["ilo.documents", "signs.unusual_travel"],
        "evidence__ilo__documents": "Employer keeps her passport in the office safe",
        "evidence__signs__unusual_travel": "",
        "evidence__ilo__wages": "Not ticked, so not kept",
        "judgement": "Strong indicators of forced labour", "conclusion": "likely",
        **date_fields("screened_on", days_ago(1)),
    })
    assert response.status_code == 302
    screening = case.screenings.get()
    assert screening.evidence_for() == {"ilo.documents": "Employer keeps her passport in the office safe"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indicator_evidence FROM cases_screening WHERE id = %s", [screening.pk])
        assert "passport" not in cursor.fetchone()[0]
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Retention of identity documents" in page and "Employer keeps her passport in the office safe" in page
    assert "No evidence recorded" in page  # the unusual travel times indicator
