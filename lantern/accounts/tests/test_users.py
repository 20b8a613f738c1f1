"""System administrators manage accounts: create, change roles, deactivate, reset."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType, ApiToken, BackupCodeDevice, User
from lantern.accounts.tests.factories import AgencyFactory
from lantern.accounts.tests.helpers import error_summary, sign_in
from lantern.audit.models import AuditEntry
from tests.support import TEST_PASSWORD, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return AgencyFactory(name="Sandwell Council – Housing")


@pytest.fixture
def worker(housing):
    return make_user(Role.CASE_WORKER, agency=housing, email="amira.khan@lantern.example", full_name="Amira Khan")


def new_user_data(agency: Agency, **overrides):
    data = {
        "full_name": "Priya Sandhu",
        "email": "Priya.Sandhu@Lantern.Example",
        "job_title": "Community safety officer",
        "agency": agency.pk,
        "roles": [Role.PROCUREMENT_OFFICER, Role.FIRST_RESPONDER],
    }
    data.update(overrides)
    return data


# --- Creating accounts -----------------------------------------------------------


def test_create_page_offers_every_role_with_its_description(admin_client):
    html = admin_client.get("/users/new/").content.decode()
    assert "Create an account" in html
    for role in Role:
        assert f'value="{role.value}"' in html
    assert "Board members: reads aggregate figures and reports, never personal data." in html


def test_admin_creates_an_account_with_roles_and_an_audit_entry(admin_client, admin_user, housing):
    response = admin_client.post("/users/new/", new_user_data(housing), follow=True)
    user = User.objects.get(email="priya.sandhu@lantern.example")
    assert response.redirect_chain == [(f"/users/{user.pk}/", 302)]
    html = response.content.decode()
    assert "Account created for Priya Sandhu." in html
    assert "Procurement officer" in html and "First responder" in html
    assert "Not set up yet" in html  # two-factor authentication

    assert user.role_set == {Role.PROCUREMENT_OFFICER, Role.FIRST_RESPONDER}
    assert user.agency == housing and user.job_title == "Community safety officer"
    assert not user.has_usable_password()  # they choose their own through the emailed link

    entry = AuditEntry.objects.get(action="user.create")
    assert entry.actor == admin_user
    assert entry.target_label == "priya.sandhu@lantern.example"
    assert entry.changes == {"agency": housing.pk, "roles": sorted([Role.PROCUREMENT_OFFICER, Role.FIRST_RESPONDER])}


def test_new_account_is_emailed_a_link_to_set_a_password(admin_client, housing):
    admin_client.post("/users/new/", new_user_data(housing))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["priya.sandhu@lantern.example"]
    assert "Your Lantern account" in message.subject
    link = re.search(r"https?://testserver(/password-reset/\S+/)", message.body).group(1)

    client = Client()
    page = client.get(link, follow=True)
    passphrase = "lantern river orchard candle meadow pebble"
    client.post(page.redirect_chain[-1][0], {"new_password1": passphrase, "new_password2": passphrase})
    signed_in, response = sign_in("priya.sandhu@lantern.example", passphrase)
    assert response.status_code == 302
    assert signed_in.get("/", follow=True).redirect_chain[-1][0] == "/two-factor/set-up/"


def test_password_link_reaches_a_user_who_has_never_set_a_password(admin_client, admin_user, housing):
    user = services.user_create(acting_user=admin_user, email="new@lantern.example", full_name="New Person",
                                agency=housing, roles=[Role.FIRST_RESPONDER])
    admin_client.post(f"/users/{user.pk}/send-password-link/")
    assert [m.to for m in mail.outbox] == [["new@lantern.example"]]


def test_password_link_action_emails_a_user_with_a_password(admin_client, worker):
    response = admin_client.post(f"/users/{worker.pk}/send-password-link/", follow=True)
    assert "A link to set a password has been emailed to amira.khan@lantern.example." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["amira.khan@lantern.example"]]


def test_duplicate_email_is_refused(admin_client, worker, housing):
    response = admin_client.post("/users/new/", new_user_data(housing, email="AMIRA.KHAN@lantern.example"))
    assert "An account with this email address already exists" in error_summary(response)
    assert User.objects.filter(email="amira.khan@lantern.example").count() == 1


def test_create_form_explains_each_missing_answer(admin_client):
    response = admin_client.post("/users/new/", {"full_name": "", "email": "", "agency": "", "job_title": ""})
    html = error_summary(response)
    for message in ["Enter the person&#x27;s full name", "Enter an email address", "Choose the person&#x27;s agency",
                    "Choose at least one role"]:
        assert message in html
    assert User.objects.count() == 1  # only the administrator


def test_create_form_checks_the_email_format(admin_client, housing):
    response = admin_client.post("/users/new/", new_user_data(housing, email="not-an-email"))
    assert "Enter an email address in the correct format" in error_summary(response)


def test_inactive_agencies_are_not_offered(admin_client, housing):
    closed = AgencyFactory(name="Closed Project", is_active=False)
    html = admin_client.get("/users/new/").content.decode()
    assert housing.name in html.replace("&ndash;", "–")
    assert closed.name not in html
    response = admin_client.post("/users/new/", new_user_data(closed))
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(email="priya.sandhu@lantern.example").exists()


# --- Changing accounts ------------------------------------------------------------


def edit_data(user: User, **overrides):
    data = {"full_name": user.full_name, "email": user.email, "job_title": user.job_title,
            "agency": user.agency_id, "roles": sorted(user.role_set)}
    data.update(overrides)
    return data


def test_edit_form_is_prefilled(admin_client, worker):
    html = admin_client.get(f"/users/{worker.pk}/change/").content.decode()
    assert "Change Amira Khan&#x27;s account" in html
    assert 'value="Amira Khan"' in html
    assert "The sign-in email cannot be changed" in html


def test_changing_roles_takes_effect_at_once_and_ends_sessions(admin_client, admin_user, worker):
    their_client = verified_client(worker)
    assert their_client.get("/account/").status_code == 200

    response = admin_client.post(f"/users/{worker.pk}/change/", edit_data(worker, roles=[Role.BOARD_VIEWER]),
                                 follow=True)
    assert response.redirect_chain == [(f"/users/{worker.pk}/", 302)]
    assert "The account has been updated." in response.content.decode()
    assert "Board viewer" in response.content.decode()

    worker = User.objects.get(pk=worker.pk)
    assert worker.role_set == {Role.BOARD_VIEWER}
    assert their_client.get("/account/")["Location"].startswith("/sign-in/")

    entry = AuditEntry.objects.get(action="user.update")
    assert entry.actor == admin_user
    assert entry.changes == {"roles": [Role.BOARD_VIEWER]}


def test_changing_only_details_keeps_the_user_signed_in(admin_client, worker):
    their_client = verified_client(worker)
    admin_client.post(f"/users/{worker.pk}/change/", edit_data(worker, job_title="Team manager"))
    worker.refresh_from_db()
    assert worker.job_title == "Team manager"
    assert their_client.get("/account/").status_code == 200
    assert AuditEntry.objects.get(action="user.update").changes == {"job_title": "Team manager"}


def test_email_cannot_be_changed_by_editing(admin_client, worker):
    admin_client.post(f"/users/{worker.pk}/change/", edit_data(worker, email="someone.else@lantern.example"))
    worker.refresh_from_db()
    assert worker.email == "amira.khan@lantern.example"


@pytest.mark.parametrize("roles", [[Role.BOARD_VIEWER], [Role.SYSTEM_ADMINISTRATOR, Role.CASE_WORKER]])
def test_admins_own_page_does_not_offer_their_roles_or_agency(admin_client, admin_user, housing, roles):
    page = admin_client.get(f"/users/{admin_user.pk}/change/").content.decode()
    assert "You cannot change your own roles or agency. Ask another system administrator." in page
    assert 'name="roles"' not in page and 'name="agency"' not in page
    # A crafted post is ignored for roles and agency; other details still change.
    response = admin_client.post(f"/users/{admin_user.pk}/change/",
                                 edit_data(admin_user, roles=roles, agency=housing.pk, job_title="Lead"))
    assert response.status_code == 302
    admin_user = User.objects.get(pk=admin_user.pk)
    assert admin_user.role_set == {Role.SYSTEM_ADMINISTRATOR}
    assert admin_user.agency != housing and admin_user.job_title == "Lead"
    assert not admin_user.role_grants.exists()


# --- Deactivating, reactivating, resetting ------------------------------------------


def test_deactivation_needs_a_reason(admin_client, worker):
    page = admin_client.get(f"/users/{worker.pk}/deactivate/").content.decode()
    assert "Deactivate Amira Khan&#x27;s account" in page
    assert "their API tokens revoked" in page
    response = admin_client.post(f"/users/{worker.pk}/deactivate/", {"reason": ""})
    assert "Enter why the account is being deactivated" in error_summary(response)
    assert User.objects.get(pk=worker.pk).is_active


def test_deactivation_ends_sessions_and_revokes_tokens_at_once(admin_client, admin_user, worker):
    their_client = verified_client(worker)
    _, raw = services.api_token_create(user=worker, name="Script")
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    response = admin_client.post(f"/users/{worker.pk}/deactivate/", {"reason": "Left the council"}, follow=True)
    html = response.content.decode()
    assert "Amira Khan&#x27;s account has been deactivated and all their sessions ended." in html
    assert "This account is deactivated" in html

    assert their_client.get("/account/")["Location"].startswith("/sign-in/")
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code in (401, 403)
    assert ApiToken.objects.get(user=worker).revoked_at is not None
    assert sign_in(worker.email)[1].status_code == 200  # the sign-in form again: refused

    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.actor == admin_user
    assert entry.changes == {"is_active": False, "reason": "Left the council"}


def test_admin_cannot_deactivate_themself(admin_client, admin_user):
    detail = admin_client.get(f"/users/{admin_user.pk}/").content.decode()
    assert "Deactivate account" not in detail
    response = admin_client.post(f"/users/{admin_user.pk}/deactivate/", {"reason": "Testing"})
    assert response.status_code == 200
    assert "You cannot deactivate your own account." in error_summary(response)
    assert User.objects.get(pk=admin_user.pk).is_active
    assert admin_client.get("/users/").status_code == 200
    assert not AuditEntry.objects.filter(action="user.deactivate").exists()


def test_the_service_refuses_self_demotion_and_self_deactivation_as_invalid(admin_user):
    """The rules are the service's, so every caller (not only these pages) is held to them."""
    with pytest.raises(ValidationError, match="You cannot change your own roles or agency"):
        services.user_update(user=admin_user, acting_user=admin_user, full_name=admin_user.full_name, job_title="",
                             agency=admin_user.agency, roles=[Role.BOARD_VIEWER])
    with pytest.raises(ValidationError, match="You cannot deactivate your own account."):
        services.user_deactivate(user=admin_user, acting_user=admin_user, reason="Testing")
    admin_user = User.objects.get(pk=admin_user.pk)
    assert admin_user.is_active and admin_user.role_set == {Role.SYSTEM_ADMINISTRATOR}
    assert not AuditEntry.objects.filter(action__in=["user.update", "user.deactivate"]).exists()


