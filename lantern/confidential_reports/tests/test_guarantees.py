"""What the channel promises reporters: nothing about their device is kept or logged, the receipt is never
stored, what they said is encrypted, no lasting cookies, no account, nothing loaded from other sites."""

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.confidential_reports import receipts, services
from lantern.confidential_reports.middleware import ReporterPrivacyMiddleware
from lantern.confidential_reports.models import Report, ReportMessage
from lantern.confidential_reports.receipts import receipt_format
from lantern.confidential_reports.tests.helpers import (
    ANSWERS,
    open_follow_up,
    png,
    raw_column,
    receipt_from,
    report_data,
    send_report,
    stored_text,
    team_member,
    try_receipt,
)
from lantern.confidential_reports.views_public import FOLLOW_UP_KEY
from lantern.core.views import server_error
from tests.support import TEST_PASSWORD, make_user, verified_client

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
BROWSER = "LanternTestBrowser/9.9"
DEVICE = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": BROWSER,
    "HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {ADDRESS}",
    "HTTP_X_REAL_IP": ADDRESS,
    "HTTP_FORWARDED": f"for={FORWARDED};proto=https",
    "HTTP_SEC_CH_UA": f'"{BROWSER}";v="9"',
}


@pytest.fixture
def every_log_line(caplog):
    """Capture every log record at DEBUG, including loggers that do not pass records up to the root."""
    caplog.set_level(logging.DEBUG)
    quiet = [logging.getLogger(name) for name in settings.LOGGING.get("loggers", {})]
    for logger in quiet:
        logger.addHandler(caplog.handler)
    previous = {logger: logger.level for logger in quiet}
    for logger in quiet:
        logger.setLevel(logging.DEBUG)
    yield caplog
    for logger in quiet:
        logger.removeHandler(caplog.handler)
        logger.setLevel(previous[logger])


def cached_text() -> str:
    """What the shared cache (rate limits, spent forms) holds; Redis in production, memory here."""
    import pickle

    from django.core.cache import cache

    store = getattr(cache, "_cache", {})
    return "\n".join(f"{key!r} {pickle.loads(value)!r}" for key, value in store.items())  # noqa: S301


def logged(caplog) -> str:
    return "\n".join(f"{r.getMessage()} {r.args!r} {vars(r)!r}" for r in caplog.records)


def test_nothing_about_the_reporters_device_is_stored_or_logged(every_log_line, django_capture_on_commit_callbacks):
    team_member()
    client = Client(**DEVICE)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/report/")
        client.get("/report/privacy/")
        client.get("/report/nothing-here/")  # a 404 is logged
        bad = client.post("/report/new/", {**report_data(client), "what_happened": ""})
        assert bad.status_code == 400
        sent = send_report(client, identity_mode="confidential", name="Dana Whitfield", files=[png()])
        receipt = receipt_from(sent)
        try_receipt(client, "1234 5678 9012 3456")
        open_follow_up(client, receipt)
        client.post("/report/follow-up/messages/", {"body": "One more thing.", "uploads": [png("more.png")]})
        client.post("/report/follow-up/leave/")
    assert Report.objects.count() == 1 and ReportMessage.objects.count() == 1
    assert every_log_line.records, "nothing was logged, so the log check proves nothing"

    everything = stored_text() + cached_text()
    logs = logged(every_log_line)
    for value in (ADDRESS, FORWARDED, BROWSER, "LanternTestBrowser"):
        assert value not in everything, f"{value} is stored"
        assert value not in logs, f"{value} is logged"
    for value in (receipt, receipt_format(receipt), "Dana Whitfield"):
        assert value not in logs, f"{value} is logged"
    # The audit trail records the reporter only as the channel.
    entries = AuditEntry.objects.filter(action__startswith="report.")
    assert {e.actor_label for e in entries} == {"reporter (confidential channel)"}


