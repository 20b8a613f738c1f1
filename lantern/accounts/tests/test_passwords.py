"""Password rules on the change-password page, and the forgotten-password route."""

import re

import pytest
from django.core import mail
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.helpers import error_summary, sign_in
from lantern.audit.models import AuditEntry
from tests.support import TEST_PASSWORD, make_user, verified_client

pytestmark = pytest.mark.django_db

PASSPHRASE_64 = "lantern river orchard candle meadow pebble violin harbour sunset"  # 64 characters


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, email="grace.bennett@lantern.example", full_name="Grace Bennett")


def change(client: Client, new: str, old: str = TEST_PASSWORD):
    return client.post(
        "/account/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_change_password_page_renders(worker):
    response = verified_client(worker).get("/account/password/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Change your password" in html
    assert "Current password" in html


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("qwerty123456", "This password is too common."),
        ("short pass", "This password is too short. It must contain at least 12 characters."),
        ("839274619283746", "This password is entirely numeric."),
        ("abababababababab", "Password must not be made of a few repeated characters."),
        ("a" * 129 + "bcdefgh", "Password must be 128 characters or fewer."),
    ],
)
def test_weak_or_overlong_passwords_are_refused(worker, password, message):
    client = verified_client(worker)
    response = change(client, password)
    assert response.status_code == 200
    html = error_summary(response)
    assert message.replace("'", "&#x27;") in html
    worker.refresh_from_db()
    assert worker.check_password(TEST_PASSWORD)


def test_exactly_128_characters_is_accepted_but_129_is_not(worker):
    words = "quiet orchard lantern meadow harbour "
    long_ok = (words * 4)[:128]
    assert len(long_ok) == 128
    client = verified_client(worker)
    assert change(client, long_ok + "x").status_code == 200
    assert change(client, long_ok)["Location"] == "/account/"


def test_long_passphrase_is_accepted(worker):
    assert len(PASSPHRASE_64) >= 64
    client = verified_client(worker)
    response = change(client, PASSPHRASE_64)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "Your password has been changed." in client.get("/account/").content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSPHRASE_64)
    assert AuditEntry.objects.filter(action="user.change_password", actor=worker).exists()
    # The new password signs in; the old one does not.
    assert sign_in(worker.email, PASSPHRASE_64)[1].status_code == 302
    assert sign_in(worker.email, TEST_PASSWORD)[1].status_code == 200


def test_wrong_current_password_is_refused(worker):
    response = change(verified_client(worker), PASSPHRASE_64, old="not my password")
    assert "Your old password was entered incorrectly" in error_summary(response)
    worker.refresh_from_db()
    assert worker.check_password(TEST_PASSWORD)


def test_mismatched_new_passwords_are_refused(worker):
    response = verified_client(worker).post(
        "/account/password/",
        {"old_password": TEST_PASSWORD, "new_password1": PASSPHRASE_64, "new_password2": PASSPHRASE_64 + "!"},
    )
    assert "didn" in error_summary(response)  # "The two password fields didn’t match."


def test_changing_password_keeps_this_session_and_ends_the_others(worker):
    here = verified_client(worker)
    elsewhere = verified_client(worker)
    assert change(here, PASSPHRASE_64).status_code == 302
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/")["Location"].startswith("/sign-in/")


def test_forgotten_password_emails_a_working_link(worker):
    client = Client()
    response = client.post("/password-reset/", {"email": "Grace.Bennett@lantern.example"})
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    assert "Reset your Lantern password" in message.subject
    link = re.search(r"https?://testserver(/password-reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": PASSPHRASE_64, "new_password2": PASSPHRASE_64})
    assert done["Location"] == "/password-reset/done/"
    assert sign_in(worker.email, PASSPHRASE_64)[1].status_code == 302

    # The link works once.
    assert "The link has expired or has already been used" in Client().get(link, follow=True).content.decode()


def test_forgotten_password_for_unknown_address_reveals_nothing(db):
    response = Client().post("/password-reset/", {"email": "nobody@lantern.example"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_forgotten_password_page_asks_for_an_address(db):
    response = Client().post("/password-reset/", {"email": ""})
    assert "Enter your email address" in error_summary(response)


def test_a_password_too_long_to_sign_in_with_cannot_be_chosen(worker):
    """The sign-in form refuses passwords over 4,096 characters, so none can be set."""
    too_long = "lantern orchard " * 300
    assert "Enter a password of 4096 characters or fewer" in error_summary(change(verified_client(worker), too_long))
    client = Client()
    client.post("/password-reset/", {"email": worker.email})
    link = re.search(r"https?://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": too_long, "new_password2": too_long})
    assert "Enter a password of 4096 characters or fewer" in error_summary(response)
    assert sign_in(worker.email)[1].status_code == 302  # the old password still works
