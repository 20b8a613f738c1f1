"""unique_reference: a reference already in use is never handed out twice."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from lantern.core import references
from lantern.core.references import unique_reference

pytestmark = pytest.mark.django_db


def test_a_clash_draws_again(monkeypatch):
    Group.objects.create(name="MS-TAKE-N1")
    drawn = iter(["MS-TAKE-N1", "MS-TAKE-N1", "MS-FREE-N2"])
    monkeypatch.setattr(references, "reference_generate", lambda prefix, length=6: next(drawn))
    assert unique_reference(Group, prefix="MS", field="name") == "MS-FREE-N2"


def test_a_full_space_is_refused_not_looped(monkeypatch):
    Group.objects.create(name="MS-TAKE-N1")
    monkeypatch.setattr(references, "reference_generate", lambda prefix, length=6: "MS-TAKE-N1")
    with pytest.raises(IntegrityError, match="No free group reference after 3 attempts"):
        unique_reference(Group, prefix="MS", field="name", attempts=3)