def test_no_view_or_library_ever_sees_the_device_headers_on_the_public_pages():
    seen = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse("ok")

    middleware = ReporterPrivacyMiddleware(view)
    response = middleware(RequestFactory().post("/report/new/", **DEVICE))
    assert seen["REMOTE_ADDR"] == "0.0.0.0"  # noqa: S104
    for header in DEVICE:
        if header != "REMOTE_ADDR":
            assert header not in seen, header
    assert ADDRESS not in repr(seen) and BROWSER not in repr(seen) and FORWARDED not in repr(seen)
    assert response["Referrer-Policy"] == "same-origin"

    # Staff pages keep them (sign-in lockout and the audit trail need them).
    seen.clear()
    middleware(RequestFactory().get("/reports/", **DEVICE))
    assert seen["REMOTE_ADDR"] == ADDRESS and seen["HTTP_USER_AGENT"] == BROWSER


def test_the_receipt_is_never_stored_only_its_keyed_hash():
    client = Client()
    receipt = receipt_from(send_report(client, identity_mode="confidential", name="Dana Whitfield"))
    open_follow_up(client, receipt)
    client.post("/report/follow-up/messages/", {"body": "Hello again."})

    report = Report.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", report.receipt_hash)
    assert report.receipt_hash == receipts.receipt_hash(receipt)
    everything = stored_text()
    for form in (receipt, receipt_format(receipt), receipt_format(receipt).replace(" ", "-")):
        assert form not in everything
    # Nor are its halves, as someone might try to split it.
    assert receipt[:8] + receipt[8:] not in everything


def test_what_the_reporter_said_is_encrypted_at_rest():
    send_report(Client(), anything_else="The manager is called Viktor.")
    report = Report.objects.get()
    for column, plain in (("what_happened", ANSWERS["what_happened"]), ("location", ANSWERS["location"]),
                          ("people", ANSWERS["people"]), ("business_name", ANSWERS["business_name"]),
                          ("when_seen", ANSWERS["when_seen"]), ("anything_else", "The manager is called Viktor.")):
        [stored] = raw_column("confidential_reports_report", column, "WHERE id = %s", (report.pk,))
        assert plain not in stored and "Viktor" not in stored, column
        assert stored.startswith("gAAAA"), column
    assert report.what_happened == ANSWERS["what_happened"]  # and read back through the model


def test_messages_both_ways_are_encrypted_at_rest():
    client = Client()
    receipt = receipt_from(send_report(client))
    report = Report.objects.get()
    services.report_reply(report=report, acting_user=team_member(), body="Is the van white?",
                          asks_for_information=True)
    open_follow_up(client, receipt)
    client.post("/report/follow-up/messages/", {"body": "Yes, a white Transit."})
    stored = raw_column("confidential_reports_reportmessage", "body")
    assert len(stored) == 2
    assert all("van" not in s and "Transit" not in s and s.startswith("gAAAA") for s in stored)


def test_files_are_encrypted_in_storage_and_their_names_in_the_database():
    send_report(Client(), files=[png("IMG_Dana_Whitfield_home.png")])
    attachment = Report.objects.get().attachments.get()
    with default_storage.open(attachment.storage_path, "rb") as handle:
        on_disk = handle.read()
    assert b"PNG" not in on_disk and on_disk.startswith(b"gAAAA")
    assert "Dana_Whitfield" not in attachment.storage_path
    assert attachment.original_name == ""  # the name is dropped once the report is sent


def test_a_held_files_name_is_encrypted_while_the_reporter_writes():
    client = Client()
    response = client.post("/report/new/", {**report_data(client, what_happened=""),
                                            "uploads": [png("IMG_Dana_Whitfield_home.png")]})
    assert "IMG_Dana_Whitfield_home.png" in response.content.decode()  # listed back to the reporter
    [name] = raw_column("confidential_reports_reportattachment", "original_name")
    assert "Dana_Whitfield" not in name and name.startswith("gAAAA")


# --- Cookies -----------------------------------------------------------------------------


def lasting_cookies(response) -> list[str]:
    """Cookies set to outlive the browser session (a deletion is not a cookie being set)."""
    lasting = []
    for name, morsel in response.cookies.items():
        if morsel.value == "" and morsel["max-age"] == 0:
            continue
        if morsel["max-age"] != "" or morsel["expires"] != "":
            lasting.append(name)
    return lasting


