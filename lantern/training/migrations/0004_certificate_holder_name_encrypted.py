"""A certificate's holder name, and the reason a certificate was withdrawn, become encrypted fields.

After the column changes type, the names stored in plain text are encrypted in place (values already
encrypted are left alone, so the step can run again); going back decrypts them first.
"""

from django.db import migrations

import lantern.core.fields
from lantern.core.fields import encrypt_columns


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0003_evaluation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='certificate',
            name='holder_name',
            field=lantern.core.fields.EncryptedCharField(help_text='The name printed on the certificate (encrypted: it names a person).', max_length=150),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='revoked_reason',
            field=lantern.core.fields.EncryptedCharField(blank=True, help_text='Why it was withdrawn (encrypted: free text).', max_length=300),
        ),
        encrypt_columns("training", {"certificate": ["holder_name", "revoked_reason"]}),
    ]
