"""Roles that open records about people need a second person's approval; no one changes their own roles."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lantern.accounts import services
from lantern.accounts.capabilities import Role, role_needs_approval
from lantern.accounts.models import RoleGrant, RoleGrantStatus, User
from lantern.accounts.tests.helpers import error_summary
from lantern.audit.models import AuditEntry
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_admin():
    return make_user(Role.SYSTEM_ADMINISTRATOR, full_name="Second Admin")


@pytest.fixture
def worker():
    return make_user(Role.FIRST_RESPONDER, full_name="Amira Khan", email="amira.khan@lantern.example")


def edit(client, user, roles, reason=""):
    return client.post(f"/users/{user.pk}/change/", {
        "full_name": user.full_name, "job_title": user.job_title, "agency": user.agency_id, "roles": roles,
        "reason": reason,
    }, follow=True)


def test_the_roles_that_need_approval_are_those_opening_records_or_accounts():
    needing = {r for r in Role.values if role_needs_approval(r)}
    assert needing == {Role.CASE_WORKER, Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER, Role.REPORTING_TEAM,
                       Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR}


def test_the_data_protection_officer_role_waits_for_approval_too(admin_client, worker):
    """It reads and exports the audit trail (who opened which victim's record, and the reason they
    gave), and it is the role told of every role request: no single administrator hands it out."""
    page = admin_client.get(f"/users/{worker.pk}/change/").content.decode()
    assert "Data protection officer" in page.split('id="id_reason_hint"', 1)[1].split("</div>", 1)[0]
    edit(admin_client, worker, [Role.FIRST_RESPONDER, Role.DATA_PROTECTION_OFFICER], reason="New DPO")
    assert User.objects.get(pk=worker.pk).role_set == {Role.FIRST_RESPONDER}
    assert RoleGrant.objects.get().role == Role.DATA_PROTECTION_OFFICER


def test_an_administrator_cannot_give_themself_case_access(admin_client, admin_user):
    edit(admin_client, admin_user, [Role.SYSTEM_ADMINISTRATOR, Role.CASE_WORKER], reason="I want to look")
    assert User.objects.get(pk=admin_user.pk).role_set == {Role.SYSTEM_ADMINISTRATOR}
    assert not RoleGrant.objects.exists()
    with pytest.raises(ValidationError, match="You cannot change your own roles or agency"):
        services.user_update(user=admin_user, acting_user=admin_user, full_name="x", job_title="",
                             agency=admin_user.agency, roles=[Role.SYSTEM_ADMINISTRATOR, Role.CASE_WORKER])
    with pytest.raises(ValidationError, match="You cannot ask for a role for yourself"):
        services.role_grant_request(user=admin_user, role=Role.CASE_WORKER, reason="x", acting_user=admin_user)


def test_a_case_role_needs_a_reason(admin_client, worker):
    response = edit(admin_client, worker, [Role.FIRST_RESPONDER, Role.CASE_WORKER])
    assert "Enter why the person needs the role: Case worker" in error_summary(response)
    assert not RoleGrant.objects.exists()


def test_a_case_role_waits_for_a_second_administrator(admin_client, admin_user, other_admin, worker, dpo_user,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(admin_client, worker, [Role.FIRST_RESPONDER, Role.CASE_WORKER], reason="Joined the team")
    html = response.content.decode()
    assert "need another administrator&#x27;s approval before they take effect: Case worker" in html
    assert "Roles waiting for another administrator's approval" in html
    assert User.objects.get(pk=worker.pk).role_set == {Role.FIRST_RESPONDER}
    grant = RoleGrant.objects.get()
    assert (grant.user, grant.role, grant.requested_by, grant.status) == (
        worker, Role.CASE_WORKER, admin_user, RoleGrantStatus.PENDING)
    assert AuditEntry.objects.get(action="role_grant.request").changes == {"role": "case_worker",
                                                                           "reason": "Joined the team"}
    [email] = mail.outbox
    assert set(email.to) == {dpo_user.email, other_admin.email}
    assert "waiting for approval: Case worker" in email.subject

    # The requester sees it waiting and cannot decide it.
    listing = admin_client.get("/users/role-requests/").content.decode()
    assert "Waiting for another administrator" in listing
    page = admin_client.get(f"/users/role-requests/{grant.pk}/").content.decode()
    assert "another administrator must approve or decline it" in page and 'name="decision"' not in page
    assert admin_client.post(f"/users/role-requests/{grant.pk}/", {"decision": "approve"}).status_code == FORBIDDEN
    with pytest.raises(ValidationError, match="You cannot approve or decline your own request"):
        services.role_grant_approve(grant=grant, acting_user=admin_user)

    # Another administrator approves: the role is given, through the service, audited, the DPO told.
    second = verified_client(other_admin)
    assert "Waiting for your decision" in second.get("/users/role-requests/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(f"/users/role-requests/{grant.pk}/", {"decision": "approve"}, follow=True)
    assert "Approved: Amira Khan now has the role Case worker." in response.content.decode()
    assert User.objects.get(pk=worker.pk).role_set == {Role.FIRST_RESPONDER, Role.CASE_WORKER}
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.APPROVED and grant.decided_by == other_admin and grant.decided_at
    assert AuditEntry.objects.get(action="role_grant.approve").actor == other_admin
    [email] = mail.outbox
    assert email.to == [dpo_user.email] and "approved: Case worker" in email.subject


def test_a_request_can_be_declined(admin_user, other_admin, worker):
    grant = services.role_grant_request(user=worker, role=Role.REPORTING_TEAM, reason="Cover", acting_user=admin_user)
    response = verified_client(other_admin).post(f"/users/role-requests/{grant.pk}/",
                                                 {"decision": "decline", "note": "Not needed"}, follow=True)
    assert "Declined: Amira Khan has not been given the role Reporting team." in response.content.decode()
    assert User.objects.get(pk=worker.pk).role_set == {Role.FIRST_RESPONDER}
    assert RoleGrant.objects.get().status == RoleGrantStatus.DECLINED
    assert AuditEntry.objects.get(action="role_grant.decline").changes == {"role": "reporting_team", "note": "Not needed"}


def test_a_new_account_gets_case_roles_only_after_approval(admin_client, admin_user, worker):
    response = admin_client.post("/users/new/", {
        "full_name": "Sock Puppet", "email": "sock@lantern.example", "agency": worker.agency_id,
        "roles": [Role.SYSTEM_ADMINISTRATOR, Role.SHOP_COORDINATOR, Role.BOARD_VIEWER], "reason": "New starter",
    }, follow=True)
    assert "need another administrator&#x27;s approval" in response.content.decode()
    made = User.objects.get(email="sock@lantern.example")
    assert made.role_set == {Role.BOARD_VIEWER}
    assert set(RoleGrant.objects.filter(user=made).values_list("role", flat=True)) == {
        Role.SYSTEM_ADMINISTRATOR, Role.SHOP_COORDINATOR}


def test_the_partnerships_named_approver_decides(admin_user, other_admin, worker, dpo_user):
    call_command("set_role_approver", dpo_user.email)
    grant = services.role_grant_request(user=worker, role=Role.CASE_WORKER, reason="Team", acting_user=admin_user)
    assert verified_client(other_admin).post(f"/users/role-requests/{grant.pk}/",
                                             {"decision": "approve"}).status_code == FORBIDDEN
    response = verified_client(dpo_user).post(f"/users/role-requests/{grant.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    assert Role.CASE_WORKER in User.objects.get(pk=worker.pk).role_set
    assert AuditEntry.objects.filter(action="role_grant.set_approver").exists()


def test_only_administrators_the_approver_and_the_dpo_see_role_requests(admin_user, worker):
    grant = services.role_grant_request(user=worker, role=Role.CASE_WORKER, reason="Team", acting_user=admin_user)
    for url in ("/users/role-requests/", f"/users/role-requests/{grant.pk}/"):
        assert_access(url, allowed={Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}, refused=FORBIDDEN)


def test_the_dpo_opens_the_emailed_link_and_reads_the_request_without_deciding_it(
    admin_user, other_admin, worker, dpo_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = services.role_grant_request(user=worker, role=Role.CASE_WORKER, reason="Joined the team",
                                            acting_user=admin_user)
    [email] = mail.outbox
    assert f"/users/role-requests/{grant.pk}/" in email.body
    dpo = verified_client(dpo_user)
    page = dpo.get(f"/users/role-requests/{grant.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Case worker for Amira Khan" in html and "Joined the team" in html
    assert 'name="decision"' not in html
    assert f'href="/users/{worker.pk}/"' not in html  # the account pages are administrators' only
    assert 'href="/users/"' not in html
    assert dpo.post(f"/users/role-requests/{grant.pk}/", {"decision": "approve"}).status_code == FORBIDDEN
    assert Role.CASE_WORKER not in User.objects.get(pk=worker.pk).role_set
    assert 'href="/users/role-requests/"' in dpo.get("/").content.decode()


def test_a_named_approver_who_is_not_an_administrator_finds_the_requests_from_the_home_page(
    admin_user, worker
):
    approver = make_user(Role.PROGRAMME_MANAGER, full_name="Named Approver")
    call_command("set_role_approver", approver.email)
    services.role_grant_request(user=worker, role=Role.CASE_WORKER, reason="Team", acting_user=admin_user)
    client = verified_client(approver)
    assert 'href="/users/role-requests/"' in client.get("/").content.decode()
    assert "Waiting for your decision" in client.get("/users/role-requests/").content.decode()


def test_bootstrap_and_demo_paths_give_roles_directly(db):
    first = User.objects.create_superuser("first.admin@lantern.example", "a long enough passphrase", full_name="First")
    assert first.role_set == {Role.SYSTEM_ADMINISTRATOR}
    system_made = services.user_create(acting_user=None, email="x@lantern.example", full_name="X", agency=None,
                                       roles=[Role.CASE_WORKER])
    assert system_made.role_set == {Role.CASE_WORKER}
    from lantern.accounts import demo

    users = demo.seed()
    assert {r for u in users for r in u.role_set} >= {Role.CASE_WORKER, Role.SYSTEM_ADMINISTRATOR}
    assert not RoleGrant.objects.exists()


def test_the_home_page_tells_the_other_administrator_a_request_is_waiting_but_not_the_requester(
        admin_user, other_admin, worker):
    services.role_grant_request(user=worker, role=Role.CASE_WORKER, reason="Joining the team", acting_user=admin_user)
    waiting = "Role requests waiting for your decision (1)"
    assert waiting in verified_client(other_admin).get("/").content.decode()
    assert waiting not in verified_client(admin_user).get("/").content.decode()
    assert waiting not in verified_client(worker).get("/").content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_asking_at_once_make_one_request(monkeypatch):
    """Two administrators asking for the same role for the same person at the same moment: one
    request, found by both, never a constraint error (a server error on the page)."""
    import threading
    import time

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL's row locks.")
    first, second = make_user(Role.SYSTEM_ADMINISTRATOR), make_user(Role.SYSTEM_ADMINISTRATOR)
    person = make_user(Role.FIRST_RESPONDER)
    # Whoever holds the lock pauses just after saving, so the other is sure to arrive meanwhile.
    held = threading.Event()
    real_full_clean = RoleGrant.full_clean

    def slow_full_clean(grant, *args, **kwargs):
        real_full_clean(grant, *args, **kwargs)
        if not held.is_set():
            held.set()
            time.sleep(0.5)

    monkeypatch.setattr(RoleGrant, "full_clean", slow_full_clean)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def ask(admin_id: int) -> None:
        try:
            start.wait(timeout=10)
            grant = services.role_grant_request(user=User.objects.get(pk=person.pk), role=Role.CASE_WORKER,
                                                reason="Joining the team", acting_user=User.objects.get(pk=admin_id))
            outcomes.append(grant.pk)
        except Exception as error:  # noqa: BLE001 - an IntegrityError here would mean the lock did not work
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(admin.pk,)) for admin in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2 and all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert len(set(outcomes)) == 1
    assert RoleGrant.objects.filter(user=person, status=RoleGrantStatus.PENDING).count() == 1


def test_the_requests_page_and_home_page_cost_the_same_with_one_request_or_five(admin_user, other_admin):
    """The named approver is looked up once per page, not once per request listed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(other_admin)

    def costs() -> tuple[int, int]:
        counts = []
        for url in ("/users/role-requests/", "/"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts[0], counts[1]

    services.role_grant_request(user=make_user(Role.FIRST_RESPONDER), role=Role.CASE_WORKER, reason="Joining",
                                acting_user=admin_user)
    one = costs()
    for _ in range(4):
        services.role_grant_request(user=make_user(Role.FIRST_RESPONDER), role=Role.CASE_WORKER, reason="Joining",
                                    acting_user=admin_user)
    assert costs() == one
