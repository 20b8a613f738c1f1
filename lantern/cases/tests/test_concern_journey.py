"""Raising a concern, step by step, as a first responder would (GOV.UK question pages)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from lantern.accounts.capabilities import Role
from lantern.cases import services
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.cases.tests.factories import ConcernFactory, date_fields, days_ago, today, worker
from lantern.core.references import reference_is_valid
from lantern.partnership.models import Area
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

WHO = {
    "person_name": "Ioana Marin",
    "person_description": "Short dark hair, green work fleece",
    "approximate_age": "24",
    "gender": "female",
    "nationality": "Romanian",
    "language": "Romanian",
    "interpreter_needed": "on",
}
WHAT_SEEN = "She told me she sleeps at the car wash and her boss keeps her passport."


@pytest.fixture
def responder():
    return worker(Role.FIRST_RESPONDER, full_name="Amira Khan")


@pytest.fixture
def fr_client(responder):
    return verified_client(responder)


@pytest.fixture
def triagers():
    """Who is told about a new concern: SHOP coordinators and programme managers, nobody else."""
    return [worker(Role.SHOP_COORDINATOR), worker(Role.PROGRAMME_MANAGER)]


@pytest.fixture
def ward():
    return Area.objects.create(name="Tipton Green")


def start(client) -> Concern:
    response = client.post("/concerns/new/")
    concern = Concern.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == f"/concerns/{concern.reference}/danger/"
    return concern


def step(client, concern, name, data, *, expect_next):
    response = client.post(f"/concerns/{concern.reference}/{name}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/concerns/{concern.reference}/{expect_next}/"
    concern.refresh_from_db()
    return response


def fill_in(client, concern, ward=None, *, danger="no"):
    step(client, concern, "danger", {"immediate_danger": danger},
         expect_next="call-999" if danger == "yes" else "what")
    step(client, concern, "what", {"what_seen": WHAT_SEEN, **date_fields("seen_on", days_ago(2))}, expect_next="where")
    step(client, concern, "where", {"area": ward.pk if ward else "", "premises_type": "car_wash",
                                    "address": "Unit 4, Owen Street"}, expect_next="who")
    step(client, concern, "who", WHO, expect_next="signs")
    step(client, concern, "signs", {"indicators": ["signs.living_conditions", "ilo.documents"]},
         expect_next="exploitation")
    step(client, concern, "exploitation", {"exploitation_types": ["labour", "domestic_servitude"]},
         expect_next="check")


def error_page(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "There is a problem" in html
    return html


# --- Starting and stepping through ------------------------------------------------


def test_start_page_warns_to_call_999_and_start_creates_a_draft_with_a_reference(fr_client, responder):
    page = fr_client.get("/concerns/new/").content.decode()
    assert "If someone is in immediate danger, call 999 now." in page

    concern = start(fr_client)
    assert re.fullmatch(r"MS-[2-9A-Z]{4}-[2-9A-Z]{3}", concern.reference)
    assert reference_is_valid(concern.reference, prefix="MS")
    assert concern.status == ConcernStatus.DRAFT
    assert concern.raised_by == responder and concern.raised_by_agency == responder.agency
    assert concern.indicator_set_version == "2026.1"
    # The draft is offered to carry on later.
    assert concern.reference in fr_client.get("/concerns/new/").content.decode()


def test_each_step_saves_its_answers_and_moves_to_the_next(fr_client, ward):
    concern = start(fr_client)
    first = fr_client.get(f"/concerns/{concern.reference}/danger/").content.decode()
    assert "Is anyone in immediate danger?" in first and "step 1 of 6" in first

    step(fr_client, concern, "danger", {"immediate_danger": "no"}, expect_next="what")
    assert concern.immediate_danger is False

    step(fr_client, concern, "what", {"what_seen": WHAT_SEEN, **date_fields("seen_on", days_ago(2))},
         expect_next="where")
    assert concern.what_seen == WHAT_SEEN and concern.seen_on == days_ago(2)

    step(fr_client, concern, "where", {"area": ward.pk, "premises_type": "car_wash", "address": "Unit 4, Owen Street"},
         expect_next="who")
    assert concern.area == ward and concern.premises_type == "car_wash" and concern.address == "Unit 4, Owen Street"

    step(fr_client, concern, "who", WHO, expect_next="signs")
    assert concern.person_name == "Ioana Marin" and concern.approximate_age == 24
    assert concern.gender == "female" and concern.interpreter_needed is True and concern.age_uncertain is False

    signs = fr_client.get(f"/concerns/{concern.reference}/signs/").content.decode()
    assert "Retention of identity documents" in signs and "step 5 of 6" in signs
    step(fr_client, concern, "signs", {"indicators": ["signs.living_conditions", "ilo.documents"]},
         expect_next="exploitation")
    assert concern.indicators == ["signs.living_conditions", "ilo.documents"]

    step(fr_client, concern, "exploitation", {"exploitation_types": ["labour", "domestic_servitude"]},
         expect_next="check")
    assert concern.exploitation_types == ["labour", "domestic_servitude"]
    assert concern.status == ConcernStatus.DRAFT


def test_a_step_shows_the_answer_already_given(fr_client, ward):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    page = fr_client.get(f"/concerns/{concern.reference}/who/").content.decode()
    assert 'value="Ioana Marin"' in page and 'value="24"' in page


def test_change_link_returns_to_check_answers(fr_client, ward):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    response = fr_client.post(f"/concerns/{concern.reference}/what/?change=1",
                              {"what_seen": "Corrected account.", **date_fields("seen_on", days_ago(3))})
    assert response["Location"] == f"/concerns/{concern.reference}/check/"
    concern.refresh_from_db()
    assert concern.what_seen == "Corrected account."


def test_an_unknown_step_is_not_found(fr_client):
    concern = start(fr_client)
    assert fr_client.get(f"/concerns/{concern.reference}/payment/").status_code == 404


# --- Immediate danger ----------------------------------------------------------------


def test_immediate_danger_shows_call_999_and_marks_the_concern_urgent(
    fr_client, ward, triagers, django_capture_on_commit_callbacks
):
    concern = start(fr_client)
    step(fr_client, concern, "danger", {"immediate_danger": "yes"}, expect_next="call-999")
    assert concern.immediate_danger is True

    page = fr_client.get(f"/concerns/{concern.reference}/call-999/").content.decode()
    assert "Call 999 now" in page and "<strong>urgent</strong>" in page
    assert f'href="/concerns/{concern.reference}/what/"' in page  # carry on when it is safe

    fill_in(fr_client, concern, ward, danger="yes")
    with django_capture_on_commit_callbacks(execute=True):
        fr_client.post(f"/concerns/{concern.reference}/check/")
    assert mail.outbox[0].subject.startswith("URGENT: ")
    confirmation = fr_client.get(f"/concerns/{concern.reference}/submitted/").content.decode()
    assert "<strong>urgent</strong>" in confirmation

    # Triage sees it first, tagged urgent.
    concern.refresh_from_db()
    calm = ConcernFactory(submitted_at=concern.submitted_at - datetime.timedelta(hours=1))
    listing = verified_client(triagers[0]).get("/concerns/").content.decode()
    assert "Urgent" in listing
    assert listing.index(concern.reference) < listing.index(calm.reference)


# --- Errors ------------------------------------------------------------------------------


def test_danger_question_must_be_answered(fr_client):
    concern = start(fr_client)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/danger/", {}))
    assert "Select yes if anyone is in immediate danger" in html


def test_what_was_seen_is_required(fr_client):
    concern = start(fr_client)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/what/",
                                     {"what_seen": "", **date_fields("seen_on", days_ago(1))}))
    assert "Enter what you saw or were told" in html
    concern.refresh_from_db()
    assert concern.what_seen == "" and concern.seen_on is None


def test_a_date_seen_in_the_future_is_refused_and_the_typed_answer_kept(fr_client):
    concern = start(fr_client)
    tomorrow = today() + datetime.timedelta(days=1)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/what/",
                                     {"what_seen": WHAT_SEEN, **date_fields("seen_on", tomorrow)}))
    assert "The date must be today or in the past" in html
    assert "her boss keeps her passport" in html  # what they typed is still there
    concern.refresh_from_db()
    assert concern.what_seen == "" and concern.seen_on is None  # nothing half-saved


def test_who_needs_a_name_or_description_and_an_age_or_uncertainty(fr_client):
    concern = start(fr_client)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/who/",
                                     {"gender": "male", "nationality": "Albanian", "language": "Albanian"}))
    assert "Enter their name or a description" in html
    assert "Enter their approximate age, or tick that you do not know if they are under 18" in html
    assert 'value="Albanian"' in html
    concern.refresh_from_db()
    assert concern.nationality == ""


def test_an_impossible_age_is_refused(fr_client):
    concern = start(fr_client)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/who/", {**WHO, "approximate_age": "150"}))
    assert "Age must be 120 or less" in html
    assert 'value="Ioana Marin"' in html and 'value="150"' in html
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/who/", {**WHO, "approximate_age": "twenty"}))
    assert "Enter the age as a number, like 25" in html


def test_a_description_and_not_knowing_the_age_is_enough(fr_client):
    concern = start(fr_client)
    step(fr_client, concern, "who", {"person_description": "Teenage boy, red hoodie", "age_uncertain": "on",
                                     "gender": "male"}, expect_next="signs")
    assert concern.age_uncertain is True and concern.approximate_age is None and concern.person_name == ""


def test_indicators_and_types_must_come_from_the_lists(fr_client):
    concern = start(fr_client)
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/signs/", {"indicators": ["made.up"]}))
    assert "made.up" not in Concern.objects.get(pk=concern.pk).indicators
    assert "Select a valid choice" in html
    with pytest.raises(Exception, match="Choose indicators from the list"):
        services.concern_update_draft(concern=concern, acting_user=concern.raised_by, indicators=["made.up"])
    with pytest.raises(Exception, match="Choose types from the list"):
        services.concern_update_draft(concern=concern, acting_user=concern.raised_by, exploitation_types=["piracy"])


# --- Check answers and submit ----------------------------------------------------------


def test_check_answers_lists_every_answer_with_a_change_link(fr_client, ward):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    html = fr_client.get(f"/concerns/{concern.reference}/check/").content.decode()
    assert "Check your answers before you submit" in html
    for answer in ("her boss keeps her passport", days_ago(2).strftime("%-d %B %Y"), "Tipton Green", "Hand car wash",
                   "Unit 4, Owen Street", "Ioana Marin", "Short dark hair", "24", "Female", "Romanian (needs an interpreter)",
                   "Poor living conditions; Retention of identity documents", "Labour; Domestic servitude"):
        assert answer in html, answer
    assert f"/concerns/{concern.reference}/who/?change=1" in html
    assert "Before you submit" not in html


def test_submitting_an_incomplete_concern_says_what_is_missing(fr_client):
    concern = start(fr_client)
    step(fr_client, concern, "danger", {"immediate_danger": "no"}, expect_next="what")
    html = error_page(fr_client.post(f"/concerns/{concern.reference}/check/"))
    assert "Before you submit, give what you saw or were told; a name or a description of the person; " \
           "their approximate age, or that it is not known." in html
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DRAFT and not mail.outbox


def test_submit_confirms_with_the_reference_and_tells_triage_without_personal_details(
    fr_client, responder, ward, triagers, django_capture_on_commit_callbacks
):
    bystander = worker(Role.CASE_WORKER)
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    with django_capture_on_commit_callbacks(execute=True):
        response = fr_client.post(f"/concerns/{concern.reference}/check/")
    assert response["Location"] == f"/concerns/{concern.reference}/submitted/"

    confirmation = fr_client.get(response["Location"]).content.decode()
    assert "Concern submitted" in confirmation and concern.reference in confirmation
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED and concern.submitted_at is not None
    own = fr_client.get("/concerns/").content.decode()
    assert concern.reference in own and "Waiting for triage" in own
    status = fr_client.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Waiting for triage" in status

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert set(email.to) == {u.email for u in triagers}
    assert responder.email not in email.to and bystander.email not in email.to
    assert concern.reference in email.subject and concern.reference in email.body
    assert not email.subject.startswith("URGENT")
    for personal in ("Ioana", "Marin", "passport", "Owen Street", "Romanian"):
        assert personal not in email.subject and personal not in email.body


def test_a_submitted_concern_can_no_longer_be_edited(fr_client, ward, django_capture_on_commit_callbacks):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    with django_capture_on_commit_callbacks(execute=True):
        fr_client.post(f"/concerns/{concern.reference}/check/")
    for path in ("danger/", "who/", "check/", "call-999/"):
        assert fr_client.get(f"/concerns/{concern.reference}/{path}").status_code == 404
    response = fr_client.post(f"/concerns/{concern.reference}/who/", {**WHO, "person_name": "Someone else"})
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.person_name == "Ioana Marin"
    with pytest.raises(PermissionDenied):
        services.concern_update_draft(concern=concern, acting_user=concern.raised_by, what_seen="changed")
    with pytest.raises(PermissionDenied):
        services.concern_submit(concern=concern, acting_user=concern.raised_by)


# --- Who may see what --------------------------------------------------------------------


def test_a_draft_belongs_only_to_the_person_raising_it(fr_client, ward):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    other = verified_client(worker(Role.FIRST_RESPONDER))
    for path in ("", "danger/", "what/", "who/", "check/", "call-999/", "submitted/"):
        assert other.get(f"/concerns/{concern.reference}/{path}").status_code == 404, path
    assert other.post(f"/concerns/{concern.reference}/check/").status_code == 404
    assert other.post(f"/concerns/{concern.reference}/who/", WHO).status_code == 404
    assert concern.reference not in other.get("/concerns/").content.decode()
    # Triage does not see drafts either.
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    assert coordinator.get(f"/concerns/{concern.reference}/").status_code == 404
    assert concern.reference not in coordinator.get("/concerns/").content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DRAFT


def test_roles_that_cannot_raise_concerns_cannot_start_one():
    for role in (Role.BOARD_VIEWER, Role.PROCUREMENT_OFFICER, Role.DATA_PROTECTION_OFFICER,
                 Role.SYSTEM_ADMINISTRATOR, Role.PROGRAMME_MANAGER):
        client = verified_client(make_user(role))
        assert client.post("/concerns/new/").status_code == 403, role
    assert not Concern.objects.exists()


def test_the_raiser_sees_the_status_but_not_the_triage_details_or_the_case(
    fr_client, ward, django_capture_on_commit_callbacks
):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    with django_capture_on_commit_callbacks(execute=True):
        fr_client.post(f"/concerns/{concern.reference}/check/")
    concern.refresh_from_db()
    coordinator = worker(Role.SHOP_COORDINATOR)
    case = services.concern_open_case(concern=concern, acting_user=coordinator, lead_worker=worker(),
                                      given_name="Ioana", family_name="Marin")

    html = fr_client.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Case opened" in html
    assert "only the modern slavery lead and the case team see the details" in html
    assert case.reference not in html
    assert "her boss keeps her passport" not in html and "Record triage decision" not in html
    assert fr_client.get(f"/cases/{case.reference}/").status_code == 404
    assert fr_client.get("/cases/").status_code == 403
    assert Case.objects.count() == 1


def test_the_raiser_does_not_see_the_reason_for_no_further_action(fr_client, ward,
                                                                    django_capture_on_commit_callbacks):
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    with django_capture_on_commit_callbacks(execute=True):
        fr_client.post(f"/concerns/{concern.reference}/check/")
    concern.refresh_from_db()
    services.concern_close(concern=concern, acting_user=worker(Role.SHOP_COORDINATOR),
                           outcome=ConcernStatus.NO_FURTHER_ACTION, reason="Known to police, already safeguarded")
    html = fr_client.get(f"/concerns/{concern.reference}/").content.decode()
    assert "No further action" in html and "already safeguarded" not in html


def test_inactive_triagers_are_not_emailed(fr_client, triagers, ward, django_capture_on_commit_callbacks):
    gone = worker(Role.SHOP_COORDINATOR, is_active=False)
    concern = start(fr_client)
    fill_in(fr_client, concern, ward)
    with django_capture_on_commit_callbacks(execute=True):
        fr_client.post(f"/concerns/{concern.reference}/check/")
    assert gone.email not in mail.outbox[0].to and len(mail.outbox[0].to) == 2


# --- Bugs found --------------------------------------------------------------------------------


def test_a_new_concern_does_not_pre_answer_the_immediate_danger_question(fr_client):
    concern = start(fr_client)
    html = fr_client.get(f"/concerns/{concern.reference}/danger/").content.decode()
    radios = re.findall(r"<input[^>]*name=\"immediate_danger\"[^>]*>", html)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)


def test_the_confirmation_page_is_only_for_submitted_concerns(fr_client):
    concern = start(fr_client)
    response = fr_client.get(f"/concerns/{concern.reference}/submitted/", follow=True)
    assert "Concern submitted" not in response.content.decode()
