"""Risk screening: the versions of the risk model, each supplier's screenings, and what is known
of a supplier beyond its spend (country, goods, workforce)."""

from django.conf import settings
from django.db import models

from lantern.supply_chain.models.suppliers import Supplier


class RiskBand(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class RiskModel(models.Model):
    """One version of the risk model: the mappings, weights and bands as data.

    Never edited: a change saves a new version, so every screening keeps meaning what it
    meant. The newest version is the one in use.
    """

    version = models.PositiveIntegerField(unique=True)
    definition = models.JSONField(help_text="The model (lantern.supply_chain.risk): categories, weights, bands.")
    change_note = models.CharField(max_length=500, help_text="Why this version was made.")
    source = models.CharField(
        max_length=200, blank=True, help_text="The shipped file it came from, when it was loaded from one."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Who made the version; empty for one loaded from a shipped file.",
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Risk model version {self.version}"


class SupplierScreening(models.Model):
    """One screening of one supplier under one version of the risk model.

    Screenings are kept: a new screening marks the supplier's previous one as no longer the
    latest (``is_latest``), so the history shows how a rating changed and why.
    """

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="screenings")
    model = models.ForeignKey(RiskModel, on_delete=models.PROTECT, related_name="screenings")
    score = models.PositiveSmallIntegerField(help_text="0 to 100: the sum of the factors' points.")
    band = models.CharField(max_length=10, choices=RiskBand.choices)
    reasons = models.JSONField(default=list, help_text="The factors that counted: [{factor, text, points}].")
    summary = models.CharField(max_length=1000, help_text="The reasons in words, in one line.")
    category = models.CharField(max_length=60, blank=True, help_text="The code of the category that counted.")
    categories = models.JSONField(default=list, help_text="Every category recognised in the supplier's spend.")
    spend_in_period = models.DecimalField(max_digits=16, decimal_places=2)
    period_start = models.DateField()
    period_end = models.DateField()
    screened_at = models.DateTimeField()
    is_latest = models.BooleanField(default=True)

    class Meta:
        ordering = ["-screened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["supplier"], condition=models.Q(is_latest=True),
                                    name="supplier_screening_one_latest"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="supplier_screening_score_max_100"),
        ]
        indexes = [models.Index(fields=["is_latest", "band"], name="supplier_screening_latest_band")]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.band} ({self.score})"


class SupplierRiskContext(models.Model):
    """What is known of a supplier beyond the spend files: where it (or what it sells) comes
    from, what goods it supplies, and the nature of its workforce. Used by the screening."""

    supplier = models.OneToOneField(Supplier, on_delete=models.CASCADE, related_name="risk_context")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    goods = models.CharField(max_length=500, blank=True, help_text="Goods it supplies, separated by commas.")
    agency_labour = models.BooleanField(default=False, help_text="Uses agency labour.")
    temporary_workforce = models.BooleanField(default=False, help_text="Uses temporary or casual workers.")
    low_paid_workforce = models.BooleanField(default=False, help_text="Relies on low-paid work.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Risk context of supplier {self.supplier_id}"
