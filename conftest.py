"""Fixtures shared by the whole suite."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.models import User
from tests.support import make_user, verified_client


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def admin_user(db) -> User:
    return make_user(Role.SYSTEM_ADMINISTRATOR)


@pytest.fixture
def admin_client(admin_user) -> Client:
    return verified_client(admin_user)


@pytest.fixture
def dpo_user(db) -> User:
    return make_user(Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def dpo_client(dpo_user) -> Client:
    return verified_client(dpo_user)
