"""Everyday casework: text limits and character counts, tasks on closed cases, the Duty to Notify
link once an NRM referral exists, and demo data that is never dated in the future."""

import datetime
import importlib
import itertools
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.cases import selectors, services
from lantern.cases.models import CaseEvent, CaseNote, Decision, Referral, ReferralKind, Task
from lantern.cases.tests.factories import CaseFactory, child_case, date_fields, today, worker
from lantern.cases.tests.test_concern_journey import start
from tests.support import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def me():
    return worker(full_name="Grace Bennett")


@pytest.fixture
def my_client(me):
    return verified_client(me)


# --- Text limits and the character count ----------------------------------------------------


def test_an_over_long_case_note_is_refused_in_plain_english_and_kept_in_the_form(me, my_client):
    case = CaseFactory(lead_worker=me)
    pasted = ("Disclosed that the supervisor keeps the passports. " * 400).strip()  # 20,399 characters
    response = my_client.post(f"/cases/{case.reference}/notes/new/", {"body": pasted})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Note must be 20,000 characters or fewer – you have entered 20,399" in html
    assert "Ensure this value" not in html
    # Nothing was cut: the whole text comes back to be shortened, and nothing was saved.
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea is not None and textarea.group(1).strip() == pasted.strip()
    assert not case.notes.exists()


def test_a_staff_textarea_shows_the_character_count_and_never_cuts_pasted_text(me, my_client):
    case = CaseFactory(lead_worker=me)
    html = my_client.get(f"/cases/{case.reference}/notes/new/").content.decode()

    wrapper = re.search(r'<div class="govuk-character-count[^"]*" data-module="govuk-character-count" '
                        r'data-maxlength="(\d+)">', html)
    assert wrapper is not None and wrapper.group(1) == "20000"
    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea is not None
    tag = textarea.group(0)
    assert "govuk-js-character-count" in tag and 'aria-describedby="id_body-info"' in tag
    assert "maxlength" not in tag  # the browser would cut pasted text without saying so
    assert 'id="id_body-info" class="govuk-hint govuk-character-count__message"' in html
    assert "You can enter up to 20,000 characters" in html


def test_a_text_input_is_not_cut_by_the_browser_either(me, my_client):
    case = CaseFactory(lead_worker=me)
    html = my_client.get(f"/cases/{case.reference}/tasks/new/").content.decode()
    title = re.search(r'<input[^>]*name="title"[^>]*>', html)
    assert title is not None and "maxlength" not in title.group(0)

    response = my_client.post(f"/cases/{case.reference}/tasks/new/",
                              {"title": "x" * 214, "owner": me.pk, **date_fields("due_on", today())})
    assert "The task must be 200 characters or fewer – you have entered 214" in response.content.decode()


def test_the_concern_account_is_refused_when_too_long_with_the_numbers():
    responder = worker(Role.FIRST_RESPONDER)
    client = verified_client(responder)
    concern = start(client)
    response = client.post(f"/concerns/{concern.reference}/what/", {"what_seen": "a" * 5214})
    html = response.content.decode()
    assert response.status_code == 200
    assert "What you saw or were told must be 5,000 characters or fewer – you have entered 5,214" in html
    assert 'data-maxlength="5000"' in html and "a" * 5214 in html


def test_screening_evidence_for_each_indicator_has_a_count_and_a_plain_limit(me, my_client):
    case = CaseFactory(lead_worker=me)
    html = my_client.get(f"/cases/{case.reference}/screening/").content.decode()
    assert html.count('data-module="govuk-character-count"') >= 3  # each indicator's evidence, observations, judgement
    assert 'data-maxlength="2000"' in html

    response = my_client.post(f"/cases/{case.reference}/screening/", {
        "indicators": ["ilo.documents"], "evidence__ilo__documents": "b" * 2001,
        "judgement": "Likely exploited.", "conclusion": "likely", **date_fields("screened_on", today()),
    })
    page = response.content.decode()
    assert "must be 2,000 characters or fewer – you have entered 2,001" in page
    assert "b" * 2001 in page
    assert not case.screenings.exists()


STAFF_FORM_MODULES = ("lantern.accounts.forms", "lantern.audit.forms", "lantern.partnership.forms",
                      "lantern.cases.forms", "lantern.confidential_reports.forms", "lantern.supply_chain.forms",
                      "lantern.supply_chain.forms_due_diligence", "lantern.insights.forms")


