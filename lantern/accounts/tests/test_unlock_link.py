"""The owner of a locked account can email themselves a single-use link that clears the lockout."""

import re

import pytest
from django.core import mail
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.helpers import sign_in
from lantern.audit.models import AuditEntry
from tests.support import make_user

pytestmark = pytest.mark.django_db

LOCKED = (403, 429)


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, email="amira.khan@lantern.example", full_name="Amira Khan")


def lock(settings, email):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(email, "wrong password entirely")


def ask(email, capture):
    with capture(execute=True):
        return Client().post("/sign-in/unlock/", {"email": email})


def link_in(message) -> str:
    return re.search(r"https?://testserver(/sign-in/unlock/\S+/)", message.body).group(1)


def test_the_locked_page_offers_the_link(settings, worker):
    lock(settings, worker.email)
    _, response = sign_in(worker.email)
    assert response.status_code in LOCKED
    assert 'href="/sign-in/unlock/"' in response.content.decode()


def test_the_owner_unlocks_with_the_emailed_link_then_signs_in_as_usual(
    settings, worker, django_capture_on_commit_callbacks
):
    lock(settings, worker.email)
    response = ask("Amira.Khan@lantern.example", django_capture_on_commit_callbacks)
    assert response["Location"] == "/sign-in/unlock/sent/"
    [message] = mail.outbox
    assert message.to == [worker.email]
    link = link_in(message)

    # Opening the link changes nothing (mail scanners open links); the button unlocks.
    assert Client().get(link).status_code == 200
    assert sign_in(worker.email)[1].status_code in LOCKED
    done = Client().post(link, follow=True)
    assert done.redirect_chain == [("/sign-in/", 302)]
    assert "Your account is unlocked. Sign in with your password and security code." in done.content.decode()
    assert AuditEntry.objects.get(action="user.unlock_by_email").actor == worker

    client, response = sign_in(worker.email)
    assert response.status_code == 302
    assert client.get("/account/")["Location"].startswith("/two-factor/")  # the second factor is still needed

    # The link works once.
    assert Client().post(link).status_code == 400


def test_the_answer_is_the_same_for_unknown_unlocked_and_locked_accounts(
    settings, worker, django_capture_on_commit_callbacks
):
    other = make_user(Role.CASE_WORKER, email="not.locked@lantern.example")
    lock(settings, worker.email)
    answers = [ask(email, django_capture_on_commit_callbacks)
               for email in ("nobody@lantern.example", other.email, worker.email)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/sign-in/unlock/sent/")}
    assert [m.to for m in mail.outbox] == [[worker.email]]


def test_one_email_per_lockout(settings, worker, django_capture_on_commit_callbacks):
    lock(settings, worker.email)
    for _ in range(3):
        ask(worker.email, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_forged_or_old_link_does_nothing(settings, worker, django_capture_on_commit_callbacks):
    lock(settings, worker.email)
    assert Client().post("/sign-in/unlock/not-a-real-token/").status_code == 400
    ask(worker.email, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    settings.LANTERN_UNLOCK_LINK_MINUTES = -1
    assert Client().post(link).status_code == 400
    assert sign_in(worker.email)[1].status_code in LOCKED


def lock_from_many_browsers(settings, email):
    """Wrong passwords each sent with a different browser name: django-axes keeps one record per
    browser and address, and locks the account on their sum."""
    for i in range(settings.AXES_FAILURE_LIMIT):
        Client(HTTP_USER_AGENT=f"Browser {i}").post("/sign-in/", {"username": email, "password": "wrong entirely"})


def test_a_lockout_spread_over_many_browsers_still_gets_the_owner_a_link(
    settings, worker, django_capture_on_commit_callbacks
):
    lock_from_many_browsers(settings, worker.email)
    assert sign_in(worker.email)[1].status_code in LOCKED
    ask(worker.email, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    done = Client().post(link_in(message), follow=True)
    assert done.redirect_chain == [("/sign-in/", 302)]
    assert sign_in(worker.email)[1].status_code == 302


def test_more_guessing_from_other_browsers_does_not_spoil_the_owners_link(
    settings, worker, django_capture_on_commit_callbacks
):
    lock(settings, worker.email)
    ask(worker.email, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    for _ in range(settings.AXES_FAILURE_LIMIT):  # the guesser carries on, under another browser name
        Client(HTTP_USER_AGENT="Another browser").post("/sign-in/", {"username": worker.email, "password": "wrong"})
    lock_from_many_browsers(settings, worker.email)
    assert Client().post(link, follow=True).redirect_chain == [("/sign-in/", 302)]
    assert sign_in(worker.email)[1].status_code == 302


def test_the_administrators_page_shows_a_lockout_spread_over_many_browsers(settings, admin_client, worker):
    lock_from_many_browsers(settings, worker.email)
    assert "This account is locked after too many failed sign-ins." in admin_client.get(
        f"/users/{worker.pk}/").content.decode()


def test_the_link_waits_in_the_queue_encrypted(settings, worker, monkeypatch, django_capture_on_commit_callbacks):
    """The queued task's arguments hold no usable link: the broker keeps them, so the link goes encrypted."""
    from lantern.accounts.services import unlock
    from lantern.core.notify import notify_on_commit

    queued = []

    def recording(task, *args, **kwargs):
        queued.append(args)
        notify_on_commit(task, *args, **kwargs)

    monkeypatch.setattr(unlock, "notify_on_commit", recording)
    lock(settings, worker.email)
    ask(worker.email, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    link = link_in(message)
    assert len(queued) == 1 and link not in repr(queued) and "/sign-in/unlock/" not in repr(queued)
    assert Client().post(link, follow=True).redirect_chain == [("/sign-in/", 302)]
