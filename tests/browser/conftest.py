"""Browser tests: real Chromium through Playwright, axe-core on every page visited.

Every test here is marked ``browser``. Each runs against pytest-django's
``live_server`` with the demo partnership seeded into the test database
(``seed_demo``), signs in as a demo user with password and a real TOTP code,
and checks each page it reaches with :meth:`Journey.check`: the page is not an
error page, axe-core finds no WCAG 2.2 AA violation, nothing was requested
from another origin, the browser reported no console error (a Content
Security Policy violation shows up there), and a screenshot is saved in
``test-artifacts/browser/<test>/`` for people to look at.

Chromium is Debian's (``/usr/bin/chromium``), never one downloaded by
``playwright install``. Without it the tests skip, or fail when
``LANTERN_REQUIRE_BROWSER=1`` (CI sets that, so a missing browser cannot
pass silently).
"""

import functools
import io
import os
import re
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lantern.accounts.demo import DEMO_PASSWORD
from tests.support import snapshot as snapshots

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "browser"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium",)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = (
    "Chromium not found: install Debian's chromium package (sudo apt-get install chromium, "
    "or `make chromium`) to run the browser tests"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Titles of the error pages (lantern/templates/40x.html, 500.html).
ERROR_TITLES = ("Page not found", "Sorry, there is a problem with the service", "You cannot do this")

# How long a step may wait for a page. The suite runs one worker per core, each with its
# own Chromium and live server, so on a 2-core machine a page can take several seconds
# to come back while the other worker is busy: allow for that, and fail only on a page
# that never arrives.
DEFAULT_TIMEOUT_MS = 30_000


