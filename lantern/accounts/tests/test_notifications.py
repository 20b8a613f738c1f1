"""In-app notifications (ADR 17): the header's unread count, the list, marking read, the email choice."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from lantern.accounts import services
from lantern.accounts.capabilities import Role
from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def tell(user, reference="MSC-7K3Q-9", **extra):
    return services.notification_send(users=[user], kind="cases.test", reference=reference,
                                      message=f"Something happened on case {reference}",
                                      link=f"/cases/{reference}/", **extra)


@pytest.fixture
def me():
    return make_user(Role.CASE_WORKER, full_name="Grace Bennett")


@pytest.fixture
def client(me):
    return verified_client(me)


def test_the_header_counts_unread_notifications_on_every_page(me, client):
    html = client.get("/").content.decode()
    assert 'href="/notifications/">Notifications</a>' in html  # none unread: no count
    for reference in ("MSC-7K3Q-9", "MSC-8M4R-2", "MSC-9N5T-3"):
        tell(me, reference)
    tell(make_user(Role.CASE_WORKER))  # someone else's is not counted
    html = client.get("/account/").content.decode()
    assert 'Notifications (3<span class="govuk-visually-hidden"> unread</span>)' in html


def test_the_list_shows_only_ones_own_notifications_newest_first_with_their_links(me, client):
    tell(me, "MSC-7K3Q-9")
    tell(me, "MSC-8M4R-2")
    tell(make_user(Role.CASE_WORKER), "MSC-9N5T-3")
    html = client.get("/notifications/").content.decode()
    assert "You have 2 unread notifications." in html
    assert html.index("MSC-8M4R-2") < html.index("MSC-7K3Q-9")
    assert 'href="/cases/MSC-7K3Q-9/">Open MSC-7K3Q-9</a>' in html
    assert "MSC-9N5T-3" not in html


def test_marking_one_and_then_all_as_read(me, client):
    first, second, third = (tell(me, r)[0] for r in ("MSC-7K3Q-9", "MSC-8M4R-2", "MSC-9N5T-3"))
    response = client.post(f"/notifications/{first.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    first.refresh_from_db()
    assert first.read_at is not None
    html = client.get("/notifications/").content.decode()
    assert "You have 2 unread notifications." in html
    assert 'Notifications (2<span class="govuk-visually-hidden"> unread</span>)' in html

    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    html = client.get("/notifications/").content.decode()
    assert "You have no unread notifications." in html and "Mark all as read" not in html
    assert 'href="/notifications/" aria-current="page">Notifications</a>' in html


def test_no_one_marks_or_sees_another_persons_notification(me, client):
    theirs = tell(make_user(Role.CASE_WORKER))[0]
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    client.post("/notifications/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/notifications/{theirs.pk}/read/").status_code == 405  # a change is never a GET


def test_notifications_need_a_signed_in_verified_user(me):
    from django.test import Client

    assert Client().get("/notifications/")["Location"].startswith("/sign-in/")
    unverified = Client()
    unverified.force_login(me)
    response = unverified.get("/notifications/")
    assert response.status_code == 302 and "/notifications/" not in response["Location"]


def test_no_one_signed_out_marks_notifications_read_or_changes_the_email_choice(me):
    from django.test import Client

    tell(me)
    anonymous = Client()
    assert anonymous.get("/account/notifications/")["Location"].startswith("/sign-in/")
    for url, data in (("/notifications/read/", {}),
                      (f"/notifications/{Notification.objects.get().pk}/read/", {}),
                      ("/account/notifications/", {"how": "lantern"})):
        response = anonymous.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url
    assert Notification.objects.get().read_at is None
    me.refresh_from_db()
    assert me.notify_by_email is True
    assert not AuditEntry.objects.filter(action="user.notification_preference").exists()


def test_choosing_lantern_only_stops_the_emails_but_not_the_notifications(me, client,
                                                                          django_capture_on_commit_callbacks):
    html = client.get("/account/").content.decode()
    assert "Email me as well as showing notifications in Lantern" in html
    with django_capture_on_commit_callbacks(execute=True):
        tell(me)
    [email] = mail.outbox
    assert email.to == [me.email] and email.subject == "Something happened on case MSC-7K3Q-9"
    assert f"{settings.LANTERN_SITE_URL}/cases/MSC-7K3Q-9/" in email.body

    page = client.get("/account/notifications/").content.decode()
    assert "Only show notifications in Lantern" in page
    assert re.search(r'value="email"\s+checked', page) and not re.search(r'value="lantern"\s+checked', page)
    response = client.post("/account/notifications/", {"how": "lantern"})
    assert response["Location"] == "/account/"
    me.refresh_from_db()
    assert me.notify_by_email is False
    entry = AuditEntry.objects.get(action="user.notification_preference")
    assert entry.actor == me and entry.changes == {"notify_by_email": False}
    assert "Only show notifications in Lantern" in client.get("/account/").content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tell(me, "MSC-8M4R-2")
    assert mail.outbox == []
    assert Notification.objects.filter(user=me, reference="MSC-8M4R-2").exists()

    client.post("/account/notifications/", {"how": "email"})
    me.refresh_from_db()
    assert me.notify_by_email is True


def test_the_choice_must_be_made(client):
    html = client.post("/account/notifications/", {}).content.decode()
    assert "Choose how you want to get notifications" in html


def test_a_keyed_notification_is_sent_once_and_never_to_a_deactivated_account(me):
    gone = make_user(Role.CASE_WORKER, is_active=False)
    assert len(services.notification_send(users=[me, gone], kind="cases.test", reference="MSC-7K3Q-9",
                                          message="Due", link="/cases/MSC-7K3Q-9/", key="due:1")) == 1
    assert services.notification_send(users=[me, gone], kind="cases.test", reference="MSC-7K3Q-9",
                                      message="Due", link="/cases/MSC-7K3Q-9/", key="due:1") == []
    assert Notification.objects.filter(user=me).count() == 1 and not Notification.objects.filter(user=gone).exists()


@pytest.mark.parametrize("link", ["https://elsewhere.example/", "//elsewhere.example/", "cases/MSC-7K3Q-9/"])
def test_a_notification_links_only_to_a_page_in_lantern(me, link):
    with pytest.raises(ValueError, match="by its path"):
        services.notification_send(users=[me], kind="cases.test", reference="MSC-7K3Q-9", message="x", link=link)
    assert not Notification.objects.exists()


def test_a_notification_read_before_its_email_goes_is_not_emailed(me, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [notification] = tell(me)
    client.post(f"/notifications/{notification.pk}/read/")
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_only_the_signed_in_person_changes_their_work_details_and_the_log_never_copies_them(me, client):
    anonymous = Client()
    assert anonymous.get("/account/profile/").url.startswith(reverse(settings.LOGIN_URL))
    assert anonymous.post("/account/profile/", {"job_title": "Impostor", "phone": "0000"}).status_code == 302
    me.refresh_from_db()
    assert me.job_title != "Impostor" and not AuditEntry.objects.filter(action="user.profile").exists()
    response = client.post("/account/profile/", {"job_title": "Outreach lead", "phone": "0121 569 2200",
                                                 "alternative_contact": "Duty line 0121 569 2201"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.job_title, me.phone) == ("Outreach lead", "0121 569 2200")
    changes = str(AuditEntry.objects.get(action="user.profile", actor=me).changes)
    assert "Outreach lead" in changes and "569" not in changes  # the phone and contact are encrypted: marked only
