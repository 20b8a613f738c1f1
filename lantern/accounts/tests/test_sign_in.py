"""Signing in: password, then a second factor (authenticator code or backup code)."""

import base64
import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.capabilities import Role
from lantern.accounts.models import BackupCode, BackupCodeDevice
from lantern.accounts.tests.factories import totp_code
from lantern.accounts.tests.helpers import error_summary, sign_in
from lantern.audit.models import AuditEntry
from tests.support import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/", "/users/", "/account/", "/partnership/", "/audit/", "/agencies/"]


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, email="daniel.okafor@lantern.example", full_name="Daniel Okafor")


@pytest.fixture
def device(worker):
    return TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)


def test_sign_in_page_renders_for_anonymous_visitors(db):
    response = Client().get("/sign-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign in to Lantern" in html
    assert 'name="username"' in html and 'name="password"' in html
    assert "I have forgotten my password" in html
    assert "govuk-error-summary" not in html


def test_anonymous_visitor_is_sent_to_sign_in(db):
    assert Client().get("/")["Location"] == "/sign-in/"
    response = Client().get("/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/users/")


def test_wrong_password_shows_a_govuk_error_and_signs_nobody_in(worker):
    client, response = sign_in(worker.email, "not the password at all")
    assert response.status_code == 200
    html = error_summary(response)
    assert "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_empty_form_asks_for_both_fields(db):
    response = Client().post("/sign-in/", {"username": "", "password": ""})
    html = error_summary(response)
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_correct_password_with_an_authenticator_leads_to_the_code_page(worker, device):
    client, response = sign_in(worker.email)
    assert response.status_code == 302
    final = client.get(response["Location"], follow=True)
    assert final.redirect_chain[-1][0] == "/two-factor/"
    assert "Enter your security code" in final.content.decode()
    # The first step is audited.
    entry = AuditEntry.objects.get(action="user.sign_in_password")
    assert entry.actor == worker


def test_email_is_not_case_sensitive(worker, device):
    client, response = sign_in("Daniel.Okafor@Lantern.Example")
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/two-factor/"


def test_sign_in_returns_to_a_safe_next_page_only(worker, device):
    client = Client()
    response = client.post("/sign-in/?next=/users/", {"username": worker.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/users/"
    response = Client().post("/sign-in/?next=https://evil.example/", {"username": worker.email,
                                                                        "password": TEST_PASSWORD})
    assert response["Location"] == "/"


def test_correct_password_without_an_authenticator_leads_to_set_up(worker):
    client, response = sign_in(worker.email)
    assert response.status_code == 302
    final = client.get(response["Location"], follow=True)
    assert final.redirect_chain[-1][0] == "/two-factor/set-up/"
    html = final.content.decode()
    assert "Set up two-factor authentication" in html
    assert "lantern-qr" in html  # the QR code to scan
    # The key to type in instead of scanning is the device's own secret.
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    key = html.split('id="setup-key">', 1)[1].split("<", 1)[0]
    assert key.replace(" ", "") == base64.b32encode(device.bin_key).decode()


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_password_only_session_cannot_reach_staff_pages(worker, device, path):
    client, _ = sign_in(worker.email)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/"


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_password_only_session_without_device_is_sent_to_set_up(worker, path):
    client, _ = sign_in(worker.email)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/set-up/"


def test_password_only_session_is_refused_by_the_api(worker, device):
    client, _ = sign_in(worker.email)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    assert worker.email not in response.content.decode()


def test_password_only_session_shows_no_service_menu(worker, device):
    client, _ = sign_in(worker.email)
    html = client.get("/two-factor/").content.decode()
    assert "govuk-service-navigation__list" not in html


def test_correct_authenticator_code_signs_in_and_reaches_home(worker, device):
    client, _ = sign_in(worker.email)
    response = client.post("/two-factor/", {"token": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome, Daniel" in home.content.decode()
    entry = AuditEntry.objects.get(action="user.sign_in_two_factor")
    assert entry.actor == worker and entry.changes == {"method": "TOTPDevice"}
    # Verified: the two-factor page now just sends the user home.
    assert client.get("/two-factor/")["Location"] == "/"


def test_code_with_spaces_is_accepted(worker, device):
    client, _ = sign_in(worker.email)
    code = totp_code(device)
    response = client.post("/two-factor/", {"token": f" {code[:3]} {code[3:]} "})
    assert response["Location"] == "/"


def test_verification_returns_to_a_safe_next_page_only(worker, device):
    client, _ = sign_in(worker.email)
    response = client.post("/two-factor/?next=/account/", {"token": totp_code(device)})
    assert response["Location"] == "/account/"

    other, _ = sign_in(worker.email)
    response = other.post("/two-factor/?next=https://evil.example/", {"token": totp_code(device, steps_ahead=1)})
    assert response["Location"] == "/"


def test_wrong_code_shows_an_error_and_does_not_verify(worker, device):
    client, _ = sign_in(worker.email)
    good = totp_code(device)
    wrong = f"{(int(good) + 500_000) % 1_000_000:06d}"
    response = client.post("/two-factor/", {"token": wrong})
    assert response.status_code == 200
    html = error_summary(response)
    assert "The security code is not right" in html
    assert client.get("/account/")["Location"] == "/two-factor/"


@pytest.mark.parametrize("token", ["12345", "abcdef", "1234567"])
def test_malformed_code_is_refused_with_a_clear_message(worker, device, token):
    client, _ = sign_in(worker.email)
    response = client.post("/two-factor/", {"token": token})
    html = error_summary(response)
    assert "Enter the 6-digit code from your app or a 10-digit backup code" in html


def test_empty_code_is_refused(worker, device):
    client, _ = sign_in(worker.email)
    assert "Enter your security code" in error_summary(client.post("/two-factor/", {"token": ""}))


def test_backup_code_works_once_only(worker, device):
    codes = services.backup_codes_generate(user=worker)
    assert len(codes) == 10
    assert all(len(code.replace(" ", "")) == 10 for code in codes)

    client, _ = sign_in(worker.email)
    response = client.post("/two-factor/", {"token": codes[0]})
    assert response["Location"] == "/"
    assert client.get("/account/").status_code == 200
    assert AuditEntry.objects.get(action="user.sign_in_two_factor").changes == {"method": "BackupCodeDevice"}

    # Another, unused code works too (typed without its space).
    second, _ = sign_in(worker.email)
    assert second.post("/two-factor/", {"token": codes[1].replace(" ", "")})["Location"] == "/"
    assert BackupCode.objects.filter(device__user=worker).count() == 8

    # A code already used is refused.
    again, _ = sign_in(worker.email)
    response = again.post("/two-factor/", {"token": codes[0]})
    assert response.status_code == 200
    assert "has already been used" in error_summary(response)
    assert again.get("/account/")["Location"] == "/two-factor/"


def test_new_backup_codes_replace_the_old_ones(worker, device):
    old = services.backup_codes_generate(user=worker)
    client, _ = sign_in(worker.email)
    client.post("/two-factor/", {"token": totp_code(device)})
    response = client.post("/account/backup-codes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your new backup codes" in html
    assert old[0] not in html
    assert AuditEntry.objects.filter(action="user.regenerate_backup_codes", actor=worker).exists()

    later, _ = sign_in(worker.email)
    assert later.post("/two-factor/", {"token": old[0]}).status_code == 200  # refused


def test_password_only_session_cannot_make_new_backup_codes(worker, device):
    """Backup codes are a second factor: a session that has only passed the password gets none."""
    old = services.backup_codes_generate(user=worker)
    client, _ = sign_in(worker.email)
    response = client.post("/account/backup-codes/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/"
    assert set(BackupCode.objects.filter(device__user=worker).values_list("digest", flat=True)) == {
        BackupCodeDevice.digest_for(worker.pk, code) for code in old
    }
    assert not AuditEntry.objects.filter(action="user.regenerate_backup_codes").exists()


def test_password_only_session_without_device_cannot_make_backup_codes(worker):
    client, _ = sign_in(worker.email)
    response = client.post("/account/backup-codes/")
    assert response["Location"] == "/two-factor/set-up/"
    assert not BackupCode.objects.filter(device__user=worker).exists()
    assert not AuditEntry.objects.filter(action="user.regenerate_backup_codes").exists()


def test_signed_out_visitor_cannot_make_backup_codes(worker):
    response = Client().post("/account/backup-codes/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/backup-codes/"
    assert not BackupCode.objects.exists()
    assert not AuditEntry.objects.filter(action="user.regenerate_backup_codes").exists()


def test_enrolment_confirms_the_device_and_shows_backup_codes(worker):
    client, _ = sign_in(worker.email)
    page = client.get("/two-factor/set-up/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed is False

    # Re-visiting the page keeps the same secret (the QR code the user already scanned).
    client.get("/two-factor/set-up/")
    assert TOTPDevice.objects.filter(user=worker).count() == 1

    response = client.post("/two-factor/set-up/", {"token": totp_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Two-factor authentication is set up" in html
    assert "Save your backup codes" in html
    assert len(set(re.findall(r"\b\d{5} \d{5}\b", html))) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEntry.objects.filter(action="user.enrol_two_factor", actor=worker).exists()

    # The user is now fully signed in, and the set-up page is done with.
    assert client.get("/account/").status_code == 200
    assert client.get("/two-factor/set-up/")["Location"] == "/"


def test_backup_codes_shown_at_enrolment_work(worker):
    client, _ = sign_in(worker.email)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=worker)
    html = client.post("/two-factor/set-up/", {"token": totp_code(device)}).content.decode()
    first_code = re.search(r"\b\d{5} \d{5}\b", html).group(0)

    later, _ = sign_in(worker.email)
    assert later.post("/two-factor/", {"token": first_code})["Location"] == "/"


def test_enrolment_with_a_wrong_code_leaves_the_device_unconfirmed(worker):
    client, _ = sign_in(worker.email)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=worker)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post("/two-factor/set-up/", {"token": wrong})
    assert response.status_code == 200
    assert "The code is not right" in error_summary(response)
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/account/")["Location"] == "/two-factor/set-up/"


def test_enrolment_refuses_backup_code_length(worker):
    client, _ = sign_in(worker.email)
    client.get("/two-factor/set-up/")
    response = client.post("/two-factor/set-up/", {"token": "1234567890"})
    assert "Enter the 6-digit code from your app" in error_summary(response)


def test_user_with_a_device_cannot_enrol_another(worker, device):
    client, _ = sign_in(worker.email)
    response = client.get("/two-factor/set-up/")
    assert response["Location"] == "/two-factor/"
    assert TOTPDevice.objects.filter(user=worker).count() == 1


def test_verify_page_sends_users_without_a_device_to_set_up(worker):
    client, _ = sign_in(worker.email)
    assert client.get("/two-factor/")["Location"] == "/two-factor/set-up/"


def test_two_factor_pages_need_a_password_first(db):
    assert Client().get("/two-factor/")["Location"].startswith("/sign-in/")
    assert Client().get("/two-factor/set-up/")["Location"].startswith("/sign-in/")


def test_sign_out_is_post_only_and_ends_the_session(worker, device):
    client, _ = sign_in(worker.email)
    client.post("/two-factor/", {"token": totp_code(device)})
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/account/").status_code == 200
    response = client.post("/sign-out/")
    assert response["Location"] == "/sign-in/"
    assert client.get("/account/")["Location"].startswith("/sign-in/")


def test_signed_in_user_visiting_sign_in_is_sent_on(worker, device):
    client, _ = sign_in(worker.email)
    client.post("/two-factor/", {"token": totp_code(device)})
    assert client.get("/sign-in/")["Location"] == "/"


def test_deactivated_user_cannot_sign_in(worker, device):
    worker.is_active = False
    worker.save()
    client, response = sign_in(worker.email)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_user_without_a_password_cannot_sign_in(db):
    user = make_user(Role.CASE_WORKER)
    user.set_unusable_password()
    user.save()
    _, response = sign_in(user.email, TEST_PASSWORD)
    assert response.status_code == 200


@pytest.mark.parametrize("email", ["a" * 10_000 + "@lantern.example", "b" * 250 + "@x.example"])
def test_an_overlong_email_gets_the_form_error_and_records_no_attempt(db, email):
    from axes.models import AccessAttempt

    response = Client(raise_request_exception=True).post("/sign-in/", {"username": email, "password": "anything at all"})
    assert response.status_code == 200
    assert "Enter an email address of 254 characters or fewer" in error_summary(response)
    assert not AccessAttempt.objects.exists()


def test_an_overlong_password_is_refused_before_any_check(worker):
    from axes.models import AccessAttempt

    client, response = sign_in(worker.email, "x" * 5000)
    assert response.status_code == 200
    assert "Enter a correct email address and password" in error_summary(response)
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()  # refused by the form: no password was checked


def test_the_session_key_is_renewed_when_the_code_is_accepted(worker, device):
    client, _ = sign_in(worker.email)
    before = client.cookies["lantern_session"].value
    assert client.post("/two-factor/", {"token": totp_code(device)})["Location"] == "/"
    after = client.cookies["lantern_session"].value
    assert after != before
    # The key from before the second factor no longer opens anything.
    stale = Client()
    stale.cookies["lantern_session"] = before
    assert stale.get("/account/")["Location"].startswith("/sign-in/")
    assert client.get("/account/").status_code == 200


def test_the_session_key_is_renewed_when_enrolment_is_confirmed(worker):
    client, _ = sign_in(worker.email)
    client.get("/two-factor/set-up/")
    before = client.cookies["lantern_session"].value
    device = TOTPDevice.objects.get(user=worker)
    assert client.post("/two-factor/set-up/", {"token": totp_code(device)}).status_code == 200
    assert client.cookies["lantern_session"].value != before
    assert client.get("/account/").status_code == 200


def test_backup_codes_are_stored_only_as_keyed_hashes(worker, device):
    from django.db import connection

    codes = [code.replace(" ", "") for code in services.backup_codes_generate(user=worker)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM accounts_backupcode")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 10
    assert not any(code in value for code in codes for value in stored)
    assert not BackupCodeDevice.objects.exclude(user=worker).exists()
    # Still works, once.
    client, _ = sign_in(worker.email)
    assert client.post("/two-factor/", {"token": codes[3]})["Location"] == "/"
    again, _ = sign_in(worker.email)
    assert again.post("/two-factor/", {"token": codes[3]}).status_code == 200


def test_a_mistyped_app_code_does_not_hold_back_the_backup_codes(worker, device):
    """Each kind of code is checked only by its own device, so one kind's mistakes never slow the other.

    Otherwise every mistyped app code over the months counts against the backup codes (whose wait
    doubles with each failure) until, with the phone lost, they are refused for days.
    """
    codes = services.backup_codes_generate(user=worker)
    client, _ = sign_in(worker.email)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    assert client.post("/two-factor/", {"token": wrong}).status_code == 200
    assert client.post("/two-factor/", {"token": codes[0]})["Location"] == "/"
    assert BackupCodeDevice.objects.get(user=worker).throttling_failure_count == 0


def test_a_mistyped_backup_code_does_not_hold_back_the_app(worker, device):
    services.backup_codes_generate(user=worker)
    client, _ = sign_in(worker.email)
    assert client.post("/two-factor/", {"token": "1234567890"}).status_code == 200
    assert client.post("/two-factor/", {"token": totp_code(device)})["Location"] == "/"
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 0
