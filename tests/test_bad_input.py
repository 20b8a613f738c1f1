"""Bad input never makes a server error: it gets a 400 or a 404 with a plain message.

The sweep walks every URL in the project and asks for it with the kinds of
input an attacker or a broken client sends: a NUL byte in the path or query,
a 40-digit number where an id or a page number goes, a 20-digit day in a
date. Each is asked as an anonymous visitor, a system administrator and a
case worker, with GET and POST. None may answer 500.
"""

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import NoReverseMatch

from lantern.accounts.capabilities import Role
from lantern.cases.services import concern_start
from lantern.core.forms import govuk_date_field
from lantern.core.views import BAD_REQUEST_MESSAGE
from tests.support import make_user, verified_client

HUGE = "9" * 40
NUL = "\x00"


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[tuple[str, str], ...]  # (name, "int" | "uuid" | "format" | "str")


def _kinds(pattern: object) -> dict[str, str]:
    converters = getattr(pattern, "converters", {})
    kinds = {}
    for name, converter in converters.items():
        if isinstance(converter, IntConverter):
            kinds[name] = "int"
        elif isinstance(converter, UUIDConverter):
            kinds[name] = "uuid"
        else:
            kinds[name] = "str"
    for name in pattern.regex.groupindex:  # type: ignore[attr-defined]
        kinds.setdefault(name, "format" if name == "format" else "str")
    return kinds


def _walk(patterns: list, namespace: str = "", params: dict[str, str] | None = None) -> Iterator[Route]:
    for entry in patterns:
        found = {**(params or {}), **_kinds(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}{entry.name}", tuple(sorted(found.items())))


ROUTES = sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: (r.name, r.params))


def _url(route: Route, text: str) -> str | None:
    """The route's address with every int parameter a 40-digit number and every other one ``text``."""
    values = {"int": HUGE, "uuid": "6f1c1a7e-9a3e-4c8e-9d2b-2f0f1d8e4b11", "format": "json", "str": text}
    kwargs = {name: values[kind] for name, kind in route.params}
    for attempt in (kwargs, {name: "zzzz" if value == text else value for name, value in kwargs.items()}):
        try:
            return reverse(route.name, kwargs=attempt)
        except NoReverseMatch:  # a slug or a fixed choice refuses the text: try a plain word
            continue
    return None


def _sweep(requests: list[tuple[str, str, dict[str, str] | None]]) -> list[str]:
    users = {"anonymous": None, "admin": make_user(Role.SYSTEM_ADMINISTRATOR), "case worker": make_user(Role.CASE_WORKER)}
    failures = []
    for who, user in users.items():
        client = Client(raise_request_exception=False)
        for method, url, data in requests:
            if user is not None:  # signed in afresh each time: the sweep also posts to "sign out everywhere"
                user.refresh_from_db()
                verified_client(user, client)
            try:
                # One savepoint per request, so that on PostgreSQL one failure cannot hide the next.
                with transaction.atomic():
                    response = getattr(client, method)(url, data=data) if data is not None else getattr(client, method)(url)
                    status = response.status_code
                    if status >= 500:
                        raise _Rollback
            except _Rollback:
                failures.append(f"{who} {method.upper()} {url!r}: {status}")
            except Exception as exc:  # the error page itself failed: still a server error
                failures.append(f"{who} {method.upper()} {url!r}: {type(exc).__name__}")
    return failures


class _Rollback(Exception):
    pass


def test_the_sweep_covers_the_project():
    names = {route.name for route in ROUTES}
    assert {"core:home", "cases:case-detail", "api:case-list", "api:concern-detail", "accounts:sign-in"} <= names
    assert len(ROUTES) > 80


@pytest.mark.slow
@pytest.mark.django_db
def test_no_url_answers_500_to_a_nul_byte_or_a_40_digit_id():
    requests: list[tuple[str, str, dict[str, str] | None]] = []
    for route in ROUTES:
        for text in (NUL, f"MS-{NUL}X", "ZZZZ-ZZZZ"):
            url = _url(route, text)
            if url is None:
                continue
            requests.append(("get", url, None))
            requests.append(("post", url, {"field": "value"}))
    failures = _sweep(requests)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_no_url_answers_500_to_bad_query_strings_or_form_values():
    bad_query = {"page": HUGE, "id": HUGE, "cursor": HUGE, "agency": HUGE, "status": NUL, "q": f"a{NUL}b"}
    bad_form = {
        "page": HUGE, "id": HUGE, "agency": HUGE, "owner": HUGE, "area": HUGE, "lead_worker": HUGE,
        "day": "9" * 20, "month": "12", "year": "2024", "text": f"a{NUL}b",
    }
    requests: list[tuple[str, str, dict[str, str] | None]] = []
    for route in ROUTES:
        url = _url(route, "ZZZZ-ZZZZ")
        if url is None:
            continue
        requests.append(("get", url, bad_query))
        requests.append(("post", url, bad_form))
    failures = _sweep(requests)
    assert not failures, "\n".join(failures)


