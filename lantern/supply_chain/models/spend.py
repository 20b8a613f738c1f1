"""The council's published spend: each imported file and its lines."""

from django.conf import settings
from django.db import models

from lantern.core.indexes import BlockRangeIndex
from lantern.core.models import TimeStampedModel
from lantern.supply_chain.models.suppliers import SupplierName


class SpendFile(TimeStampedModel):
    """One published spend file, imported once (its SHA-256 makes a second import a no-op)."""

    publisher = models.CharField(max_length=200, help_text="The body that published the file, e.g. Sandwell MBC.")
    name = models.CharField(max_length=200, help_text="The file's name as uploaded.")
    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file's bytes.")
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_redacted = models.PositiveIntegerField(default=0, help_text="Payments to individuals, kept as redacted.")
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(
        default=0, help_text="Payments already imported from another file, so not imported again.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    upload = models.ForeignKey(
        "core.ImportFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The upload the file came in through the pages, with its per-row report (empty when it was "
        "imported from the command line).")
    first_payment_date = models.DateField(null=True, blank=True)
    last_payment_date = models.DateField(null=True, blank=True)
    total_amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, help_text="Pounds: payments less credits.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class SpendLine(models.Model):
    """One payment (or credit, when the amount is negative) from a spend file."""

    # Every index costs time on an import of a million lines. The file and the payment date have block
    # range indexes (BRIN on PostgreSQL, ADR 32): a file's lines are written together, and each file
    # covers a month or a quarter. The payee's lines are found through the (payee, date) index. Neither
    # foreign key is checked by the database either (ADR 25): a check per line cost more than the rest
    # of a million-line import together. Only the import writes lines, taking both from rows it has
    # just written in the same transaction, and numbering a file's rows itself; deleting a file or a
    # name with lines is still refused (PROTECT).
    file = models.ForeignKey(SpendFile, on_delete=models.PROTECT, related_name="lines", db_index=False,
                             db_constraint=False)
    row_number = models.PositiveIntegerField(help_text="The line's row in its file (1 is the first data row).")
    line_key = models.UUIDField(
        help_text="The first 128 bits of the SHA-256 of the publisher and the row's values: the same payment "
        "imported again from another file changes nothing.",
    )
    body = models.CharField(max_length=200, blank=True)
    service = models.CharField(max_length=200, blank=True, help_text="Service area, directorate or department.")
    expense_type = models.CharField(max_length=200, blank=True, help_text="Expense type, category or purpose.")
    proclass_code = models.CharField(max_length=20, blank=True)
    payment_date = models.DateField()
    transaction_number = models.CharField(max_length=60, blank=True)
    supplier_number = models.CharField(
        max_length=60, blank=True, help_text="The publisher's own number for the payee (empty when redacted).")
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="Pounds; negative for a credit note.")
    payee = models.ForeignKey(
        SupplierName, on_delete=models.PROTECT, null=True, blank=True, related_name="lines", db_index=False,
        db_constraint=False, help_text="Empty for a payment redacted as personal data: those are never matched to a supplier.",
    )
    redacted = models.BooleanField(default=False)

    class Meta:
        ordering = ["file", "row_number"]
        constraints = [
            # A constraint rather than unique=True (kept as it was when the key was text).
            models.UniqueConstraint(fields=["line_key"], name="spend_line_key_once"),
            models.CheckConstraint(
                condition=models.Q(redacted=False) | models.Q(payee__isnull=True),
                name="spend_line_redacted_has_no_payee",
            ),
        ]
        indexes = [
            models.Index(fields=["payee", "payment_date"], name="spend_line_payee_date"),
            BlockRangeIndex(fields=["file"], name="spend_line_file_range"),
            BlockRangeIndex(fields=["payment_date"], name="spend_line_date_range"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}:{self.row_number}"
