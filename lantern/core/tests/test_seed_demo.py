"""`manage.py seed_demo`: the synthetic Sandwell partnership for demonstrations."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.capabilities import Role
from lantern.accounts.demo import DEMO_PASSWORD
from lantern.accounts.models import Agency, RoleAssignment, User
from lantern.accounts.tests.helpers import sign_in
from lantern.partnership.models import Area, AreaKind, Board, Partnership

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "partnerships": Partnership.objects.count(),
        "areas": Area.objects.count(),
        "boards": Board.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "devices": TOTPDevice.objects.count(),
    }


def test_seed_builds_the_sandwell_partnership():
    output = seed()
    assert "Demo partnership ready: Sandwell Anti-Slavery Partnership." in output
    assert DEMO_PASSWORD in output

    assert Partnership.objects.get().name == "Sandwell Anti-Slavery Partnership"
    assert Area.objects.filter(kind=AreaKind.WARD).count() == 24
    assert Board.objects.count() == 6
    shop = Board.objects.get(short_name="SHOP")
    assert shop.parent.short_name == "SASP"
    assert shop.parent.parent.short_name == "SSPCB"
    assert Agency.objects.count() == 12
    assert Agency.objects.filter(is_first_responder=True).count() >= 8
    assert Agency.objects.filter(is_childrens_services=True).exists()


def test_seed_creates_a_user_for_every_role_ready_for_two_factor():
    output = seed()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.filter(email__endswith="@sandwell.example"):
        assert user.agency is not None
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert user.email in output
    assert re.search(r"admin@sandwell\.example\s+System administrator", output)


def test_seed_is_idempotent():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_seed_keeps_a_demo_users_changed_password():
    seed()
    admin = User.objects.get(email="admin@sandwell.example")
    admin.set_password("a different passphrase for the admin")
    admin.save()
    seed()
    admin.refresh_from_db()
    assert admin.check_password("a different passphrase for the admin")


def test_demo_user_signs_in_with_the_printed_password_and_code():
    seed()
    client, response = sign_in("dpo@sandwell.example", DEMO_PASSWORD)
    assert response.status_code == 302
    out = StringIO()
    call_command("demo_totp", "dpo@sandwell.example", stdout=out)
    code = out.getvalue().split()[0]
    assert re.fullmatch(r"\d{6}", code)
    assert client.post("/two-factor/", {"token": code})["Location"] == "/"
    assert "Audit trail" in client.get("/").content.decode()


def test_seed_refuses_outside_local_and_test_settings(settings):
    settings.LANTERN_DEMO_TOOLS = False
    with pytest.raises(CommandError, match="only runs with local or test settings"):
        seed()
    assert counts() == dict.fromkeys(counts(), 0)
