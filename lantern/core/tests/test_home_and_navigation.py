"""What each role sees: the service menu and the home page sections."""

import re

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.factories import AgencyFactory
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

MENU = {"Home": "/", "My work": "/my-work/", "Concerns": "/concerns/", "Cases": "/cases/",
        "Reports": "/reports/", "SHOP agenda": "/shop/agenda/", "Governance": "/governance/", "Insights": "/insights/",
        "Partnership": "/partnership/", "Audit trail": "/audit/", "Users": "/users/",
        "Agencies": "/agencies/", "Supply chains": "/supply-chain/", "Training": "/training/"}

EXPECTED_MENU = {
    Role.FIRST_RESPONDER: ["Home", "Concerns", "Partnership"],
    Role.CASE_WORKER: ["Home", "My work", "Concerns", "Cases", "Partnership"],
    Role.SHOP_COORDINATOR: ["Home", "My work", "Concerns", "Cases", "SHOP agenda", "Governance", "Insights",
                            "Partnership", "Supply chains"],
    Role.PROGRAMME_MANAGER: ["Home", "Concerns", "Cases", "Governance", "Insights", "Partnership", "Supply chains",
                             "Training"],
    Role.PROCUREMENT_OFFICER: ["Home", "Partnership", "Supply chains"],
    Role.REPORTING_TEAM: ["Home", "Concerns", "Reports", "Partnership"],
    Role.BOARD_VIEWER: ["Home", "Governance", "Insights", "Partnership", "Supply chains"],
    Role.DATA_PROTECTION_OFFICER: ["Home", "Partnership", "Audit trail"],
    Role.SYSTEM_ADMINISTRATOR: ["Home", "Partnership", "Users", "Agencies"],
    Role.TRAINING_COORDINATOR: ["Home", "Partnership", "Training"],
}

EXPECTED_SECTIONS = {
    Role.FIRST_RESPONDER: ["Concerns", "The partnership", "Training"],
    Role.CASE_WORKER: ["Concerns", "Cases", "The partnership", "Training"],
    Role.SHOP_COORDINATOR: ["Concerns", "Cases", "Governance", "The partnership", "Insights", "Training"],
    Role.PROGRAMME_MANAGER: ["Concerns", "Cases", "Supply chains", "Governance", "The partnership", "Insights",
                             "Training"],
    Role.PROCUREMENT_OFFICER: ["Supply chains", "The partnership", "Training"],
    Role.REPORTING_TEAM: ["Concerns", "Confidential reports", "The partnership", "Training"],
    Role.BOARD_VIEWER: ["Governance", "The partnership", "Insights", "Training"],
    Role.DATA_PROTECTION_OFFICER: ["Data protection", "Role requests", "The partnership", "Training"],
    Role.SYSTEM_ADMINISTRATOR: ["Administration", "Training"],
    Role.TRAINING_COORDINATOR: ["The partnership", "Training"],
}


def menu(html: str) -> list[tuple[str, str, bool]]:
    """(label, href, is current) for each item of the service menu."""
    if 'id="navigation"' not in html:
        return []
    block = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    items = []
    for item in re.findall(r"<li class=\"govuk-service-navigation__item[^\"]*\">(.*?)</li>", block, re.S):
        href = re.search(r'href="([^"]+)"', item).group(1)
        label = re.sub(r"<[^>]+>", "", item).strip()
        items.append((label, href, 'aria-current="true"' in item))
    return items


def sections(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-m lantern-card__heading"[^>]*>([^<]+)</h2>', html)


@pytest.mark.parametrize("role", Role.values)
def test_service_menu_shows_only_what_the_role_may_use(role):
    html = verified_client(make_user(role)).get("/").content.decode()
    items = menu(html)
    assert [label for label, _, _ in items] == EXPECTED_MENU[role]
    assert all(href == MENU[label] for label, href, _ in items)
    assert [label for label, _, current in items if current] == ["Home"]


@pytest.mark.parametrize("role", Role.values)
def test_home_page_for_every_role(role):
    user = make_user(role, full_name="Sam Example")
    response = verified_client(user).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome, Sam" in html
    assert f"You are signed in as <strong>{Role(role).label.lower()}</strong>." in html
    assert sections(html) == EXPECTED_SECTIONS[role]
    assert "If someone is in danger" in html
    assert "Your account has no roles" not in html


def test_admin_home_links_to_administration_but_not_to_cases():
    html = verified_client(make_user(Role.SYSTEM_ADMINISTRATOR)).get("/").content.decode()
    for link, label in [("/users/", "Manage users"), ("/agencies/", "Manage agencies"),
                        ("/partnership/", "Partnership settings")]:
        assert f'href="{link}">{label}</a>' in html
    assert "Administrators never see case content." in html
    assert "/audit/" not in html


def test_dpo_home_links_to_the_audit_trail():
    html = verified_client(make_user(Role.DATA_PROTECTION_OFFICER)).get("/").content.decode()
    assert 'href="/audit/">Search the audit trail</a>' in html
    assert 'href="/users/role-requests/">Role requests</a>' in html  # read-only: they are told of each
    assert 'href="/users/"' not in html


def test_board_viewer_home_offers_the_partnership_only():
    html = verified_client(make_user(Role.BOARD_VIEWER)).get("/").content.decode()
    assert 'href="/partnership/">About the partnership</a>' in html
    for link in ["/users/", "/agencies/", "/audit/"]:
        assert f'href="{link}"' not in html


def test_several_roles_are_listed_together():
    user = make_user(Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR)
    html = verified_client(user).get("/").content.decode()
    assert ("You are signed in as <strong>data protection officer</strong> and "
            "<strong>system administrator</strong>.") in html
    assert [label for label, _, _ in menu(html)] == ["Home", "Partnership", "Audit trail", "Users", "Agencies"]
    assert sections(html) == ["Administration", "Data protection", "Training"]


def test_user_without_roles_is_told_to_ask_for_access():
    html = verified_client(make_user()).get("/").content.decode()
    assert "You are signed in as a user with no roles." in html
    assert "Your account has no roles that give access to records yet." in html
    assert [label for label, _, _ in menu(html)] == ["Home"]
    assert sections(html) == []


def test_user_deactivated_mid_session_is_signed_out():
    """A user whose account is switched off mid-session loses everything at once (signed out)."""
    user = make_user(Role.SYSTEM_ADMINISTRATOR)
    client = verified_client(user)
    user.is_active = False
    user.save()
    assert client.get("/")["Location"] == "/sign-in/"


@pytest.mark.parametrize(
    ("path", "current"),
    [("/users/", "Users"), ("/agencies/", "Agencies"), ("/partnership/", "Partnership"), ("/account/", None)],
)
def test_menu_marks_the_current_section(admin_client, path, current):
    items = menu(admin_client.get(path).content.decode())
    assert [label for label, _, is_current in items if is_current] == ([current] if current else [])


def test_header_shows_the_signed_in_user_and_their_agency():
    agency = AgencyFactory(name="Sandwell Children's Trust")
    user = make_user(Role.CASE_WORKER, agency=agency, full_name="Grace Bennett")
    html = verified_client(user).get("/").content.decode()
    assert 'href="/account/">Grace Bennett<span class="govuk-visually-hidden">, Sandwell Children&#x27;s Trust' in html
    assert "Sign out</button>" in html
    assert 'href="/api/docs/"' in html  # API documentation link for verified users


def test_anonymous_pages_have_no_menu_or_account_links(db):
    html = Client().get("/sign-in/").content.decode()
    assert menu(html) == []
    assert "Sign out" not in html
    assert 'href="/api/docs/"' not in html
