"""Every question of the Home Office NRM form has a home in Lantern, and the pack says what Lantern holds.

The proof walks the form's own field list; the rest drive the referral questions step, the lists, the
case page and the pack as a case worker would, and check what a referrer would notice.
"""

import csv
import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import NoReverseMatch, reverse

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import nrm_form, selectors, services
from lantern.cases.models import Case, ConcernStatus, Gender, NrmListEntry, ReferralQuestions, Route
from lantern.cases.tests.factories import (
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    days_ago,
    worker,
)
from lantern.partnership.models import Partnership
from tests.support import verified_client

pytestmark = pytest.mark.django_db

SHARED_CSV = nrm_form.FIELDS_CSV


def answers(case, kind="nrm", user=None):
    sections = selectors.nrm_completeness(case=case, user=user or case.lead_worker, kind=kind)
    return {a.row.field: a.answer for s in sections for a in s.answers}


def consented(case):
    services.consent_record(case=case, acting_user=case.lead_worker, given=True, explained_on=days_ago(1),
                            language="English", interpreter_used=False)
    return case


# --- The proof -----------------------------------------------------------------------------------


def test_every_question_of_the_form_has_a_source_and_a_step_to_capture_it():
    with SHARED_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 156
    case = CaseFactory()
    for row in rows:
        source = nrm_form.SOURCES.get(row["field"])
        assert source is not None, f"{row['field']} has neither a captured source nor a referral-step answer"
        assert source.held_in and source.step in nrm_form.STEP_NAMES, row["field"]
        try:
            assert source.url(case).startswith("/")
        except NoReverseMatch:  # pragma: no cover - the failure message names the field
            pytest.fail(f"{row['field']}: its step {source.step} is not a page")
    # The four rows not reached from the start of the form have homes too.
    for field in ("what-happened", "more-than-one-exploitation-situation", "why-are-you-making-the-referral",
                  "why-they-stayed"):
        assert nrm_form.SOURCES[field].step == nrm_form.QUESTIONS
    assert nrm_form.unmapped_fields() == []


def test_every_condition_of_the_form_is_understood_for_each_route_and_form():
    """Each show-when rule of the CSV parses and evaluates, on an adult's referral and Duty to Notify and a child's."""
    adult = consented(CaseFactory())
    child = child_case()
    for case, kind in ((adult, "nrm"), (adult, "dtn"), (child, "nrm")):
        facts = selectors.nrm_facts(case=case, user=case.lead_worker, kind=kind)
        for row in nrm_form.form_rows():
            nrm_form.applies(row, facts)
            nrm_form.applies(row, facts, permissive=True)


def test_the_demo_fullest_adult_pack_answers_every_question_that_applies():
    call_command("seed_demo", stdout=StringIO())
    case = ReferralQuestions.objects.get().case  # only the fullest demo case has the referral questions answered
    assert case.route == Route.ADULT and case.referrals.filter(kind="nrm").exists()
    sections = selectors.nrm_completeness(case=case, user=case.lead_worker, kind="nrm")
    assert {s.title: (s.answered, s.total) for s in sections} == {
        "About the referral": (5, 5), "What happened": (14, 14), "The situation now": (5, 5),
        "Reporting and assessment": (9, 9), "Where and who": (12, 12), "Exploitation and risk": (15, 15),
        "Police and consent": (6, 6), "About the person": (17, 17), "Contact and the decision letter": (9, 9),
        "First responder and evidence": (7, 7),
    }
    given = answers(case)
    assert given["where-exploitation-happened-overseas-country-1"] == "Romania"
    assert given["where-exploitation-happened-uk-city-2"] == "West Bromwich"
    assert given["user-organisation"] == "Sandwell Metropolitan Borough Council"
    assert given["reported-to-police-police-forces"] == "West Midlands Police"
    assert given["fr-location"] == "England"

    out = StringIO()
    call_command("nrm_coverage", stdout=out)
    report = out.getvalue()
    assert "Questions of the form with a source in Lantern: 156 of 156" in report
    assert f"{case.reference} (NRM): 99 of 99 answered" in report
    assert "Mirela" not in report and "Dumitru" not in report  # references only


# --- What the pack says --------------------------------------------------------------------------