def test_making_a_report_sets_no_cookies_at_all():
    client = Client()
    for url in ("/report/", "/report/privacy/", "/report/new/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, f"{url} set {list(response.cookies)}"
    data = report_data(client)
    problem = client.post("/report/new/", {**data, "what_happened": ""})
    assert problem.status_code == 400 and not problem.cookies
    sent = client.post("/report/new/", data)
    assert sent.status_code == 200 and not sent.cookies
    assert not client.cookies


def test_following_up_uses_only_cookies_that_end_when_the_browser_closes():
    client = Client()
    receipt = receipt_from(send_report(client))
    responses = [
        client.get("/report/follow-up/"),
        try_receipt(client, "9999 9999 9999 9999"),
        try_receipt(client, receipt),
        client.get("/report/follow-up/messages/"),
        client.post("/report/follow-up/messages/", {"body": "More."}),
        client.post("/report/follow-up/leave/"),
    ]
    assert any(r.cookies for r in responses)
    for response in responses:
        assert lasting_cookies(response) == [], response.request["PATH_INFO"]


def test_a_report_goes_through_even_when_the_browser_keeps_no_cookies():
    """The form needs no CSRF cookie (its one-use puzzle protects it); the follow-up pages still do."""
    strict = Client(enforce_csrf_checks=True)
    response = send_report(strict)
    assert response.status_code == 200 and receipt_from(response)
    assert Client(enforce_csrf_checks=True).post(
        "/report/follow-up/", {"receipt": receipt_from(response)}).status_code == 403


# --- No account ------------------------------------------------------------------------


def test_the_public_pages_need_no_account_and_do_not_stop_a_half_signed_in_user():
    for url in ("/report/", "/report/new/", "/report/privacy/", "/report/follow-up/"):
        assert Client().get(url).status_code == 200, url

    staff = make_user(Role.CASE_WORKER)
    half_signed_in = Client()
    half_signed_in.force_login(staff)  # no second factor yet
    assert half_signed_in.get("/reports/").status_code == 302  # staff pages send them to two-factor
    for url in ("/report/", "/report/new/", "/report/privacy/", "/report/follow-up/"):
        response = half_signed_in.get(url)
        assert response.status_code == 200, url
    sent = send_report(half_signed_in)
    assert sent.status_code == 200 and receipt_from(sent)


def test_a_report_from_a_signed_in_member_of_staff_is_not_linked_to_their_account():
    staff = make_user(Role.CASE_WORKER, full_name="Tomasz Nowakowski")
    client = verified_client(staff)
    receipt = receipt_from(send_report(client, reporter_type="staff"))
    report = Report.objects.get()
    open_follow_up(client, receipt)
    client.post("/report/follow-up/messages/", {"body": "I work there too."})

    assert not AuditEntry.objects.filter(actor=staff, target_id=str(report.pk)).exists()
    assert not AuditEntry.objects.filter(actor=staff, action__startswith="report.").exists()
    # No session ties the staff member's sign-in to the report they made: opening the report
    # starts a fresh session, which signs them out of Lantern in that browser.
    sessions = [s.get_decoded() for s in Session.objects.all()]
    assert any(FOLLOW_UP_KEY in data for data in sessions)
    for data in sessions:
        assert not (FOLLOW_UP_KEY in data and "_auth_user_id" in data), data
    assert client.get("/").status_code == 302


def test_signing_in_after_following_up_forgets_the_report():
    """Signing in keeps a session's data; the open report is dropped so the two are never stored together."""
    staff = make_user(Role.CASE_WORKER)
    client = Client()
    receipt = receipt_from(send_report(client))
    open_follow_up(client, receipt)
    signed_in = client.post("/sign-in/", {"username": staff.email, "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    sessions = [s.get_decoded() for s in Session.objects.all()]
    assert any("_auth_user_id" in data for data in sessions)
    for data in sessions:
        assert FOLLOW_UP_KEY not in data, data
    assert client.get("/report/follow-up/messages/")["Location"] == "/report/follow-up/"


# --- Nothing from other sites ------------------------------------------------------------


def external_references(page: str) -> set[str]:
    links = set(re.findall(r'\b(?:src|href|action|srcset|formaction|poster|data)="([^"]*)"', page))
    links |= set(re.findall(r"url\(([^)]*)\)", page))
    external = set()
    for link in links:
        parsed = urlparse(link.strip("'\""))
        if link.startswith("//") or parsed.scheme not in ("", "tel"):
            external.add(link)
    return external


def test_the_public_pages_load_nothing_from_other_sites(django_capture_on_commit_callbacks):
    client = Client()
    pages = [client.get(url) for url in ("/report/", "/report/privacy/", "/report/new/", "/report/follow-up/")]
    data = report_data(client)
    pages.append(client.post("/report/new/", {**data, "what_happened": ""}))  # with errors
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/report/new/", data)
    pages.append(sent)
    pages.append(client.post("/report/new/", data))  # already sent
    pages.append(try_receipt(client, "abc"))
    pages.append(open_follow_up(client, receipt_from(sent)))
    assert [p.status_code for p in pages] == [200, 200, 200, 200, 400, 200, 409, 400, 200]
    # A shared or monitored device keeps no copy of any of them.
    assert all("no-store" in p["Cache-Control"] for p in pages)

    for page in pages:
        text = page.content.decode()
        assert external_references(text) <= {settings.LANTERN_EXIT_URL}, external_references(text)
        assert f'href="{settings.LANTERN_EXIT_URL}"' in text and "Exit this page" in text
        assert "<iframe" not in text
        assert page["Referrer-Policy"] == "same-origin"
        assert "'self'" in page["Content-Security-Policy"]
        assert "http" not in page["Content-Security-Policy"]
    assert 'href="tel:999"' in pages[0].content.decode()
    assert 'href="tel:08000121700"' in pages[0].content.decode()


def test_the_form_script_is_served_under_report_so_no_request_of_a_reporters_falls_outside_it():
    """Only reporters load the form's script: fetched from /static/, a proxy's log would show who did."""
    client = Client()
    page = client.get("/report/new/").content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert not [src for src in scripts if "report-form" in src and not src.startswith("/report/")]
    own = next(src for src in scripts if src.startswith("/report/static/js/report-form.mjs?v="))
    response = client.get(own)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response.content == Path(str(finders.find("js/report-form.mjs"))).read_bytes()
    assert "immutable" in response["Cache-Control"] and not response.cookies
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "same-origin"
    # An address with an old version is not cached, so a browser never keeps a stale script.
    assert "no-store" in client.get("/report/static/js/report-form.mjs?v=old")["Cache-Control"]


class AssetAddresses(HTMLParser):
    """Every address a page makes the browser fetch by itself: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for attribute in {"link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
                          "video": ("src", "poster"), "audio": ("src",), "iframe": ("src",), "embed": ("src",),
                          "object": ("data",), "input": ("src",)}.get(tag, ()):
            if found.get(attribute):
                self.addresses.append(str(found[attribute]))


def fetched_by(client: Client, address: str, seen: set[str]) -> None:
    """Fetch an asset and everything it asks for in turn (url() in a stylesheet, imports in a module)."""
    path = urlparse(address).path
    if path in seen:
        return
    seen.add(path)
    response = client.get(address)
    assert response.status_code == 200, address
    assert not response.cookies, address
    text = response.content.decode(errors="replace")
    if path.endswith(".css"):
        inner = [match.strip("'\"") for match in re.findall(r"url\(([^)]*)\)", text)]
    elif path.endswith((".js", ".mjs")):
        inner = re.findall(r"""(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']""", text)
    else:
        inner = []
    for reference in inner:
        if reference.startswith("data:"):
            continue
        fetched_by(client, urljoin(address, reference), seen)


def test_every_file_the_reporting_pages_load_is_under_report(django_capture_on_commit_callbacks):
    """One proxy rule, "no access log for /report/", then covers every request a reporter's browser makes:
    the stylesheet, the icon, the scripts and the modules they import, and the images the stylesheet uses."""
    client = Client()
    pages = [client.get(url) for url in ("/report/", "/report/privacy/", "/report/new/", "/report/follow-up/")]
    data = report_data(client)
    pages.append(client.post("/report/new/", {**data, "what_happened": ""}))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/report/new/", data)
    pages += [sent, client.post("/report/new/", data), try_receipt(client, "1111 2222 3333 4444"),
              open_follow_up(client, receipt_from(sent))]
    addresses: set[str] = set()
    for page in pages:
        parser = AssetAddresses()
        parser.feed(page.content.decode())
        assert parser.addresses, page.request["PATH_INFO"]
        addresses |= set(parser.addresses)
    assert {urlparse(a).path for a in addresses} >= {
        "/report/static/build/lantern.css", "/report/static/js/lantern.mjs", "/report/static/js/favicon.svg",
        "/report/static/js/report-form.mjs"}
    seen: set[str] = set()
    for address in addresses:
        assert address.startswith("/report/"), address
        fetched_by(Client(), address, seen)  # as a browser fetches them before any session exists
    assert all(path.startswith("/report/") for path in seen), sorted(seen)
    assert "/report/static/build/govuk-frontend.min.js" in seen
    assert any(path.startswith("/report/static/moj/assets/images/") for path in seen)


@pytest.mark.parametrize("path", ["build/../../config/settings/base.py", "js/job.mjs", "../manage.py",
                                  "moj/assets/images/../../../../config/urls.py", "moj/assets/images/nothing.svg"])
def test_only_the_reporting_pages_files_are_served_under_report(path):
    assert Client().get(f"/report/static/{path}").status_code == 404


def _error_pages_under_report() -> dict[str, Any]:
    """The errors a reporter can meet: a mistyped address, a pasted control character in a report, a
    follow-up form sent after the browser was closed (no CSRF cookie), and a server error."""
    client = Client()
    data = report_data(client, what_happened="Pasted from a PDF:\x01 six men at the car wash")
    follow_up = Client(enforce_csrf_checks=True)
    follow_up.get("/report/follow-up/")
    follow_up.cookies.clear()  # the browser was closed: the CSRF cookie ends with it
    return {
        "404": client.get("/report/no-such-page/"),
        "400": client.post("/report/new/", data),
        "403": follow_up.post("/report/follow-up/", {"receipt": "1111 2222 3333 4444"}),
    }


@pytest.mark.django_db
def test_error_pages_under_report_load_nothing_and_link_nowhere_outside_report():
    """A reporter who meets an error must not then fetch the shared page's /static/ files (a proxy's log
    would show who did) or be sent to the staff sign-in: under /report/ errors keep the reporting pages'
    look, files and links."""
    pages = _error_pages_under_report()
    assert {name: page.status_code for name, page in pages.items()} == {"404": 404, "400": 400, "403": 403}
    for name, page in pages.items():
        text = page.content.decode()
        parser = AssetAddresses()
        parser.feed(text)
        assert parser.addresses, name
        assert all(address.startswith("/report/") for address in parser.addresses), (name, parser.addresses)
        links = set(re.findall(r'<a [^>]*href="([^"]+)"', text))
        assert 'href="/"' not in text and "/privacy/" not in {urlparse(link).path for link in links}, name
        assert "/report/" in links and "Exit this page" in text and 'href="tel:999"' in text, name
        assert page["Referrer-Policy"] == "same-origin"
    assert "Nothing was sent" in pages["400"].content.decode()
    assert "enter your receipt code again" in pages["403"].content.decode()


@pytest.mark.django_db
def test_a_server_error_under_report_keeps_the_reporting_pages_files():
    request = RequestFactory().get("/report/new/")
    request.user = AnonymousUser()  # as after the middleware, when a view fails
    page = server_error(request)
    assert page.status_code == 500
    parser = AssetAddresses()
    parser.feed(page.content.decode())
    assert parser.addresses and all(address.startswith("/report/") for address in parser.addresses)
    assert "Sorry, there is a problem with the service" in page.content.decode()


@pytest.mark.django_db
def test_staff_error_pages_are_unchanged():
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and 'href="/static/build/lantern.css"' in page.content.decode()
