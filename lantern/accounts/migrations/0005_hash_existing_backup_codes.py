"""Move backup codes out of django-otp's static device table, where they are plain text, into keyed hashes."""

from django.db import migrations


def hash_existing_codes(apps, schema_editor):
    from lantern.core.crypto import blind_index

    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    BackupCodeDevice = apps.get_model("accounts", "BackupCodeDevice")
    BackupCode = apps.get_model("accounts", "BackupCode")
    db = schema_editor.connection.alias  # the migrating connection (the tables' owner, ADR 16)
    for static in StaticDevice.objects.using(db).all():
        tokens = list(static.token_set.values_list("token", flat=True))
        if tokens:
            device = BackupCodeDevice.objects.using(db).create(user_id=static.user_id, name=static.name, confirmed=static.confirmed)
            digests = {blind_index("backup-code", str(static.user_id), "".join(t.split())) for t in tokens}
            BackupCode.objects.using(db).bulk_create([BackupCode(device=device, digest=d) for d in digests])
        static.delete()  # its tokens go with it


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_backup_code_device"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_existing_codes, migrations.RunPython.noop)]
