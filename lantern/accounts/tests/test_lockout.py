"""Repeated wrong passwords lock the account; an administrator can unlock it."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.helpers import sign_in
from lantern.audit.models import AuditEntry
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

LOCKED = (403, 429)


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, email="amira.khan@lantern.example", full_name="Amira Khan")


def fail(email: str, times: int, client: Client | None = None) -> list[int]:
    client = client or Client()
    return [sign_in(email, "wrong password entirely", client)[1].status_code for _ in range(times)]


def test_lockout_after_the_failure_limit_even_with_the_right_password(settings, worker):
    statuses = fail(worker.email, settings.AXES_FAILURE_LIMIT - 1)
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again, with an error

    last = fail(worker.email, 1)[0]
    assert last in LOCKED

    client, response = sign_in(worker.email)
    assert response.status_code in LOCKED
    assert "Your account is locked" in response.content.decode()
    assert "ask your system administrator to unlock it" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_counts_email_variants_as_one_account(settings, worker):
    fail("AMIRA.KHAN@lantern.example", settings.AXES_FAILURE_LIMIT)
    _, response = sign_in("amira.khan@lantern.example")
    assert response.status_code in LOCKED


def test_lockout_is_per_account_not_per_office(settings, worker):
    colleague = make_user(Role.CASE_WORKER, email="colleague@lantern.example")
    client = Client()
    fail(worker.email, settings.AXES_FAILURE_LIMIT, client)
    _, response = sign_in(colleague.email, client=Client())
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(settings, worker):
    fail(worker.email, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(worker.email)[1].status_code == 302
    fail(worker.email, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(worker.email)[1].status_code == 302


def test_admin_sees_the_lock_and_unlocks_the_account(settings, worker, admin_client, admin_user):
    fail(worker.email, settings.AXES_FAILURE_LIMIT)

    detail = admin_client.get(f"/users/{worker.pk}/").content.decode()
    assert "This account is locked after too many failed sign-ins" in detail
    assert f'action="/users/{worker.pk}/unlock/"' in detail

    response = admin_client.post(f"/users/{worker.pk}/unlock/", follow=True)
    assert response.redirect_chain[0] == (f"/users/{worker.pk}/", 302)
    html = response.content.decode()
    assert "Amira Khan can sign in again." in html
    assert "This account is locked" not in html
    entry = AuditEntry.objects.get(action="user.unlock")
    assert entry.actor == admin_user and entry.target_label == worker.email

    client, response = sign_in(worker.email)
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/two-factor/set-up/"


def test_only_administrators_can_unlock(settings, worker):
    fail(worker.email, settings.AXES_FAILURE_LIMIT)
    other = verified_client(make_user(Role.SHOP_COORDINATOR))
    assert other.post(f"/users/{worker.pk}/unlock/").status_code == 403
    assert sign_in(worker.email)[1].status_code in LOCKED
