"""A triage outcome links to the concern it opened (a foreign key) instead of holding its reference.

The link is filled from the reference each existing outcome recorded. A reference that
matches no concern (none is expected: concerns are never deleted) is not lost: it is
added to the outcome's note. Going back fills the reference again from the link.
"""

import django.db.models.deletion
from django.db import migrations, models

CONCERN_OPENED = "concern_opened"


def link_concerns(apps, schema_editor):
    db = schema_editor.connection.alias  # the migrating connection (the tables' owner, ADR 16)
    ReportOutcome = apps.get_model("confidential_reports", "ReportOutcome")
    Concern = apps.get_model("cases", "Concern")
    outcomes = ReportOutcome.objects.using(db).exclude(concern_reference="")
    references = set(outcomes.values_list("concern_reference", flat=True))
    concerns = {c.reference: c.pk for c in Concern.objects.using(db).filter(reference__in=references).only("pk", "reference")}
    for outcome in outcomes.iterator():
        concern_id = concerns.get(outcome.concern_reference)
        if concern_id is not None and outcome.kind == CONCERN_OPENED:
            outcome.concern_id = concern_id
            outcome.save(update_fields=["concern"])
        else:
            unmatched = f"Concern reference recorded with this outcome: {outcome.concern_reference}."
            outcome.note = f"{outcome.note}\n\n{unmatched}" if outcome.note else unmatched
            outcome.save(update_fields=["note"])


def unlink_concerns(apps, schema_editor):
    ReportOutcome = apps.get_model("confidential_reports", "ReportOutcome")
    for outcome in ReportOutcome.objects.using(schema_editor.connection.alias).filter(concern__isnull=False).select_related("concern").iterator():
        outcome.concern_reference = outcome.concern.reference
        outcome.save(update_fields=["concern_reference"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_concern_source_report_reference"),
        ("confidential_reports", "0002_reportattachment_encrypted_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportoutcome",
            name="concern",
            field=models.ForeignKey(
                blank=True, help_text="The concern opened in cases from the report (outcomes of that kind only).",
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.concern",
            ),
        ),
        migrations.RunPython(link_concerns, unlink_concerns, elidable=False),
        migrations.RemoveField(
            model_name="reportoutcome",
            name="concern_reference",
        ),
        migrations.AlterField(
            model_name="report",
            name="council_supplier",
            field=models.CharField(
                blank=True, choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")],
                help_text="The reporter's answer to 'is it a supplier to the council?'. Once the supply-chain app "
                          "exists, a link to its Supplier joins this, from the reports side (ADR 0012).",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="reportoutcome",
            name="supplier_reference",
            field=models.CharField(
                blank=True, max_length=40,
                help_text="Seam for supply chains: the supplier a report is about, as text until the supply-chain app "
                          "exists and this becomes a link to its Supplier (docs/decisions/0012-links-between-apps.md).",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportoutcome",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "concern_opened"), ("concern__isnull", True), _connector="OR"),
                name="outcome_concern_only_when_opened",
            ),
        ),
    ]