def test_reactivated_user_can_sign_in_again(admin_client, admin_user, worker):
    old_session = verified_client(worker)
    services.user_deactivate(user=worker, acting_user=admin_user, reason="Career break")
    detail = admin_client.get(f"/users/{worker.pk}/").content.decode()
    assert "Reactivate account" in detail

    admin_client.post(f"/users/{worker.pk}/reactivate/")
    assert User.objects.get(pk=worker.pk).is_active
    assert sign_in(worker.email, TEST_PASSWORD)[1].status_code == 302
    assert AuditEntry.objects.filter(action="user.reactivate", actor=admin_user).exists()
    # Sessions from before the deactivation do not come back to life.
    assert old_session.get("/account/")["Location"].startswith("/sign-in/")


def test_reset_two_factor_makes_the_user_enrol_again(admin_client, worker):
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    services.backup_codes_generate(user=worker)
    their_client = verified_client(worker)
    assert "Reset two-factor authentication" in admin_client.get(f"/users/{worker.pk}/").content.decode()

    response = admin_client.post(f"/users/{worker.pk}/reset-two-factor/", follow=True)
    assert "Amira Khan will set up two-factor authentication at their next sign-in." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not BackupCodeDevice.objects.filter(user=worker).exists()
    assert their_client.get("/account/")["Location"].startswith("/sign-in/")

    client, _ = sign_in(worker.email)
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/two-factor/set-up/"
    assert AuditEntry.objects.filter(action="user.reset_two_factor").exists()