def test_an_unasked_question_is_not_answered_never_no():
    case = consented(CaseFactory(person=PersonFactory(interpreter_needed=None)))
    given = answers(case)
    assert given["pv-interpreter-requirements"] == ""
    assert given["pv-other-help-with-communication"] == "" and given["pv-ho-reference"] == ""
    assert given["reported-to-police"] == "" and given["pv-under-age-at-time-of-exploitation"] == ""
    html = verified_client(case.lead_worker).get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    assert "Not answered" in html


def test_gender_uses_the_forms_own_options():
    case = consented(CaseFactory(person=PersonFactory(gender=Gender.OTHER)))
    assert answers(case)["pv-gender"] == "They do not identify as male or female"
    unknown = consented(CaseFactory(person=PersonFactory(gender=Gender.UNKNOWN)))
    assert answers(unknown)["pv-gender"] == ""  # "not known" is no answer


def test_a_childs_sexual_exploitation_is_child_sexual_exploitation_and_an_adults_is_asked():
    child = child_case(types=["sexual"])
    given = answers(child)
    assert given["types-of-exploitation-child-exploitation"] == "Yes"
    assert given["types-of-exploitation-prostitution"] == "No"
    adult = consented(CaseFactory(types=["sexual"]))
    assert answers(adult)["types-of-exploitation-prostitution"] == ""


def test_the_organisation_is_the_referring_agencys_and_the_location_the_partnerships_country():
    Partnership.objects.create(name="Cardiff Partnership", country="wales")
    case = consented(CaseFactory())
    referrer = worker(Role.CASE_WORKER)
    services.case_add_member(case=case, acting_user=case.lead_worker, user=referrer)
    services.referral_record(case=case, acting_user=referrer, kind="nrm", made_on=days_ago(0),
                             first_responder_organisation="City of Cardiff Council")
    given = answers(case, user=referrer)
    assert given["user-organisation"] == "City of Cardiff Council"
    assert given["user-organisation"] != str(case.lead_agency)
    assert given["fr-location"] == "Wales"


def test_a_referral_refuses_an_organisation_not_on_the_forms_list():
    case = consented(CaseFactory())
    with pytest.raises(Exception, match="form's list"):
        services.referral_record(case=case, acting_user=case.lead_worker, kind="nrm", made_on=days_ago(0),
                                 first_responder_organisation="Not A Real Organisation")


def test_a_duty_to_notify_names_the_person_only_when_they_agreed():
    anonymous = CaseFactory(person=PersonFactory(given_name="Mirela", family_name="Dumitru"))
    services.consent_record(case=anonymous, acting_user=anonymous.lead_worker, given=False, explained_on=days_ago(1),
                            language="English", interpreter_used=False, refusal_reason="Afraid",
                            share_details_for_dtn=False)
    assert "pv-name-first-name" not in answers(anonymous, kind="dtn")
    shared = CaseFactory(person=PersonFactory(given_name="Ana", family_name="Lupu"))
    services.consent_record(case=shared, acting_user=shared.lead_worker, given=False, explained_on=days_ago(1),
                            language="English", interpreter_used=False, refusal_reason="Afraid",
                            share_details_for_dtn=True)
    assert answers(shared, kind="dtn")["pv-name-first-name"] == "Ana"


def test_held_facts_flow_into_the_pack():
    case = consented(CaseFactory(person=PersonFactory(address_town="Oldbury")))
    services.support_add(case=case, acting_user=case.lead_worker, kind="health", provider="Sandwell GP",
                         started_on=days_ago(1))
    given = answers(case)
    assert "Sandwell GP" in given["are-others-involved-details"]
    assert given["current-pv-location-uk-city"] == "Oldbury"
    assert given["upload-file"] == "No documents on the case"
    assert given["does-pv-need-support"] == ""  # not asked yet: not answered, never "No"
    # What happened: the concerns' accounts until the worker writes their own; support wanted: a victim care referral.
    ConcernFactory(case=case, status=ConcernStatus.LINKED, what_seen="Paid nothing at a car wash for months.")
    services.referral_record(case=case, acting_user=case.lead_worker, kind="victim_care", made_on=days_ago(1),
                             to_organisation="The Salvation Army")
    given = answers(case)
    assert "Paid nothing at a car wash for months." in given["what-happened"]
    assert given["does-pv-need-support"] == "Yes"
    services.referral_questions_save(case=case, acting_user=case.lead_worker, what_happened="In the worker's words.")
    assert answers(case)["what-happened"] == "In the worker's words."
    child = child_case()
    services.referral_record(case=child, acting_user=child.lead_worker, kind="childrens_social_care",
                             made_on=days_ago(1), to_organisation="Sandwell MASH")
    assert answers(child)["local-authority-contacted-about-child-local-authority-name"] == "Sandwell MASH"


