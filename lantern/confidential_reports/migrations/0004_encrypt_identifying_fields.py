"""The receiving agency's reference on a report's outcome becomes an encrypted field;
the references already stored are encrypted in place."""

from django.db import migrations

import lantern.core.fields
from lantern.core.fields import decrypt_column_to_plaintext, encrypt_plaintext_column


def encrypt_values(apps, schema_editor):
    encrypt_plaintext_column(apps.get_model("confidential_reports", "ReportOutcome"), "recipient_reference",
                             using=schema_editor.connection.alias)


def decrypt_values(apps, schema_editor):
    decrypt_column_to_plaintext(apps.get_model("confidential_reports", "ReportOutcome"), "recipient_reference",
                                using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('confidential_reports', '0003_reportoutcome_concern_link'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportoutcome',
            name='recipient_reference',
            field=lantern.core.fields.EncryptedCharField(blank=True, help_text="The receiving agency's own reference (encrypted: it can lead to the people in the report).", max_length=100),
        ),
        migrations.RunPython(encrypt_values, decrypt_values),
    ]
