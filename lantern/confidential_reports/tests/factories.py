"""Factories for the confidential reporting tests (factory_boy, Faker en_GB).

Records are built directly, in a given state, as the cases factories build
theirs; the journeys themselves (sending the form, following up, triage) are
driven through the pages or the services by the tests.
"""

import hashlib
from typing import Any

import factory
from django.utils import timezone
from faker import Faker

from lantern.accounts.capabilities import Role
from lantern.confidential_reports import receipts
from lantern.confidential_reports.models import (
    REPORT_PREFIX,
    IdentityMode,
    IntelligenceRecord,
    IntelligenceSubject,
    MessageSender,
    OutcomeKind,
    PassedVia,
    Report,
    ReportAttachment,
    ReporterIdentity,
    ReporterType,
    ReportMessage,
    ReportOutcome,
    YesNoUnknown,
)
from lantern.confidential_reports.services import ATTACHMENT_FOLDER, INTELLIGENCE_PREFIX
from lantern.core import files
from lantern.core.reference import PremisesType
from lantern.core.references import reference_generate
from tests.support import make_user, png_bytes

fake = Faker("en_GB")


def team_member(**fields: Any) -> Any:
    return make_user(Role.REPORTING_TEAM, **fields)


class ReportFactory(factory.django.DjangoModelFactory):
    """A new anonymous report from a member of the public, as the form leaves it.

    ``receipt`` (16 digits, made up unless given) is not stored: its hash is, and the
    built report carries the digits as ``report.receipt`` for tests that follow it up.
    """

    class Meta:
        model = Report

    reference = factory.LazyFunction(lambda: reference_generate(REPORT_PREFIX))
    receipt = factory.LazyFunction(receipts.receipt_generate)
    identity_mode = IdentityMode.ANONYMOUS
    reporter_type = ReporterType.PUBLIC
    proof_of_work = True
    what_happened = "Six men work at the car wash from 7am to 10pm and sleep in the unit at the back."
    location = factory.LazyFunction(lambda: f"Car wash behind {fake.street_address()}")
    premises_type = PremisesType.CAR_WASH
    when_seen = "Most evenings last week"
    still_happening = YesNoUnknown.YES
    people = "Men in their twenties; a man in a black BMW collects the cash."
    children_involved = YesNoUnknown.NO
    signs = factory.LazyFunction(lambda: ["long_hours", "living_at_work"])
    business_name = factory.LazyFunction(lambda: f"{fake.last_name()} Hand Car Wash")
    council_supplier = YesNoUnknown.UNKNOWN
    last_activity_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Report], *args: Any, receipt: str = "", **kwargs: Any) -> Report:
        kwargs.setdefault("receipt_hash", receipts.receipt_hash(receipt) if receipt else None)
        report = super()._create(model_class, *args, **kwargs)
        report.receipt = receipt  # type: ignore[attr-defined]
        return report

    @classmethod
    def _build(cls, model_class: type[Report], *args: Any, receipt: str = "", **kwargs: Any) -> Report:
        kwargs.setdefault("receipt_hash", receipts.receipt_hash(receipt) if receipt else None)
        report = super()._build(model_class, *args, **kwargs)
        report.receipt = receipt  # type: ignore[attr-defined]
        return report


class ReporterIdentityFactory(factory.django.DjangoModelFactory):
    """Who made a confidential report (give ``report=`` to attach it to an existing one)."""

    class Meta:
        model = ReporterIdentity

    report = factory.SubFactory(ReportFactory, identity_mode=IdentityMode.CONFIDENTIAL)
    name = factory.LazyFunction(fake.name)
    email = factory.LazyFunction(fake.email)
    phone = factory.LazyFunction(fake.phone_number)
    safe_contact = "Evenings after 7pm"


class ReportMessageFactory(factory.django.DjangoModelFactory):
    """A message from the reporter (``sender=MessageSender.TEAM, author=...`` for the team's)."""

    class Meta:
        model = ReportMessage

    report = factory.SubFactory(ReportFactory)
    sender = MessageSender.REPORTER
    body = "The van comes on Tuesdays and Fridays."


class ReportAttachmentFactory(factory.django.DjangoModelFactory):
    """A checked PNG stored encrypted, on a report (``report=None`` for a file held for an unsent form)."""

    class Meta:
        model = ReportAttachment

    class Params:
        content = factory.LazyFunction(png_bytes)

    report = factory.SubFactory(ReportFactory)
    storage_path = factory.LazyAttribute(lambda o: files.store_encrypted(o.content, folder=ATTACHMENT_FOLDER))
    original_name = ""
    content_type = "image/png"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    scan_result = "not_scanned"


class ReportOutcomeFactory(factory.django.DjangoModelFactory):
    """A triage outcome: by default, passed to the GLAA by phone."""

    class Meta:
        model = ReportOutcome

    report = factory.SubFactory(ReportFactory)
    kind = OutcomeKind.PASSED_TO_AGENCY
    other_recipient = "GLAA"
    passed_via = PassedVia.PHONE
    recipient_reference = factory.Sequence(lambda n: f"GLAA-{n:04d}")
    created_by = factory.LazyFunction(team_member)


class IntelligenceRecordFactory(factory.django.DjangoModelFactory):
    """Intelligence about premises, recorded from a report."""

    class Meta:
        model = IntelligenceRecord

    reference = factory.LazyFunction(lambda: reference_generate(INTELLIGENCE_PREFIX))
    subject = IntelligenceSubject.PREMISES
    address = factory.LazyFunction(lambda: fake.address().replace("\n", ", "))
    premises_type = PremisesType.HMO
    summary = "Overcrowded house; mattresses seen through the windows."
    source_report = factory.SubFactory(ReportFactory)
    created_by = factory.LazyFunction(team_member)
