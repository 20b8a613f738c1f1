"""People shared by the case tests: the SHOP coordinator, a lead worker and a children's services worker.

A test module may still define a fixture of the same name when it needs someone different.
"""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, User
from lantern.cases.tests.factories import ChildrensAgencyFactory, worker
from tests.support import verified_client


@pytest.fixture
def coordinator(db) -> User:
    return worker(Role.SHOP_COORDINATOR)


@pytest.fixture
def shop(coordinator) -> Client:
    """The SHOP coordinator, signed in."""
    return verified_client(coordinator)


@pytest.fixture
def lead(db) -> User:
    return worker(Role.CASE_WORKER, full_name="Daniel Okafor")


@pytest.fixture
def childrens_trust(db) -> Agency:
    return ChildrensAgencyFactory(name="Sandwell Children's Trust")


@pytest.fixture
def trust_worker(childrens_trust) -> User:
    """A case worker of the children's trust."""
    return worker(Role.CASE_WORKER, agency=childrens_trust, full_name="Grace Bennett")
