"""Factories and small helpers for the cases tests.

Records are built directly (fast) in a given state; the workflow itself is
driven through the services or the pages by the tests.
"""

import datetime
from typing import Any

import factory
from django.utils import timezone
from faker import Faker

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType, User
from lantern.cases.models import (
    Case,
    CaseExploitation,
    CaseMember,
    CaseStage,
    Concern,
    ConcernStatus,
    Gender,
    Person,
    Route,
)
from lantern.cases.services import person_indexes, person_name_keys_save
from lantern.core.reference import indicators
from lantern.core.references import reference_generate
from tests.support import make_user

fake = Faker("en_GB")


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    """POST data for a GOV.UK date input (day, month, year)."""
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


class AgencyFactory(factory.django.DjangoModelFactory):
    """A council service that is a first responder organisation (may make NRM referrals)."""

    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Cases Test Council Service {n}")
    agency_type = AgencyType.COUNCIL_SERVICE
    is_first_responder = True
    first_responder_code = "Test Metropolitan Borough Council"
    is_childrens_services = False


class ChildrensAgencyFactory(AgencyFactory):
    name = factory.Sequence(lambda n: f"Cases Test Children's Trust {n}")
    is_childrens_services = True


class NonResponderAgencyFactory(AgencyFactory):
    """An organisation that is not on the Home Office's first responder list (e.g. an NHS trust)."""

    name = factory.Sequence(lambda n: f"Cases Test Health Trust {n}")
    agency_type = AgencyType.HEALTH
    is_first_responder = False
    first_responder_code = ""


def worker(role: str = Role.CASE_WORKER, *, agency: Agency | None = None, **fields: Any) -> User:
    """A user of ``role`` in a first responder agency (unless another agency is given)."""
    return make_user(role, agency=agency or AgencyFactory(), **fields)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.LazyFunction(fake.first_name)
    family_name = factory.LazyFunction(fake.last_name)
    date_of_birth = factory.LazyFunction(lambda: days_ago(30 * 365))
    gender = Gender.FEMALE
    nationality = "Romanian"
    language = "Romanian"

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        person = model_class(*args, **kwargs)
        person_indexes(person)  # the blind indexes and name keys, as the services set them
        person.save()
        person_name_keys_save(person)
        return person


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case with its lead worker on the team. ``CaseFactory(types=["labour"])`` adds exploitation."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.LazyFunction(lambda: reference_generate("MSC"))
    person = factory.SubFactory(PersonFactory)
    route = Route.ADULT
    stage = CaseStage.SCREENING
    lead_worker = factory.LazyFunction(worker)
    lead_agency = factory.LazyAttribute(lambda o: o.lead_worker.agency)
    opened_on = factory.LazyFunction(lambda: days_ago(20))

    @factory.post_generation
    def team(self, create: bool, extracted: list[User] | None, **kwargs: Any) -> None:
        if not create:
            return
        CaseMember.objects.create(case=self, user=self.lead_worker, role_in_case="Lead worker")
        for user in extracted or []:
            CaseMember.objects.create(case=self, user=user, role_in_case="Partner agency")

    @factory.post_generation
    def types(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            CaseExploitation.objects.bulk_create([CaseExploitation(case=self, type=t) for t in extracted])


def child_case(**kwargs: Any) -> Case:
    """A child's case led by a worker of a children's services agency."""
    kwargs.setdefault("lead_worker", worker(agency=ChildrensAgencyFactory()))
    kwargs.setdefault("person", PersonFactory(date_of_birth=days_ago(15 * 365)))
    return CaseFactory(route=Route.CHILD, **kwargs)


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern waiting for triage (``status=ConcernStatus.DRAFT`` for a draft)."""

    class Meta:
        model = Concern

    reference = factory.LazyFunction(lambda: reference_generate("MS"))
    status = ConcernStatus.SUBMITTED
    immediate_danger = False
    raised_by = factory.LazyFunction(lambda: worker(Role.FIRST_RESPONDER))
    raised_by_agency = factory.LazyAttribute(lambda o: o.raised_by.agency)
    created_by = factory.SelfAttribute("raised_by")
    what_seen = "Six men collected by minibus at 5am from a house on the estate; one had an untreated hand injury."
    person_name = "Andrei Popescu"
    approximate_age = 30
    gender = Gender.MALE
    nationality = "Romanian"
    indicator_set_version = indicators.CURRENT_VERSION
    indicators = factory.LazyFunction(lambda: ["signs.unusual_travel", "ilo.documents"])
    exploitation_types = factory.LazyFunction(lambda: ["labour"])
    submitted_at = factory.LazyFunction(timezone.now)
