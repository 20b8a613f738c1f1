"""Who may open each accounts page and API route: every role, allowed and refused."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import ROLE_DESCRIPTIONS, Role
from lantern.accounts.models import Agency, User
from lantern.accounts.tests.factories import AgencyFactory
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

ADMIN = {Role.SYSTEM_ADMINISTRATOR}
EVERYONE = set(Role.values)
API_TOKEN_ROLES = {Role.CASE_WORKER, Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER, Role.PROCUREMENT_OFFICER,
                   Role.TRAINING_COORDINATOR}


@pytest.fixture
def subject():
    return make_user(Role.CASE_WORKER, full_name="Subject Person", email="subject@lantern.example")


@pytest.fixture
def agency():
    return AgencyFactory(name="West Midlands Police", agency_type="police")


ADMIN_PAGES = [
    "/users/",
    "/users/new/",
    "/users/{subject}/",
    "/users/{subject}/change/",
    "/users/{subject}/deactivate/",
    "/agencies/",
    "/agencies/new/",
    "/agencies/{agency}/change/",
]


@pytest.mark.parametrize("template", ADMIN_PAGES)
def test_admin_pages_are_for_system_administrators_only(template, subject, agency):
    url = template.format(subject=subject.pk, agency=agency.pk)
    assert_access(url, allowed=ADMIN, ok=(200,), refused=FORBIDDEN)


@pytest.mark.parametrize("action", ["end-sessions", "unlock", "reactivate", "reset-two-factor", "send-password-link"])
def test_user_actions_are_for_system_administrators_only(action, subject):
    assert_access(f"/users/{subject.pk}/{action}/", method="post", allowed=ADMIN, ok=(302,), refused=FORBIDDEN)


def test_only_administrators_can_deactivate(subject):
    refused_roles = EVERYONE - ADMIN
    assert refused_roles
    for role in refused_roles:
        client = verified_client(make_user(role))
        assert client.post(f"/users/{subject.pk}/deactivate/", {"reason": "Because"}).status_code == 403
    assert User.objects.get(pk=subject.pk).is_active
    assert_access(f"/users/{subject.pk}/deactivate/", method="post", data={"reason": "Left"}, allowed=ADMIN,
                  ok=(302,), refused=FORBIDDEN)
    assert not User.objects.get(pk=subject.pk).is_active


def test_only_administrators_can_create_users(agency):
    data = {"full_name": "Made Up", "email": "made.up@lantern.example", "agency": agency.pk,
            "roles": [Role.BOARD_VIEWER]}
    assert_access("/users/new/", method="post", data=data, allowed=ADMIN, ok=(302,), refused=FORBIDDEN)
    made = User.objects.get(email="made.up@lantern.example")
    assert made.role_set == {Role.BOARD_VIEWER}  # created once, by the administrator


def test_only_administrators_can_edit_users(subject):
    data = {"full_name": "Hijacked", "agency": subject.agency_id, "roles": [Role.SYSTEM_ADMINISTRATOR]}
    for role in EVERYONE - ADMIN:
        assert verified_client(make_user(role)).post(f"/users/{subject.pk}/change/", data).status_code == 403
    subject.refresh_from_db()
    assert subject.full_name == "Subject Person"
    assert User.objects.get(pk=subject.pk).role_set == {Role.CASE_WORKER}


def test_only_administrators_can_add_or_change_agencies(agency):
    data = {"name": "Sneaky Agency", "agency_type": "other", "is_active": "on"}
    assert_access("/agencies/new/", method="post", data=data, allowed=ADMIN, ok=(302,), refused=FORBIDDEN)
    assert Agency.objects.filter(name="Sneaky Agency").count() == 1
    rename = {"name": "Renamed", "agency_type": "police", "is_active": "on"}
    for role in EVERYONE - ADMIN:
        assert verified_client(make_user(role)).post(f"/agencies/{agency.pk}/change/", rename).status_code == 403
    agency.refresh_from_db()
    assert agency.name == "West Midlands Police"


@pytest.mark.parametrize("url", ["/account/", "/account/password/"])
def test_account_pages_are_for_every_role(url):
    assert_access(url, allowed=EVERYONE, ok=(200,))


def test_account_page_describes_each_role():
    for role in Role:
        html = verified_client(make_user(role)).get("/account/").content.decode()
        assert f"<strong>{role.label}</strong>" in html
        assert ROLE_DESCRIPTIONS[role].replace("'", "&#x27;") in html


def test_backup_codes_and_sign_out_everywhere_are_for_every_role():
    assert_access("/account/backup-codes/", method="post", allowed=EVERYONE, ok=(200,))
    assert_access("/account/sign-out-everywhere/", method="post", allowed=EVERYONE, ok=(302,))


def test_api_tokens_are_for_roles_that_use_the_api():
    assert_access("/account/api-tokens/new/", allowed=API_TOKEN_ROLES, ok=(200,), refused=FORBIDDEN)
    assert_access("/account/api-tokens/new/", method="post", data={"name": "Script", "days": 30},
                  allowed=API_TOKEN_ROLES, ok=(200,), refused=FORBIDDEN)


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/agencies/", "/api/v1/agencies/{agency}/"])
def test_api_routes_for_every_role(url, agency):
    assert_access(url.format(agency=agency.pk), allowed=EVERYONE, ok=(200,))


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/users/999999/"),
        ("get", "/users/999999/change/"),
        ("get", "/users/999999/deactivate/"),
        ("post", "/users/999999/end-sessions/"),
        ("post", "/users/999999/unlock/"),
        ("get", "/agencies/999999/change/"),
        ("post", "/agencies/999999/change/"),
        ("get", "/api/v1/agencies/999999/"),
        ("post", "/account/api-tokens/999999/revoke/"),
    ],
)
def test_unknown_ids_are_not_found(admin_client, method, url):
    assert getattr(admin_client, method)(url).status_code == 404


ALL_PAGES = [
    "/users/", "/users/new/", "/users/1/", "/users/1/change/", "/users/1/deactivate/", "/agencies/",
    "/agencies/new/", "/agencies/1/change/", "/account/", "/account/password/", "/account/api-tokens/new/",
]


@pytest.mark.parametrize("url", ALL_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/agencies/", "/api/v1/agencies/1/"])
def test_anonymous_api_calls_are_refused(db, url):
    assert Client().get(url).status_code in (401, 403)
