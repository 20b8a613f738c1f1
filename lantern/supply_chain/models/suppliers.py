"""Suppliers: one organisation the council pays, however its name is spelt in the spend files."""

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
        help_text="The name reduced for matching: upper case, no punctuation or legal suffix (LTD, LIMITED, PLC).",
    )
    company_number = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="Companies House number, eight characters, if known."
    )
    charity_number = models.CharField(max_length=20, blank=True, help_text="Charity Commission number, if known.")
    vat_number = models.CharField(max_length=20, blank=True, help_text="VAT registration number, if known.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
