"""The pledge register's free text becomes encrypted fields: the reasons a request was declined or a
signatory withdrawn, and a follow-up's note.

After the columns change type, the values stored in plain text are encrypted in place (values already
encrypted are left alone, so the step can run again); going back decrypts them first.
"""

from django.db import migrations

import lantern.core.fields
from lantern.core.fields import encrypt_columns

ENCRYPTED = {
    "pledgesignatory": ["decline_reason", "withdrawal_reason"],
    "pledgefollowup": ["note"],
}


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
        encrypt_columns("governance", ENCRYPTED),
    ]
