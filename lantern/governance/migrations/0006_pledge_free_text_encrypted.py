"""The pledge register's free text becomes encrypted fields: the reasons a request was declined or a
signatory withdrawn, and a follow-up's note.

After the columns change type, the values stored in plain text are encrypted in place (values already
encrypted are left alone, so the step can run again); going back decrypts them first.
"""

from django.db import migrations

import lantern.core.fields
from lantern.core.fields import decrypt_column_to_plaintext, encrypt_plaintext_column

ENCRYPTED = {
    "pledgesignatory": ["decline_reason", "withdrawal_reason"],
    "pledgefollowup": ["note"],
}


def encrypt_values(apps, schema_editor):
    for model_name, fields in ENCRYPTED.items():
        model = apps.get_model("governance", model_name)
        for field in fields:
            encrypt_plaintext_column(model, field, using=schema_editor.connection.alias)


def decrypt_values(apps, schema_editor):
    for model_name, fields in ENCRYPTED.items():
        model = apps.get_model("governance", model_name)
        for field in fields:
            decrypt_column_to_plaintext(model, field, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_meeting_sequence'),
    ]

    operations = [
        migrations.AlterField(
            model_name='pledgefollowup',
            name='note',
            field=lantern.core.fields.EncryptedTextField(blank=True, help_text='What the signatory did (encrypted: free text).'),
        ),
        migrations.AlterField(
            model_name='pledgesignatory',
            name='decline_reason',
            field=lantern.core.fields.EncryptedTextField(blank=True, help_text='Why the request was declined (encrypted: free text).'),
        ),
        migrations.AlterField(
            model_name='pledgesignatory',
            name='withdrawal_reason',
            field=lantern.core.fields.EncryptedTextField(blank=True, help_text='Why the signatory was withdrawn (encrypted: free text).'),
        ),
        migrations.RunPython(encrypt_values, decrypt_values),
    ]
