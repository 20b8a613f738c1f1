"""The partnership a Lantern installation serves: configurable data, not code."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from lantern.core.models import TimeStampedModel


class Country(models.TextChoices):
    """Where a partnership reports from: the Home Office NRM form's four locations."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Partnership(TimeStampedModel):
    """One row: the partnership this installation serves."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="e.g. 'Sandwell Anti-Slavery Partnership'.")
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. 'SASP'.")
    local_authority = models.CharField(
        max_length=120, blank=True, help_text="The lead council, as named in the Home Office form's list."
    )
    country = models.CharField(
        max_length=20, choices=Country.choices, default=Country.ENGLAND,
        help_text="The UK country the partnership is in: where its NRM referrals are made from.",
    )
    strategy_title = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Striving for a Slavery Free Sandwell 2022-2027'."
    )
    contact_email = models.EmailField(blank=True, help_text="Where staff can ask about the partnership.")
    childrens_services_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The children's services case worker who joins the team of every child or age-uncertain case. "
                  "When empty, every active case worker of a children's services agency joins.",
    )
    ictg_available = models.BooleanField(
        default=False,
        help_text="Whether the area has an Independent Child Trafficking Guardian (ICTG) service. "
                  "Where it has, an ICTG referral is one of a child's safeguarding steps.",
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="one_partnership")]

    def __str__(self) -> str:
        return self.name


class AreaKind(models.TextChoices):
    WARD = "ward", "Ward"
    LOCALITY = "locality", "Locality"
    OTHER = "other", "Other area"


class Area(TimeStampedModel):
    """A ward or other area the partnership covers; used to place concerns and suppress small counts."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=AreaKind.choices, default=AreaKind.WARD)
    code = models.CharField(max_length=20, blank=True, help_text="ONS code, if known (e.g. E05001234).")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Board(TimeStampedModel):
    """A governance body of the partnership (e.g. SASP, SHOP, the Child Exploitation Board)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    purpose = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=60, blank=True, help_text="e.g. 'Monthly'.")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        help_text="The body this one reports to.",
    )
    is_active = models.BooleanField(default=True)
    sees_childrens_cases = models.BooleanField(
        default=False,
        help_text="Its members who may see children's records (such as the Child Exploitation Board's) "
                  "see children's cases, including on the SHOP agenda.",
    )
    members: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="boards",
        help_text="Lantern users who sit on the board.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        """A board cannot report to itself, directly or through others."""
        seen = {self.pk} if self.pk else set()
        parent = self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": "A board cannot report to itself, directly or through other boards"})
            seen.add(parent.pk)
            parent = parent.parent
