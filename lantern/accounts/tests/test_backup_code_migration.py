"""The data migration moves plain-text backup codes into keyed hashes; the old codes still work once."""

import pytest
from django.db import connection

from lantern.accounts.models import BackupCode, BackupCodeDevice
from tests.support import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0004_backup_code_device"), ("otp_static", "0003_add_timestamps")]
AFTER = [("accounts", "0005_hash_existing_backup_codes")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """The test moves the schema back; later tests on this database need every migration applied."""
    yield
    migrate_to()


def test_existing_plain_codes_are_hashed_and_removed():
    old_apps = migrate_to(BEFORE)
    User = old_apps.get_model("accounts", "User")
    StaticDevice = old_apps.get_model("otp_static", "StaticDevice")
    StaticToken = old_apps.get_model("otp_static", "StaticToken")
    user = User.objects.create(email="old.codes@lantern.example", full_name="Old Codes", password="!")
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=device, token="1234567890")

    migrate_to(AFTER)

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM otp_static_statictoken")
        assert cursor.fetchone()[0] == 0
    [code] = BackupCode.objects.filter(device__user_id=user.pk)
    assert "1234567890" not in code.digest
    device = BackupCodeDevice.objects.get(user_id=user.pk)
    assert device.verify_token("12345 67890") is True
    assert device.verify_token("1234567890") is False