# The probe's own examples, each with the answer a person or a client should get.


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cases/MS-%00X/", "/users/?q=a%00b", "/concerns/?x%00y=1", "/api/v1/concerns/%00/"])
def test_a_nul_byte_in_the_address_is_a_plain_400(url):
    client = verified_client(make_user(Role.SYSTEM_ADMINISTRATOR, Role.SHOP_COORDINATOR))
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {"detail": BAD_REQUEST_MESSAGE}
    else:
        assert BAD_REQUEST_MESSAGE in response.content.decode()
        assert "There is a problem with the web address or form" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_a_form_answer_is_a_400_before_anything_is_saved():
    responder = make_user(Role.FIRST_RESPONDER)
    client = verified_client(responder)
    concern = concern_start(raised_by=responder)
    response = client.post(f"/concerns/{concern.reference}/what/", {"what_seen": "Seen at\x00 the car wash"})
    assert response.status_code == 400
    concern.refresh_from_db()
    assert concern.what_seen == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), [
    ("/users/?page=" + HUGE, 400), ("/users/?agency=" + HUGE, 400), ("/audit/?page=" + HUGE, 400),
    ("/cases/?page=" + HUGE, 400), ("/api/v1/concerns/?page=" + HUGE, 400),
    ("/users/" + HUGE + "/", 404), ("/partnership/areas/" + HUGE + "/change/", 404),
    ("/cases/MS-AAAA-A/documents/" + HUGE + "/", 404), ("/users/?page=9223372036854775807", 200),
])
def test_a_40_digit_page_or_id_is_a_400_or_a_404(url, status):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER, Role.SHOP_COORDINATOR)
    response = verified_client(admin).get(url)
    assert response.status_code == status


@pytest.mark.django_db
def test_a_made_up_api_cursor_is_a_404_not_a_server_error():
    coordinator = make_user(Role.SHOP_COORDINATOR)
    client = verified_client(coordinator)
    for position in ("not-a-date", "9" * 40, "2026-13-45", "\x00"):
        cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
        for url in ("/api/v1/concerns/", "/api/v1/cases/"):
            response = client.get(url, {"cursor": cursor})
            assert response.status_code == 404, (url, position)
            assert response.json() == {"detail": "Invalid cursor"}
    offset = base64.b64encode(urlencode({"o": HUGE}).encode()).decode()
    assert client.get("/api/v1/concerns/", {"cursor": offset}).status_code == 200


@pytest.mark.django_db
def test_a_20_digit_day_is_a_form_error():
    responder = make_user(Role.FIRST_RESPONDER)
    client = verified_client(responder)
    concern = concern_start(raised_by=responder)
    response = client.post(f"/concerns/{concern.reference}/what/", {
        "what_seen": "Three men sleeping in the unit", "seen_on_0": "9" * 20, "seen_on_1": "3", "seen_on_2": "2026",
    })
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_the_shared_date_field_turns_impossible_dates_into_one_plain_message():
    field = govuk_date_field("Date of the decision")
    for day, month, year in (("9" * 20, "1", "2026"), ("31", "2", "2026"), ("1", "1", "9" * 30), ("0", "1", "2026")):
        with pytest.raises(ValidationError) as caught:
            field.clean([day, month, year])
        assert caught.value.messages == ["Enter a real date"]
    assert field.clean(["27", "3", "2026"]) == date(2026, 3, 27)


@pytest.mark.django_db
@pytest.mark.parametrize("email", [
    "a" * 10_000 + "@example.org",
    "someone\x00@example.org",
])
def test_sign_in_with_an_absurd_email_is_not_a_server_error(email):
    client = Client(raise_request_exception=False)
    response = client.post("/sign-in/", {"username": email, "password": "not the password"})
    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_a_link_whose_token_has_a_long_run_of_digits_still_opens(monkeypatch):
    """Only a whole path segment that is a number can be an id: the hexadecimal token of a
    password-reset link may happen to hold 20 digits in a row and must still work."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user(Role.CASE_WORKER)
    token = "cz3k9p-" + "1234567890" * 3 + "ab"  # what sha256's hex digits sometimes look like
    monkeypatch.setattr(default_token_generator, "check_token", lambda who, given: who == user and given == token)
    link = f"/password-reset/{urlsafe_base64_encode(force_bytes(user.pk))}/{token}/"
    form_page = Client().get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a password" in form_page.content.decode()


@pytest.mark.django_db
def test_a_line_or_page_break_pasted_from_a_word_processor_is_read_as_a_new_line():
    """Word and Google Docs put a vertical tab (a line break) or a form feed (a page break) in copied
    text: an answer pasted from them is kept, with new lines, rather than refused."""
    responder = make_user(Role.FIRST_RESPONDER)
    client = verified_client(responder)
    concern = concern_start(raised_by=responder)
    response = client.post(f"/concerns/{concern.reference}/what/",
                           {"what_seen": "Seen at the car wash\x0bon Oldbury Road\x0cTwo vans", "seen_on_0": "",
                            "seen_on_1": "", "seen_on_2": ""})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.what_seen == "Seen at the car wash\non Oldbury Road\nTwo vans"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/agencies/1.5/", "/api/v1/no-such-endpoint/", "/api/v1/cases/MS-AAAA-A/x/"])
def test_an_api_address_no_endpoint_matches_is_a_json_404(url):
    """An API client gets JSON for every answer, as the schema declares, never the HTML page."""
    client = verified_client(make_user(Role.CASE_WORKER))
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_api_schema_declares_the_error_answers_every_operation_can_give():
    client = verified_client(make_user(Role.CASE_WORKER))
    schema = client.get("/api/schema/?format=json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"400", "401", "403", "404", "429"} <= set(operation["responses"]), (method, path)