def test_every_staff_text_field_has_a_limit():
    from django import forms

    from lantern.core.forms import GovukFormMixin

    unlimited = []
    for module_name in STAFF_FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, form_class in vars(module).items():
            if not (isinstance(form_class, type) and issubclass(form_class, GovukFormMixin)
                    and issubclass(form_class, forms.BaseForm)):
                continue
            for field_name, field in form_class.base_fields.items():
                if (isinstance(field, forms.CharField) and not getattr(field, "max_length", None)
                        and not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
                        and not (name == "SignInForm" and field_name == "username")):  # limited in its __init__
                    unlimited.append(f"{module_name}.{name}.{field_name}")
    assert unlimited == []


def test_a_boards_purpose_has_a_limit_and_a_count():
    admin = worker(Role.SYSTEM_ADMINISTRATOR)
    client = verified_client(admin)
    assert 'data-maxlength="2000"' in client.get("/partnership/boards/new/").content.decode()
    response = client.post("/partnership/boards/new/", {"name": "SHOP", "purpose": "p" * 2100, "is_active": "on"})
    assert "What it does must be 2,000 characters or fewer – you have entered 2,100" in response.content.decode()


# --- My work, and the Duty to Notify link ------------------------------------------------------


def test_tasks_on_closed_cases_leave_my_open_tasks(me, my_client):
    case = CaseFactory(lead_worker=me)
    services.task_create(case=case, acting_user=me, title="Chase the RG decision", owner=me, due_on=today())
    assert "Chase the RG decision" in my_client.get("/my-work/").content.decode()
    assert [t["title"] for t in my_client.get("/api/v1/my-tasks/").json()] == ["Chase the RG decision"]

    services.case_close(case=case, acting_user=me, outcome="transferred", closed_on=today())
    html = my_client.get("/my-work/").content.decode()
    assert "Chase the RG decision" not in html and "You have no open tasks." in html
    assert my_client.get("/api/v1/my-tasks/").json() == []


def test_the_duty_to_notify_pack_link_goes_once_an_nrm_referral_exists(me, my_client):
    case = CaseFactory(lead_worker=me)
    dtn_pack = f"/cases/{case.reference}/referral-pack/dtn/"
    assert dtn_pack in my_client.get(f"/cases/{case.reference}/").content.decode()

    services.consent_record(case=case, acting_user=me, given=True, explained_on=today(), language="English",
                            interpreter_used=False)
    services.referral_record(case=case, acting_user=me, kind=ReferralKind.NRM, made_on=today())
    html = my_client.get(f"/cases/{case.reference}/").content.decode()
    assert dtn_pack not in html
    assert f"/cases/{case.reference}/referral-pack/nrm/" in html


def test_a_child_case_never_offers_the_duty_to_notify_pack(me, my_client):
    case = child_case(team=[me])
    assert "/referral-pack/dtn/" not in my_client.get(f"/cases/{case.reference}/").content.decode()


# --- Demo data is never dated in the future --------------------------------------------------------


def test_demo_data_seeded_early_in_the_morning_has_nothing_dated_after_now(monkeypatch):
    # Seeded at seven in the morning: the stories that reach today must not be dated at ten.
    seven = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(7, 0)))
    ticks = itertools.count()
    monkeypatch.setattr(timezone, "now", lambda: seven + datetime.timedelta(milliseconds=next(ticks)))
    call_command("seed_demo", stdout=StringIO())
    now, day = timezone.now(), timezone.localdate()

    assert CaseEvent.objects.exists()
    assert not CaseEvent.objects.filter(occurred_at__gt=now).exists()
    assert not CaseNote.objects.filter(created_at__gt=now).exists()
    assert not Task.objects.filter(created_at__gt=now).exists()
    assert not Referral.objects.filter(made_on__gt=day).exists()
    assert not Decision.objects.filter(decided_on__gt=day).exists()
    assert CaseEvent.objects.filter(occurred_at__date=day).exists() or Referral.objects.filter(made_on=day).exists()


# --- Printing ----------------------------------------------------------------------------------

PRINT_HIDES = (".govuk-skip-link", ".govuk-exit-this-page", ".lantern-header", ".govuk-service-navigation",
               ".govuk-breadcrumbs", ".govuk-back-link", ".govuk-button", ".lantern-no-print", ".govuk-footer")
NO_LINK_ADDRESSES = re.compile(r"a\[href\]::after,\s*\.govuk-link\[href\]::after\s*\{\s*content:\s*none\s*!important")


