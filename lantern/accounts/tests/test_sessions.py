"""Session lifetime (idle and absolute), signing out everywhere, and response headers."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.middleware import SESSION_STARTED_KEY
from lantern.accounts.sessions import cached_db
from lantern.accounts.tests.helpers import sign_in
from lantern.audit.models import AuditEntry
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, full_name="Daniel Okafor")


def age_session(client, hours: float) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = (timezone.now() - timedelta(hours=hours)).timestamp()
    session.save()


def test_idle_timeout_is_thirty_minutes_renewed_at_most_once_a_minute(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.LANTERN_SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_ENGINE == "lantern.accounts.sessions.db"
    assert settings.SESSION_COOKIE_HTTPONLY is True


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_does_not_write_the_session_while_its_expiry_is_fresh(worker):
    client = verified_client(worker)
    client.get("/account/")
    before = stored_expiry(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/account/").status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
    assert stored_expiry(client) == before


@pytest.mark.parametrize(("left", "renewed"), [(timedelta(minutes=29, seconds=30), False),
                                                (timedelta(minutes=28, seconds=59), True)])
def test_the_session_ends_at_most_thirty_minutes_after_the_last_page(worker, left, renewed):
    """The expiry is renewed once it is a minute or more behind, so it is always 29 to 30 minutes ahead."""
    client = verified_client(worker)
    client.get("/account/")  # the first page after signing in starts the clock (and so saves the session)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + left)
    assert client.get("/account/").status_code == 200
    expiry = stored_expiry(client)
    assert timezone.now() + timedelta(minutes=29) < expiry <= timezone.now() + timedelta(minutes=30)
    assert (expiry > timezone.now() + left + timedelta(seconds=20)) is renewed


def test_a_cached_session_knows_its_expiry_without_reading_the_database(monkeypatch):
    """With the cached sessions of production, the expiry kept with the data decides when to renew."""
    store = cached_db.SessionStore()
    store["signed_in"] = True
    store.create()
    again = cached_db.SessionStore(store.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert again.needs_idle_refresh() is False
    assert len(queries) == 0  # read from the cache
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert cached_db.SessionStore(store.session_key).needs_idle_refresh() is True


def test_activity_pushes_the_idle_expiry_back(worker):
    client = verified_client(worker)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=2))
    assert client.get("/account/").status_code == 200
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29)


def test_idle_session_has_ended(worker):
    client = verified_client(worker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/account/")["Location"].startswith("/sign-in/")


def test_session_within_its_absolute_lifetime_carries_on(settings, worker):
    client = verified_client(worker)
    age_session(client, settings.LANTERN_SESSION_ABSOLUTE_HOURS - 0.1)
    assert client.get("/account/").status_code == 200


def test_first_request_after_sign_in_starts_the_clock(worker):
    client = verified_client(worker)
    before = timezone.now().timestamp()
    client.get("/account/")
    started = client.session[SESSION_STARTED_KEY]
    assert before - 1 <= started <= timezone.now().timestamp()


def test_session_older_than_its_absolute_lifetime_is_ended(settings, worker):
    client = verified_client(worker)
    age_session(client, settings.LANTERN_SESSION_ABSOLUTE_HOURS + 0.1)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert "Your session has ended" in client.get("/sign-in/").content.decode()
    # Signed out for good: a staff page now asks for a sign-in.
    assert client.get("/account/")["Location"].startswith("/sign-in/")


def test_expired_session_is_refused_by_the_api(settings, worker):
    client = verified_client(worker)
    age_session(client, settings.LANTERN_SESSION_ABSOLUTE_HOURS + 0.1)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_sign_out_on_all_other_devices_keeps_this_one(worker):
    here = verified_client(worker)
    phone = verified_client(worker)
    assert phone.get("/account/").status_code == 200

    response = here.post("/account/sign-out-everywhere/", follow=True)
    assert response.redirect_chain == [("/account/", 302)]
    assert "You have been signed out on every other device and browser." in response.content.decode()

    assert here.get("/account/").status_code == 200
    assert phone.get("/account/")["Location"].startswith("/sign-in/")
    entry = AuditEntry.objects.get(action="user.end_sessions")
    assert entry.actor == worker and entry.target_label == worker.email


def test_sign_out_everywhere_is_post_only(worker):
    assert verified_client(worker).get("/account/sign-out-everywhere/").status_code == 405


def test_admin_ends_all_sessions_of_a_user(worker, admin_client, admin_user):
    laptop = verified_client(worker)
    phone = verified_client(worker)
    response = admin_client.post(f"/users/{worker.pk}/end-sessions/", follow=True)
    assert "All of Daniel Okafor&#x27;s sessions have been ended." in response.content.decode()
    assert laptop.get("/")["Location"].startswith("/sign-in/")
    assert phone.get("/api/v1/me/").status_code in (401, 403)
    # The administrator's own session is untouched.
    assert admin_client.get("/users/").status_code == 200
    assert AuditEntry.objects.get(action="user.end_sessions").actor == admin_user


def test_signed_in_pages_carry_security_headers(worker):
    response = verified_client(worker).get("/account/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_session_cookie_is_http_only_and_same_site(worker):
    _, response = sign_in(worker.email)
    cookie = response.cookies["lantern_session"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
