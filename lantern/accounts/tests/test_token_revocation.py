"""API tokens end with the sessions: sign out everywhere, a password change or reset, a two-factor reset.

Each path revokes the user's tokens and says which (name and date made), on the page and, when an
administrator did it, in an email to the user.
"""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.capabilities import Role
from lantern.accounts.models import ApiToken
from lantern.audit.models import AuditEntry
from tests.support import TEST_PASSWORD, make_user, verified_client

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lantern river orchard candle meadow pebble violin harbour sunset"  # noqa: S105


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, full_name="Daniel Okafor", email="daniel.okafor@lantern.example")


@pytest.fixture
def raw_token(worker):
    token, raw = services.api_token_create(user=worker, name="Monthly statistics script")
    ApiToken.objects.filter(pk=token.pk).update(created_at=datetime(2026, 3, 3, 12, tzinfo=UTC))
    return raw


def api_works(raw: str) -> bool:
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


TOLD = "API tokens have been revoked: &#x27;Monthly statistics script&#x27; (created 3 March 2026)."


def test_signing_out_everywhere_revokes_my_tokens_and_names_them(worker, raw_token):
    assert api_works(raw_token)
    response = verified_client(worker).post("/account/sign-out-everywhere/", follow=True)
    assert f"Your {TOLD}" in response.content.decode()
    assert not api_works(raw_token)
    assert AuditEntry.objects.get(action="user.end_sessions").changes == {"api_tokens_revoked": [raw_token[:10]]}


def test_an_administrator_ending_sessions_revokes_tokens_and_emails_the_user(
    admin_client, worker, raw_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/users/{worker.pk}/end-sessions/", follow=True)
    assert f"Their {TOLD}" in response.content.decode()
    assert not api_works(raw_token)
    [email] = mail.outbox
    assert email.to == [worker.email]
    assert "'Monthly statistics script' (created 3 March 2026)" in email.body
    assert "an administrator ended all your sessions" in email.body


def test_changing_my_password_revokes_my_tokens(worker, raw_token):
    client = verified_client(worker)
    response = client.post("/account/password/", {
        "old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    }, follow=True)
    html = response.content.decode()
    assert "Your password has been changed." in html
    assert f"Your {TOLD}" in html
    assert not api_works(raw_token)
    assert client.get("/account/").status_code == 200  # this session carries on


def test_resetting_a_forgotten_password_revokes_the_tokens(worker, raw_token):
    client = Client()
    client.post("/password-reset/", {"email": worker.email})
    link = re.search(r"https?://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/password-reset/done/"
    assert f"Your {TOLD}" in response.content.decode()
    assert not api_works(raw_token)
    assert AuditEntry.objects.get(action="user.reset_password").changes == {"api_tokens_revoked": [raw_token[:10]]}


def test_a_two_factor_reset_revokes_the_tokens_and_emails_the_user(
    admin_client, worker, raw_token, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/users/{worker.pk}/reset-two-factor/", follow=True)
    assert f"Their {TOLD}" in response.content.decode()
    assert not api_works(raw_token)
    [email] = mail.outbox
    assert email.to == [worker.email]
    assert "'Monthly statistics script' (created 3 March 2026)" in email.body
    assert "reset your two-factor authentication" in email.body


def test_no_tokens_no_mention_and_no_email(admin_client, worker, django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/users/{worker.pk}/reset-two-factor/", follow=True)
    assert "will set up two-factor authentication at their next sign-in." in response.content.decode()
    assert "have been revoked" not in response.content.decode()
    assert mail.outbox == []

