"""Modern slavery statements from the Home Office's Modern Slavery Statement Registry."""

from django.conf import settings
from django.db import models

from lantern.supply_chain.models.suppliers import Supplier

# The six areas the statutory guidance recommends a statement covers (DOMAIN.md section 9).
STATEMENT_AREAS: tuple[tuple[str, str], ...] = (
    ("covers_structure", "Organisation structure and supply chains"),
    ("covers_policies", "Policies"),
    ("covers_due_diligence", "Due diligence"),
    ("covers_risk_assessment", "Risk assessment"),
    ("covers_kpis", "Effectiveness measured by KPIs"),
    ("covers_training", "Training"),
)


class StatementMatch(models.TextChoices):
    NONE = "", "Not matched"
    COMPANY_NUMBER = "company_number", "Company number"
    NAME = "name", "Name"


class ModernSlaveryStatement(models.Model):
    """One organisation's statement for one registry year, as the registry's CSV summarises it."""

    key = models.CharField(
        max_length=64, unique=True,
        help_text="SHA-256 of the year, organisation and company number: importing the file again changes nothing.",
    )
    statement_year = models.PositiveSmallIntegerField(db_index=True)
    organisation_name = models.CharField(max_length=300)
    normalised_name = models.CharField(max_length=300, db_index=True)
    company_number = models.CharField(max_length=8, blank=True, db_index=True)
    sector = models.CharField(max_length=500, blank=True)
    turnover_band = models.CharField(max_length=100, blank=True)
    statement_url = models.URLField(max_length=1000, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    approved_by = models.CharField(max_length=300, blank=True, help_text="Who approved it (a director's name and role).")
    approved_on = models.DateField(null=True, blank=True)
    covers_structure = models.BooleanField(default=False)
    covers_policies = models.BooleanField(default=False)
    covers_due_diligence = models.BooleanField(default=False)
    covers_risk_assessment = models.BooleanField(default=False)
    covers_kpis = models.BooleanField(default=False)
    covers_training = models.BooleanField(default=False)
    details = models.JSONField(
        default=dict, blank=True,
        help_text="The rest of the registry's summary: policies, training, social audits, grievance "
        "mechanisms, risks, ILO indicators, progress.",
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
    matched_by = models.CharField(max_length=20, choices=StatementMatch.choices, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-statement_year", "organisation_name"]
        indexes = [models.Index(fields=["supplier", "statement_year"], name="statement_supplier_year")]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.statement_year})"

    @property
    def areas(self) -> list[tuple[str, bool]]:
        """Each of the six areas with whether the statement covers it."""
        return [(label, bool(getattr(self, field))) for field, label in STATEMENT_AREAS]

    @property
    def areas_covered(self) -> int:
        return sum(covered for _label, covered in self.areas)

