"""Fixtures shared by the whole suite."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.models import User
from tests.support import make_user, verified_client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first (marked ``fuzz`` or ``slow``: a minute or two each on a 2-core machine), so
    that the parallel workers, which share out the rest and take from each other's queues as they run
    dry, finish together instead of one running the long tests alone at the end (ADR 15)."""
    items.sort(key=lambda item: item.get_closest_marker("fuzz") is None and item.get_closest_marker("slow") is None)


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
