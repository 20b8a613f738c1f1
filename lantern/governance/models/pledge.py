"""The Slavery Free Pledge: the organisations that signed it (or asked to), what they adopted, and
what they did afterwards.

An organisation asks to sign through the public form (``/pledge/sign/``); the programme manager
approves or declines the request; an approved signatory may later withdraw. The public page lists
only approved signatories who agreed to be listed, and only the fields they agreed to publish
(``PUBLISHED_FIELDS``). The moves between statuses are ``lantern.governance.pledge_workflow``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from lantern.core.models import CreatedByModel

REFERENCE_PREFIX = "PL"


class PledgeCommitment(models.TextChoices):
    """The pledge's seven commitments, as Sandwell's strategy words them (the one list)."""

    LEADERSHIP = "leadership", "Strong local leadership"
    AWARENESS = "awareness", "Raising awareness"
    TRAINING = "training", "Training staff"
    INTELLIGENCE = "intelligence", "Sharing intelligence and information"
    VICTIMS = "victims", "Supporting victims and survivors"
    SUPPLY_CHAINS = "supply_chains", "Removing slave-based labour from supply chains"
    ECONOMY = "economy", "Building a prosperous, slavery-free local economy"


COMMITMENT_DESCRIPTIONS: dict[str, str] = {
    PledgeCommitment.LEADERSHIP: "Leaders speak up against modern slavery and make someone senior "
                                 "responsible for the organisation's response.",
    PledgeCommitment.AWARENESS: "Staff, volunteers and customers know the signs of modern slavery and how "
                                "to report a concern.",
    PledgeCommitment.TRAINING: "Staff who may meet victims are trained to spot the signs and know what to do.",
    PledgeCommitment.INTELLIGENCE: "Concerns and information are passed to the partnership, the police or the "
                                   "Modern Slavery Helpline, safely and lawfully.",
    PledgeCommitment.VICTIMS: "Victims and survivors are treated with dignity and helped to find support, "
                              "including routes back into work.",
    PledgeCommitment.SUPPLY_CHAINS: "Suppliers are checked for modern slavery risk, and problems found are "
                                    "put right.",
    PledgeCommitment.ECONOMY: "Fair, safe work is part of how the organisation helps Sandwell's economy grow.",
}


class PledgeSector(models.TextChoices):
    PUBLIC_BODY = "public_body", "Public body"
    BUSINESS = "business", "Business"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    FAITH = "faith", "Faith body"


class PledgeStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Signed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PledgeSource(models.TextChoices):
    PUBLIC_FORM = "public_form", "The public form"
    STAFF = "staff", "Recorded by staff"


# What the public page shows of a signatory who agreed to be listed: nothing else, ever.
PUBLISHED_FIELDS = ("organisation", "sector", "signed_on", "commitments")


class PledgeSignatory(CreatedByModel):
    """An organisation that signed the pledge, or asked to.

    The signatory's name and the contact details are kept for the programme manager (encrypted at
    rest) and are never published; what the public page shows is ``PUBLISHED_FIELDS``. The free text
    (why a request was declined or a signatory withdrawn, a follow-up's note) is encrypted too.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    organisation = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=PledgeSector.choices)
    signatory_name = EncryptedCharField(max_length=200, help_text="The person who signs for the organisation.")
    signatory_role = models.CharField(max_length=200, help_text="Their job title, e.g. 'Chief Executive'.")
    contact_email = EncryptedEmailField(max_length=254, help_text="Where the programme manager writes to.")
    contact_phone = EncryptedCharField(max_length=40, blank=True)
    commitments = models.JSONField(
        default=list, help_text="The keys of the commitments adopted (PledgeCommitment), in the pledge's order.")
    listed_publicly = models.BooleanField(
        default=False, help_text="The organisation agreed to be named on the public pledge page.")
    status = models.CharField(max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.REQUESTED)
    source = models.CharField(max_length=20, choices=PledgeSource.choices, default=PledgeSource.PUBLIC_FORM)
    signed_on = models.DateField(null=True, blank=True, help_text="The date the pledge was signed (on approval).")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decline_reason = EncryptedTextField(blank=True, help_text="Why the request was declined (encrypted: free text).")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = EncryptedTextField(blank=True, help_text="Why the signatory was withdrawn (encrypted: free text).")
    statement_url = models.URLField(
        max_length=500, blank=True, help_text="The organisation's published modern slavery statement.")
    statement_published_on = models.DateField(null=True, blank=True)
    training_done_on = models.DateField(null=True, blank=True, help_text="When staff training was last done.")

    class Meta:
        ordering = ["organisation", "pk"]
        verbose_name = "pledge signatory"
        verbose_name_plural = "pledge signatories"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PledgeStatus.values), name="pledge_status_known"),
            models.CheckConstraint(condition=Q(sector__in=PledgeSector.values), name="pledge_sector_known"),
            models.CheckConstraint(
                condition=~Q(status__in=[PledgeStatus.APPROVED, PledgeStatus.WITHDRAWN]) | Q(signed_on__isnull=False),
                name="pledge_signed_has_date"),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.DECLINED) | ~Q(decline_reason=""), name="pledge_declined_has_reason"),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.WITHDRAWN) | Q(withdrawn_on__isnull=False),
                name="pledge_withdrawn_has_date"),
        ]
        indexes = [models.Index(fields=["status", "listed_publicly"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.organisation}"

    @property
    def commitment_labels(self) -> list[str]:
        return [PledgeCommitment(key).label for key in self.commitments if key in PledgeCommitment.values]

    @property
    def adopts_all(self) -> bool:
        return set(self.commitments) >= set(PledgeCommitment.values)


class FollowUpKind(models.TextChoices):
    STATEMENT = "statement", "Published a modern slavery statement"
    TRAINING = "training", "Staff training done"
    NOTE = "note", "Other follow-up"


class PledgeFollowUp(CreatedByModel):
    """A dated note of what a signatory did after signing (a statement, training, anything else)."""

    signatory = models.ForeignKey(PledgeSignatory, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=20, choices=FollowUpKind.choices)
    happened_on = models.DateField()
    link = models.URLField(max_length=500, blank=True)
    note = EncryptedTextField(blank=True, help_text="What the signatory did (encrypted: free text).")

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FollowUpKind.values), name="pledge_follow_up_kind_known"),
            models.CheckConstraint(condition=~Q(kind=FollowUpKind.STATEMENT) | ~Q(link=""),
                                   name="pledge_statement_has_link"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