# --- Marking and skipping -----------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def require_chromium() -> str:
    """Chromium's path; else skip, or fail when LANTERN_REQUIRE_BROWSER=1 (as in CI)."""
    path = find_chromium()
    if path is None:
        if os.environ.get("LANTERN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LANTERN_REQUIRE_BROWSER=1 but {MISSING_CHROMIUM}", pytrace=False)
        pytest.skip(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium()


# --- The browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path: str, django_db_setup: None) -> Iterator[Any]:
    """One Chromium for the session.

    Playwright's sync API leaves its asyncio loop marked as running in the main thread
    for as long as Playwright is started, and Django then refuses every ORM call made
    from that thread (seeding, reading a TOTP key, and any test that runs after this
    one in the same session). Tests drive the browser one step at a time, so nothing
    runs concurrently: allow synchronous ORM calls while the browser is up, and put
    the guard back afterwards. The test database is set up before (and torn down
    after) this fixture, outside that window.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Tables the demo does not own: Django fills them again itself after each test's flush.
NOT_DEMO_DATA = {"django_content_type", "auth_permission", "django_session"}


@pytest.fixture(scope="session")
def demo_snapshot() -> dict[str, snapshots.Snapshot | None]:
    """Where this worker keeps the demo data once it has been built through the services."""
    return {"rows": None}


@pytest.fixture
def site(live_server: Any, transactional_db: None, demo_snapshot: dict[str, snapshots.Snapshot | None]) -> str:
    """The live server's URL, with the demo partnership and its users in the database.

    The demo is built through the services (``seed_demo``) by the first browser test
    of each worker, which then keeps those exact rows (tests/support/snapshot.py); the
    next tests copy the rows back (ciphertexts, audit chain and two-factor keys included)
    instead of replaying every service call after each test's flush. The rows are the
    same either way: only the time to make them differs.
    """
    if demo_snapshot["rows"] is None:
        call_command("seed_demo", stdout=io.StringIO())
        demo_snapshot["rows"] = snapshots.take(exclude=NOT_DEMO_DATA)
    else:
        snapshots.restore(demo_snapshot["rows"])
    return str(live_server.url)


@dataclass
class Journey:
    """One browser context and its page, with the record of everything it requested."""

    page: Any
    base_url: str
    artifacts: Path
    requests: list[str] = field(default_factory=list)
    documents: list[tuple[int, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    shots: int = 0
    # Set when the journey's own context runs without JavaScript: axe then runs in this one.
    axe_context: Any = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path))

    def third_party_requests(self) -> list[str]:
        return [url for url in self.requests if not is_same_origin(url, self.base_url)]

    def check(self, label: str, *, status: int = 200, axe: bool = True) -> None:
        """The page now shown is what a user should see: right status, accessible, self-contained."""
        page = self.page
        page.wait_for_load_state("load")
        self.screenshot(label)
        title = page.title()
        if status < 400:
            assert not title.startswith(ERROR_TITLES), f"{label}: error page {title!r} at {page.url}"
        last_status = self.documents[-1][0] if self.documents else None
        assert last_status == status, f"{label}: {page.url} answered {last_status}, expected {status}"
        assert title.endswith("– Lantern"), f"{label}: unexpected title {title!r}"
        if status >= 400:
            # The browser reports the page's own error status in the console: that one is expected.
            expected = f"the server responded with a status of {status}"
            self.console_errors = [e for e in self.console_errors if expected not in e]
        if axe and self.axe_context is None:
            check_axe(page, label=label)
        elif axe:
            self.check_axe_on_copy(label)
        assert not self.third_party_requests(), (
            f"{label}: requests to other origins: {self.third_party_requests()}"
        )
        assert not self.console_errors, f"{label}: browser console errors: {self.console_errors}"

    def check_axe_on_copy(self, label: str) -> None:
        """Run axe on an exact copy of a page shown without JavaScript.

        With JavaScript disabled Playwright cannot evaluate anything in the page (it
        waits for ever), so the DOM the user sees is served, unchanged, into a page of
        a JavaScript-enabled context, with Lantern's own scripts stubbed out so that
        nothing enhances it, and axe runs there.
        """
        html, url = self.page.content(), self.page.url
        copy = self.axe_context.new_page()
        try:
            copy.route(
                url,
                lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
            )
            copy.route(
                re.compile(r"\.mjs(\?|$)"),  # with or without a version in the address
                lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
            )
            copy.goto(url)
            assert not copy.evaluate("document.body.classList.contains('js-enabled')")
            check_axe(copy, label=f"{label}, without JavaScript")
        finally:
            copy.close()

    def screenshot(self, label: str) -> None:
        from playwright.sync_api import Error as PlaywrightError

        self.shots += 1
        self.artifacts.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        path = str(self.artifacts / f"{self.shots:02d}-{name}.png")
        # The screenshot is a record for people reading the run, not a check: Chromium
        # can refuse a full-page capture now and then ("Unable to capture screenshot")
        # on a busy machine, so try again, then the visible part, then say so and go on.
        for full_page in (True, True, False):
            try:
                self.page.screenshot(path=path, full_page=full_page)
                return
            except PlaywrightError as error:
                failure = error
        warnings.warn(f"{label}: no screenshot ({failure.message})", stacklevel=2)


def is_same_origin(url: str, base_url: str) -> bool:
    # data: URIs (the enrolment QR code) are part of the page, not a request to anyone.
    return url.startswith(("data:", base_url + "/")) or url == base_url


def _artifact_dir(request: pytest.FixtureRequest) -> Path:
    directory = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(directory, ignore_errors=True)
    return directory


DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
# A common phone (iPhone 12 to 15): 390 CSS pixels wide.
MOBILE_CONTEXT = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_journey(browser: Any, base_url: str, artifacts: Path, **context_options: Any) -> tuple[Any, Journey]:
    """A new browser context and page; ``context_options`` may replace the locale or the viewport."""
    options = {"locale": "en-GB", "viewport": DESKTOP_VIEWPORT, **context_options}
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    journey = Journey(page=page, base_url=base_url, artifacts=artifacts)
    context.on("request", lambda req: journey.requests.append(req.url))

    def on_response(response: Any) -> None:
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            journey.documents.append((response.status, response.url))

    page.on("response", on_response)
    page.on("console", lambda msg: journey.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: journey.console_errors.append(str(exc)))
    return context, journey


@pytest.fixture
def journey(browser: Any, site: str, request: pytest.FixtureRequest) -> Iterator[Journey]:
    context, journey = open_journey(browser, site, _artifact_dir(request))
    yield journey
    context.close()


@pytest.fixture
def new_journey(
    browser: Any, site: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Journey]]:
    """``new_journey(name)``: one more browser context, for another person in the same test.

    Each has its own cookies (so its own sign-in) and its screenshots in ``<test>/<name>/``.
    """
    artifacts = _artifact_dir(request)
    contexts: list[Any] = []

    def open_another(name: str) -> Journey:
        context, journey = open_journey(browser, site, artifacts / re.sub(r"[^A-Za-z0-9_.-]+", "-", name))
        contexts.append(context)
        return journey

    yield open_another
    for context in contexts:
        context.close()


@pytest.fixture
def mobile_journey(browser: Any, site: str, request: pytest.FixtureRequest) -> Iterator[Journey]:
    """A journey on a phone-sized screen (390 by 844, touch)."""
    context, journey = open_journey(browser, site, _artifact_dir(request), **MOBILE_CONTEXT)
    yield journey
    context.close()


@pytest.fixture
def journey_without_js(browser: Any, site: str, request: pytest.FixtureRequest) -> Iterator[Journey]:
    context, journey = open_journey(browser, site, _artifact_dir(request), java_script_enabled=False)
    journey.axe_context = browser.new_context(base_url=site, viewport=DESKTOP_VIEWPORT)
    yield journey
    journey.axe_context.close()
    context.close()


# --- axe-core ---------------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    assert AXE_JS.exists(), f"axe-core is missing at {AXE_JS}: run `npm ci` (or `make setup`)"
    return AXE_JS.read_text(encoding="utf-8")


def check_axe(page: Any, *, label: str = "") -> None:
    """Assert axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the page as shown.

    ``page.add_script_tag(path=...)`` cannot be used: it adds an inline <script>,
    which Lantern's Content Security Policy (script-src 'self') rightly blocks, and
    bypassing the CSP for the whole context would hide real CSP violations from the
    console check. So axe's source is evaluated through the DevTools protocol,
    which the page's CSP does not govern.
    """
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(_axe_source())
    results = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
              .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))})))""",
        WCAG_TAGS,
    )
    if results:
        lines = [f"axe found {len(results)} violation(s) on {page.url} ({label}):"]
        for violation in results:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {node['summary']}")
        pytest.fail("\n".join(lines), pytrace=False)


# --- Signing in ----------------------------------------------------------------------------


def totp_code(*, bin_key: bytes, step: int = 30, t0: int = 0, digits: int = 6, drift: int = 0) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(bin_key, step, t0, digits, drift)
    totp.time = time.time()
    return f"{totp.token():0{digits}d}"


def totp_code_for(email: str) -> str:
    """The current code of the user's confirmed authenticator, as their phone would show it.

    django-otp refuses a code from a time step already used by the device; tests that sign
    the same user in twice within 30 seconds would trip on that, so forget the last step.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return totp_code(
        bin_key=device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )


def sign_in_as(
    journey: Journey, email: str, password: str = DEMO_PASSWORD, *, check_pages: bool = True
) -> None:
    """Sign in with email and password, then the second factor, ending on the home page."""
    page = journey.page
    journey.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(journey.url("/two-factor/"))
    if check_pages:
        journey.check("two-factor code")
    page.get_by_label("Security code").fill(totp_code_for(email))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(journey.url("/"))


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """``sign_in(journey, email)``: test modules get helpers as fixtures, since ``tests/`` is no package."""
    return sign_in_as


# Playwright's assertions wait for the page; a shared CI machine can be slower than the 5-second default.
expect.set_options(timeout=15_000)