def _print_block(css: str) -> str:
    """The last ``@media print`` block of a stylesheet (Lantern's own, after GOV.UK Frontend's)."""
    start = css.rindex("@media print")
    depth, end = 0, None
    for i in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        if depth == 0:
            end = i
            break
    assert end is not None
    return css[start:end + 1]


def test_the_print_styles_leave_out_navigation_buttons_and_link_addresses():
    block = _print_block((Path(settings.BASE_DIR) / "static" / "src" / "lantern.scss").read_text(encoding="utf-8"))
    for selector in PRINT_HIDES:
        assert selector in block, selector
    assert "display: none !important" in block
    assert NO_LINK_ADDRESSES.search(block)


def test_the_built_stylesheet_has_the_print_styles_after_govuk_frontends():
    built = Path(settings.BASE_DIR) / "static" / "build" / "lantern.css"
    if not built.exists():
        pytest.skip("static/build/lantern.css is built by `make assets`")
    css = built.read_text(encoding="utf-8")
    block = _print_block(css)
    for selector in PRINT_HIDES:
        assert selector in block, selector
    assert NO_LINK_ADDRESSES.search(block)
    # It comes after GOV.UK Frontend's rule that prints each link's address, so it wins.
    assert css.rindex('content:" (" attr(href) ")"') < css.rindex("@media print")


def test_a_printed_case_page_leaves_out_the_actions(me, my_client):
    case = CaseFactory(lead_worker=me)
    html = my_client.get(f"/cases/{case.reference}/").content.decode()
    actions = html[html.index('<div class="lantern-no-print">'):]
    assert actions.index("Actions") < actions.index("</div>")
    # The links to change the record, within the page's sections, are left out on paper too.
    for link in ("Change the person's details", "the safety plan", "Upload a document"):
        paragraph = html[:html.index(link)].rsplit("<p ", 1)[1]
        assert paragraph.startswith('class="govuk-body lantern-no-print"'), link


def test_a_printed_childs_case_leaves_out_the_safeguarding_steps_links(me, my_client):
    case = CaseFactory(lead_worker=me, route="child")
    html = my_client.get(f"/cases/{case.reference}/").content.decode()
    step_links = html[html.index("Safeguarding the child"):]
    first_link = step_links.index("Record the referral")
    assert step_links[:first_link].rsplit("<span ", 1)[1].startswith('class="lantern-no-print"')


# --- The demo shows the service's own error pages ------------------------------------------------


@pytest.fixture
def local_settings(monkeypatch):
    """config.settings.local as `make run` reads it, with no DJANGO_DEBUG in the environment."""
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    return importlib.reload(importlib.import_module("config.settings.local"))


def test_the_demo_shows_the_services_own_404_page_not_djangos(local_settings, settings, me, my_client):
    settings.DEBUG = local_settings.DEBUG
    for client in (my_client, Client()):
        response = client.get("/no-such-page/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in html and "If you typed the web address, check it is correct." in html
        assert "URLconf" not in html and "cases:case-detail" not in html and "DEBUG = True" not in html


def test_the_demo_shows_the_services_own_error_page_when_a_staff_page_fails(local_settings, settings, me,
                                                                              monkeypatch):
    settings.DEBUG = local_settings.DEBUG

    def fails(**_kwargs):
        raise RuntimeError("Amira Haddad's case could not be read")  # a failure whose message names someone

    monkeypatch.setattr(selectors, "cases_search", fails)
    client = verified_client(me)
    client.raise_request_exception = False
    response = client.get("/cases/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "RuntimeError" not in html and "Amira" not in html


def test_the_demo_serves_its_files_and_answers_on_localhost_without_debug(local_settings, settings):
    assert local_settings.DEBUG is False
    assert {"127.0.0.1", "localhost"} <= set(local_settings.ALLOWED_HOSTS)
    assert local_settings.WHITENOISE_USE_FINDERS and local_settings.WHITENOISE_AUTOREFRESH
    assert local_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    settings.DEBUG = local_settings.DEBUG
    settings.WHITENOISE_USE_FINDERS = local_settings.WHITENOISE_USE_FINDERS
    settings.WHITENOISE_AUTOREFRESH = local_settings.WHITENOISE_AUTOREFRESH
    response = Client().get("/static/js/lantern.mjs", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b"govukInitAll" in b"".join(response.streaming_content)


def test_debug_pages_stay_available_to_a_developer_who_asks(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    assert importlib.reload(importlib.import_module("config.settings.local")).DEBUG is True
    monkeypatch.delenv("DJANGO_DEBUG")
    importlib.reload(importlib.import_module("config.settings.local"))