# --- The referral questions step -----------------------------------------------------------------


def test_the_step_asks_only_what_is_missing_section_by_section_and_saves_with_an_audit_entry():
    case = consented(CaseFactory())
    services.screening_record(case=case, acting_user=case.lead_worker, indicators_found=["ilo.debt"], evidence="",
                              judgement="Credible", conclusion="likely", screened_on=days_ago(1))
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/referral-questions/"
    overview = client.get(url).content.decode()
    assert 'name="birthplace"' not in overview  # the overview asks nothing itself: each section is its own page
    assert f'href="{url}what-happened/"' in overview and f'href="{url}police-and-consent/"' in overview
    happened = client.get(url + "what-happened/").content.decode()
    assert 'name="birthplace"' in happened and 'name="police_force"' not in happened
    assert 'name="police_force"' in client.get(url + "police-and-consent/").content.decode()
    assert 'name="interview_details"' in client.get(url + "reporting-and-assessment/").content.decode()
    assert 'name="professional_insight"' not in client.get(url + "reporting-and-assessment/").content.decode()
    # An adult's case: the child's local authority questions are not asked.
    assert 'name="local_authority"' not in client.get(url + "about-the-referral/").content.decode()
    response = client.post(url + "what-happened/", {"birthplace": "Constanta"})
    assert response.status_code == 302 and response["Location"] == url
    assert client.post(url + "about-the-referral/", {"under_18_during_exploitation": "yes"}).status_code == 302
    assert client.post(url + "police-and-consent/", {"police_force": "West Midlands Police",
                                                     "crime_reference": "20/1/23"}).status_code == 302
    assert client.post(url + "exploitation-and-risk/", {"exploitation_checks": ["forced-to-work"]}).status_code == 302
    case.refresh_from_db()
    assert case.referral_questions.birthplace == "Constanta"  # kept when the other sections were saved
    assert (case.under_18_during_exploitation, case.child_at_exploitation) == ("yes", True)
    assert case.police_force == "West Midlands Police"
    assert case.referral_questions.exploitation_checks == ["forced-to-work"]
    entries = AuditEntry.objects.filter(action="referral_questions.update")
    assert entries.count() == 4
    assert not any("Constanta" in str(entry.changes) for entry in entries)  # encrypted answers stay out of the trail
    with connection.cursor() as cursor:
        cursor.execute("SELECT birthplace FROM cases_referralquestions")
        assert "Constanta" not in cursor.fetchone()[0]
    assert answers(case)["reported-to-police-crime-reference"] == "20/1/23"
    # Answered "not sure": the statistics' flag is not known.
    client.post(url + "about-the-referral/", {"under_18_during_exploitation": "not_sure"})
    case.refresh_from_db()
    assert (case.under_18_during_exploitation, case.child_at_exploitation) == ("not_sure", None)


def test_the_overview_counts_each_sections_answers_and_the_pack_links_to_the_section():
    case = consented(CaseFactory())
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/referral-questions/"
    facts = selectors.nrm_facts(case=case, user=case.lead_worker)
    before = {s.slug: s for s in nrm_form.step_sections(facts, nrm_form.form_sections(facts))}
    assert list(before)[:2] == ["about-the-referral", "what-happened"]  # the form's order
    assert "where-and-who" in before and before["what-happened"].answered == 0
    assert not before["what-happened"].complete
    client.post(url + "what-happened/", {"birthplace": "Constanta", "family": "Two brothers"})
    case = Case.objects.get(pk=case.pk)
    facts = selectors.nrm_facts(case=case, user=case.lead_worker)
    after = {s.slug: s for s in nrm_form.step_sections(facts, nrm_form.form_sections(facts))}
    assert after["what-happened"].answered == 2 and after["what-happened"].total == before["what-happened"].total
    page = client.get(url).content.decode()
    assert f"2 of {after['what-happened'].total} answered here" in page and "Incomplete" in page
    pack = client.get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    assert f'href="{url}what-happened/"' in pack  # what is still to ask links to the section that asks it
    assert client.post(url, {"birthplace": "Iasi"}).status_code == 405  # the overview saves nothing