def test_an_unknown_action_is_not_found(admin_client, worker):
    assert admin_client.post(f"/users/{worker.pk}/delete-everything/").status_code == 404
    assert User.objects.filter(pk=worker.pk, is_active=True).exists()


def test_actions_are_post_only(admin_client, worker):
    assert admin_client.get(f"/users/{worker.pk}/end-sessions/").status_code == 405


# --- The list of users ------------------------------------------------------------


def test_user_list_shows_users_and_filters_them(admin_client, admin_user, worker):
    police = AgencyFactory(name="West Midlands Police", agency_type=AgencyType.POLICE)
    make_user(Role.CASE_WORKER, agency=police, full_name="Laura Evans", email="laura.evans@police.example")
    make_user(Role.PROGRAMME_MANAGER, full_name="Tom Whitehouse", email="tom@lantern.example")
    gone = make_user(Role.FIRST_RESPONDER, full_name="Gone Away", email="gone@lantern.example")
    services.user_deactivate(user=gone, acting_user=admin_user, reason="Left")

    def names(query: str) -> set[str]:
        html = admin_client.get(f"/users/{query}").content.decode()
        return {n for n in ["Amira Khan", "Laura Evans", "Tom Whitehouse", "Gone Away"] if n in html}

    assert names("") == {"Amira Khan", "Laura Evans", "Tom Whitehouse"}
    assert "4 users" in admin_client.get("/users/").content.decode()  # with the administrator
    assert names("?q=evans") == {"Laura Evans"}
    assert names("?q=tom%40lantern") == {"Tom Whitehouse"}
    assert names(f"?role={Role.PROGRAMME_MANAGER}") == {"Tom Whitehouse"}
    assert names(f"?agency={police.pk}") == {"Laura Evans"}
    assert names("?status=deactivated") == {"Gone Away"}
    assert names("?status=all") == {"Amira Khan", "Laura Evans", "Tom Whitehouse", "Gone Away"}
    # Nonsense filters are ignored rather than failing.
    assert names("?role=emperor&agency=abc") == {"Amira Khan", "Laura Evans", "Tom Whitehouse"}
