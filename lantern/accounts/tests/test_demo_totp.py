"""`manage.py demo_totp` prints a demo user's current code (local and test settings only)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.helpers import sign_in
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_user():
    user = make_user(Role.CASE_WORKER, email="case.worker@sandwell.example")
    TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return user


def demo_totp(email: str) -> str:
    out = StringIO()
    call_command("demo_totp", email, stdout=out)
    return out.getvalue()


def test_prints_a_six_digit_code_that_signs_in(demo_user):
    output = demo_totp("Case.Worker@sandwell.example")
    match = re.match(r"^(\d{6})\b", output.strip())
    assert match, output

    client, _ = sign_in(demo_user.email)
    assert client.post("/two-factor/", {"token": match.group(1)})["Location"] == "/"


def test_unknown_or_unenrolled_address_is_refused(db):
    make_user(Role.CASE_WORKER, email="no.device@sandwell.example")
    with pytest.raises(CommandError, match="No confirmed authenticator"):
        demo_totp("no.device@sandwell.example")
    with pytest.raises(CommandError, match="No confirmed authenticator"):
        demo_totp("nobody@sandwell.example")


def test_refuses_outside_local_and_test_settings(settings, demo_user):
    settings.LANTERN_DEMO_TOOLS = False
    with pytest.raises(CommandError, match="only runs with local or test settings"):
        demo_totp(demo_user.email)
