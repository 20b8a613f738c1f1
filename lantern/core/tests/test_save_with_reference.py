"""save_with_reference: a reference already in use is never handed out twice, and a clash draws again."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from lantern.core import references
from lantern.core.references import save_with_reference

pytestmark = pytest.mark.django_db


def test_a_clash_draws_again(monkeypatch):
    Group.objects.create(name="MS-TAKE-N1")
    drawn = iter(["MS-TAKE-N1", "MS-TAKE-N1", "MS-FREE-N2"])
    monkeypatch.setattr(references, "reference_generate", lambda prefix, length=6: next(drawn))
    with transaction.atomic():  # the caller's transaction stays usable after a clash
        group = save_with_reference(Group(), prefix="MS", field="name")
        assert Group.objects.count() == 2
    assert group.name == "MS-FREE-N2"


def test_a_full_space_is_refused_not_looped(monkeypatch):
    Group.objects.create(name="MS-TAKE-N1")
    monkeypatch.setattr(references, "reference_generate", lambda prefix, length=6: "MS-TAKE-N1")
    with pytest.raises(IntegrityError, match="No free group reference after 3 attempts"):
        save_with_reference(Group(), prefix="MS", field="name", attempts=3)
    assert Group.objects.count() == 1


def test_each_attempt_draws_what_goes_with_the_reference(monkeypatch):
    Group.objects.create(name="MS-TAKE-N1")
    drawn = iter(["MS-TAKE-N1", "MS-FREE-N2"])
    monkeypatch.setattr(references, "reference_generate", lambda prefix, length=6: next(drawn))
    seen: list[str] = []
    save_with_reference(Group(), prefix="MS", field="name", each_attempt=lambda group: seen.append(group.name))
    assert seen == ["MS-TAKE-N1", "MS-FREE-N2"]
