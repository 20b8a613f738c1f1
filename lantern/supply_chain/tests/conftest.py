"""Fixtures of the supply-chain tests: small spend files cut from the real published ones."""

from pathlib import Path

import pytest

from lantern.accounts.capabilities import Role
from tests.support import make_user, verified_client

FIXTURES = Path(__file__).parent / "fixtures"
REAL_FILES = Path("/work/shared/data/spend")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def officer(db):
    return make_user(Role.PROCUREMENT_OFFICER, full_name="Priya Shah")


@pytest.fixture
def officer_client(officer):
    return verified_client(officer)


@pytest.fixture
def manager_client(db):
    return verified_client(make_user(Role.PROGRAMME_MANAGER, full_name="Tom Hughes"))
