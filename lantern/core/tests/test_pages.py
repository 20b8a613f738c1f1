"""Pages every visitor shares: errors, health check, accessibility statement, privacy notice."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.partnership.models import Partnership
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def test_not_found_page_uses_the_govuk_template(admin_client):
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="govuk-template' in html
    assert "<title>Page not found – Lantern</title>" in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "it may not exist, or you may not have access to it" in html
    assert 'class="govuk-footer"' in html
    assert "Traceback" not in html


def test_not_found_for_a_missing_record_looks_the_same(admin_client):
    html = admin_client.get("/users/999999/").content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "No record matches" not in html  # no internal detail


def test_not_found_page_for_anonymous_visitors(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_forbidden_page_uses_the_govuk_template(db):
    response = verified_client(make_user(Role.CASE_WORKER)).get("/users/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="govuk-template' in html
    assert '<h1 class="govuk-heading-l">You cannot do this</h1>' in html
    assert "ask your system administrator to review your roles" in html


def test_healthz_answers_ok_without_signing_in(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_get_only(db):
    assert Client().post("/healthz").status_code == 405


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/accessibility/", "Accessibility statement for Lantern"), ("/privacy/", "How Lantern uses personal data")],
)
def test_public_pages_load_without_signing_in(db, path, heading):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert "Anti-slavery partnership" in html  # the fallback name before a partnership is configured


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/"])
def test_public_pages_name_the_configured_partnership(db, path):
    Partnership.objects.create(name="Sandwell Anti-Slavery Partnership", contact_email="antislavery@sandwell.example")
    html = Client().get(path).content.decode()
    assert "Sandwell Anti-Slavery Partnership" in html


def test_accessibility_statement_gives_the_contact_address(db):
    Partnership.objects.create(name="Sandwell Anti-Slavery Partnership", contact_email="antislavery@sandwell.example")
    html = Client().get("/accessibility/").content.decode()
    assert 'href="mailto:antislavery@sandwell.example"' in html


def test_privacy_notice_explains_the_cookies(db):
    html = Client().get("/privacy/").content.decode()
    assert "after 30 minutes without activity" in html


def test_public_pages_work_for_signed_in_users_too(db):
    client = verified_client(make_user(Role.BOARD_VIEWER))
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/privacy/").status_code == 200


def test_anonymous_pages_also_carry_security_headers(db):
    response = Client().get("/sign-in/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


def test_forms_posted_without_the_csrf_token_are_refused_politely(db):
    user = make_user(Role.CASE_WORKER)
    response = Client(enforce_csrf_checks=True).post("/sign-in/", {"username": user.email, "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert 'class="govuk-template' in html
