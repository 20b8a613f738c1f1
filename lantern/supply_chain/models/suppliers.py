"""Suppliers, and the names they are paid under in the spend files.

A spend line points at a ``SupplierName`` (one spelling, with any identifiers the file gave);
each name points at the ``Supplier`` it has been resolved to. Merging two suppliers or
splitting one moves names between suppliers and never touches the spend lines, so every
merge and split can be undone.
"""

from django.conf import settings
from django.db import models

from lantern.core.models import TimeStampedModel


class Supplier(TimeStampedModel):
    """One organisation the council buys from.

    Suppliers are organisations, not people: payments to individuals are redacted in the
    published spend files and never become suppliers. Identifiers are the public ones a
    spend file or the registers carry.
    """

    reference = models.CharField(
        max_length=20, unique=True, help_text="Lantern's own short reference for the supplier, e.g. SU-7K3Q-9XC."
    )
    name = models.CharField(max_length=300, help_text="The name shown for the supplier (its best-known spelling).")
    normalised_name = models.CharField(
        max_length=300, db_index=True,
        help_text="The name reduced for matching (lantern.supply_chain.names.normalise_name).",
    )
    company_number = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="Companies House number, eight characters, if known."
    )
    charity_number = models.CharField(max_length=20, blank=True, help_text="Charity Commission number, if known.")
    vat_number = models.CharField(max_length=20, blank=True, help_text="VAT registration number, if known.")
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Set when every name of this supplier was moved into another (a merge, or an undone split): "
        "its pages lead there. Cleared when the merge is undone.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MatchStatus(models.TextChoices):
    UNRESOLVED = "unresolved", "Not yet resolved"
    AUTOMATIC = "automatic", "Matched automatically"
    REVIEW = "review", "Waiting for review"
    CONFIRMED = "confirmed", "Confirmed by a person"
    REJECTED = "rejected", "Rejected by a person"


class SupplierName(TimeStampedModel):
    """One way a supplier is named in the spend files: a normalised name and any identifiers."""

    key = models.CharField(
        max_length=340, unique=True,
        help_text="What makes two spend lines name the same payee: the normalised name, and the company "
        "number when the file gives one. Built by the import, never edited.",
    )
    name = models.CharField(max_length=300, help_text="The spelling first seen in a spend file.")
    normalised_name = models.CharField(max_length=300, db_index=True)
    company_number = models.CharField(max_length=8, blank=True, db_index=True)
    charity_number = models.CharField(max_length=20, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, null=True, blank=True, related_name="names",
        help_text="The supplier this name has been resolved to; empty until resolution has run.",
    )
    match_status = models.CharField(max_length=12, choices=MatchStatus.choices, default=MatchStatus.UNRESOLVED)
    match_confidence = models.FloatField(
        null=True, blank=True, help_text="0 to 1: how sure the automatic match was (empty for a person's decision)."
    )
    match_reason = models.CharField(max_length=300, blank=True, help_text="Why this name was matched as it was.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Who confirmed or rejected the match, when a person did.",
    )

    class Meta:
        ordering = ["normalised_name"]
        indexes = [models.Index(fields=["match_status"], name="supplier_name_status")]

    def __str__(self) -> str:
        return self.name


class ChangeKind(models.TextChoices):
    MERGE = "merge", "Merge"
    SPLIT = "split", "Split"


class SupplierChange(models.Model):
    """A merge or a split: which names moved from which supplier to which, so it can be undone.

    A merge moves every name of ``source`` into ``target``; a split moves the chosen names of
    ``source`` into ``target``, a new supplier. Undoing moves the same names back, with the
    match status, confidence and reason each had before (``SupplierChangeName``).
    """

    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    source = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="changes_from")
    target = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="changes_to")
    reason = models.CharField(max_length=500, blank=True, help_text="Why the person made the change.")
    made_at = models.DateTimeField(db_index=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="supplier_change_two_suppliers"),
            models.CheckConstraint(
                condition=models.Q(undone_at__isnull=True, undone_by__isnull=True)
                | models.Q(undone_at__isnull=False, undone_by__isnull=False),
                name="supplier_change_undone_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_id} → {self.target_id}"


class SupplierChangeName(models.Model):
    """One name moved by a change, and how it was matched before, to restore on undo."""

    change = models.ForeignKey(SupplierChange, on_delete=models.CASCADE, related_name="moved")
    name = models.ForeignKey(SupplierName, on_delete=models.PROTECT, related_name="+")
    previous_status = models.CharField(max_length=12, choices=MatchStatus.choices)
    previous_confidence = models.FloatField(null=True, blank=True)
    previous_reason = models.CharField(max_length=300, blank=True)
    previous_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["change", "name"], name="supplier_change_name_once")]

    def __str__(self) -> str:
        return f"{self.change_id}:{self.name_id}"