def test_an_unknown_section_is_not_found_and_one_with_nothing_to_ask_sends_back_to_the_case(monkeypatch):
    case = consented(CaseFactory())
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/referral-questions/"
    assert client.get(url + "no-such-section/").status_code == 404
    # When the case's other steps answer everything a section would ask (as for a section whose
    # questions do not apply), its page sends the worker back to the case and saves nothing.
    monkeypatch.setattr(nrm_form, "asked_by_section", lambda facts: {"Where and who": ["current_region"]})
    response = client.get(url + "what-happened/", follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.reference}/"
    assert "Every question in “What happened” is answered from the case" in response.content.decode()
    assert client.post(url + "what-happened/", {"birthplace": "X"}).status_code == 302
    assert not ReferralQuestions.objects.exists()
    assert client.get(url + "where-and-who/").status_code == 200


def test_the_step_refuses_a_police_force_not_on_the_list_and_keeps_the_answers():
    case = consented(CaseFactory())
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/referral-questions/police-and-consent/",
                           {"crime_reference": "20/1/23", "police_force": "Gotham Police"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "20/1/23" in html
    assert not ReferralQuestions.objects.exists()


def test_the_step_and_its_lists_are_refused_to_those_off_the_case():
    case = consented(CaseFactory())
    outsider = verified_client(worker())
    assert outsider.get(f"/cases/{case.reference}/referral-questions/").status_code == 404
    assert outsider.post(f"/cases/{case.reference}/referral-questions/uk-place/new/",
                         {"town": "Oldbury"}).status_code == 404
    responder = verified_client(worker(Role.FIRST_RESPONDER))
    assert responder.get(f"/cases/{case.reference}/referral-questions/").status_code == 404
    for section in nrm_form.SECTION_TITLES:  # every section, and one that does not exist, alike
        assert outsider.get(f"/cases/{case.reference}/referral-questions/{section}/").status_code == 404
        assert outsider.post(f"/cases/{case.reference}/referral-questions/{section}/",
                             {"birthplace": "X"}).status_code == 404
    assert outsider.get(f"/cases/{case.reference}/referral-questions/no-such-section/").status_code == 404
    assert not NrmListEntry.objects.exists()
    entry = services.nrm_entry_add(case=case, acting_user=case.lead_worker, kind="journey", details="By lorry")
    assert outsider.post(f"/cases/{case.reference}/referral-questions/entries/{entry.pk}/remove/").status_code == 404
    assert NrmListEntry.objects.filter(pk=entry.pk).exists()


def test_a_worker_lists_two_situations_one_overseas_and_removes_a_mistake():
    case = consented(CaseFactory())
    client = verified_client(case.lead_worker)
    base = f"/cases/{case.reference}/referral-questions/"
    assert client.post(base + "overseas-place/new/", {"country": "GB"}).status_code == 200  # the UK is not overseas
    assert client.post(base + "overseas-place/new/", {"country": "RO", "details": "Farm"}).status_code == 302
    assert client.post(base + "uk-place/new/", {"town": "Oldbury", "details": "Car wash"}).status_code == 302
    assert client.post(base + "exploiter/new/", {"details": "Sorin", "location_known": "no",
                                                 "location": "Oldbury"}).status_code == 200  # not known, yet given
    client.post(base + "exploiter/new/", {"details": "Sorin", "location_known": "yes", "in_uk": "yes",
                                          "location": "Oldbury"})
    given = answers(case)
    assert given["where-exploitation-happened"] == "UK and overseas"
    assert given["where-exploitation-happened-overseas-country-1"] == "Romania"
    assert given["where-exploitation-happened-uk-city-1"] == "Oldbury"
    assert (given["exploiters-location"], given["are-exploiters-in-the-uk"]) == ("Yes", "Yes")
    assert "where-exploitation-happened-uk-city-2" not in given  # an unfilled slot is not asked
    page = client.get(base).content.decode()
    assert "Romania" in page and "Oldbury" in page
    mistake = NrmListEntry.objects.get(kind="uk_place")
    assert client.post(base + f"entries/{mistake.pk}/remove/").status_code == 302
    assert not NrmListEntry.objects.filter(pk=mistake.pk).exists()
    assert AuditEntry.objects.filter(action="nrm_list.remove").exists()
    other = consented(CaseFactory(lead_worker=case.lead_worker))
    kept = NrmListEntry.objects.get(kind="overseas_place")
    assert client.post(f"/cases/{other.reference}/referral-questions/entries/{kept.pk}/remove/").status_code == 404


def test_the_case_page_shows_completeness_by_section_with_links():
    case = consented(CaseFactory())
    html = verified_client(case.lead_worker).get(f"/cases/{case.reference}/").content.decode()
    assert "The Home Office referral form" in html
    assert "About the referral" in html and "First responder and evidence" in html
    assert reverse("cases:case-referral-questions", args=[case.reference]) in html
    assert reverse("accounts:profile") in html  # the first responder's phone is unanswered


def test_the_person_page_captures_the_structured_address_and_nationality():
    case = consented(CaseFactory())
    services.referral_questions_save(case=case, acting_user=case.lead_worker, letter_recipient="potential-victim")
    client = verified_client(case.lead_worker)
    data = {"given_name": "Ana", "family_name": "Lupu", "known_as": "", "gender": "female", "nationality": "Romanian",
            "second_nationality": "Moldovan", "language": "Romanian", "interpreter_needed": "yes",
            "communication_aid_needed": "no", "communication_aid": "", "ho_reference_held": "yes",
            "ho_references": "Asylum reference L1234567", "phone": "", "email": "ana@example.org",
            "address_street": "14 Victoria Road", "address_town": "West Bromwich", "address_county": "",
            "address_postcode": "B70 8QA", "contact_methods": ["post"], "email_safe": "", "post_safe": "yes",
            "safe_contact": ""}
    assert client.post(f"/cases/{case.reference}/person/", {**data, "nationality": "Martian"}).status_code == 200
    assert client.post(f"/cases/{case.reference}/person/", data).status_code == 302
    given = answers(Case.objects.get(pk=case.pk))
    assert given["pv-contact-details-postcode"] == "B70 8QA" and given["pv-contact-details-town"] == "West Bromwich"
    assert given["pv-nationality-second"] == "Moldovan" and given["pv-ho-reference-type"] == "Asylum reference L1234567"
    assert given["pv-contact-details-post-check"] == "Yes"
    assert given["pv-interpreter-requirements"] == "Yes"


def test_a_first_responder_edits_their_own_work_details_for_the_pack():
    me = worker(full_name="Daniel Okafor")
    client = verified_client(me)
    response = client.post("/account/profile/", {"job_title": "Social worker", "phone": "0121 569 2200",
                                                 "alternative_contact": "Duty line 0121 569 2201"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "0121 569 2200"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [me.pk])
        assert "569" not in cursor.fetchone()[0]
    case = consented(CaseFactory(lead_worker=me))
    given = answers(case)
    assert (given["fr-details-phone"], given["fr-alternative-contact"]) == ("0121 569 2200", "Duty line 0121 569 2201")
    assert AuditEntry.objects.filter(action="user.profile", actor=me).exists()


def test_the_existing_single_address_is_split_sensibly():
    migration = importlib.import_module("lantern.cases.migrations.0016_nrm_form_questions")
    assert migration.split_address("Flat 2, 14 Victoria Road\nWest Bromwich\nB70 8QA") == \
        ("Flat 2, 14 Victoria Road", "West Bromwich", "B70 8QA")
    assert migration.split_address("14 Victoria Road, Oldbury, b69 4ea") == ("14 Victoria Road", "Oldbury", "B69 4EA")
    assert migration.split_address("Behind the car wash") == ("Behind the car wash", "", "")
