"""Nationality, language, outside references and support providers become encrypted fields.

After the columns change type, the values stored in plain text are encrypted in place
(task titles too: 0004 encrypted that field without encrypting the titles already stored).
Timeline lines written before the timeline stopped copying free text lose it: the
provider after "Support added: <kind>", the Home Office reference after "... referral
recorded", and the task title after "Task for <owner>, due <date>" and "Task done".
"""

import re

from django.db import migrations

import lantern.core.fields
from lantern.core.fields import decrypt_column_to_plaintext, encrypt_plaintext_column

ENCRYPTED = {
    "person": ["nationality", "second_nationality", "language"],
    "concern": ["nationality", "language"],
    "consentrecord": ["language"],
    "referral": ["external_reference"],
    "supportservice": ["provider"],
}
# Encrypted by 0004 without its stored values: only encrypted here, never decrypted on the way back.
ALREADY_ENCRYPTED = {"task": ["title"]}

TASK_ADDED = re.compile(r"^Task for (?P<owner>.*?), due (?P<due>\d{1,2} \w+ \d{4}): ", re.DOTALL)


def encrypt_values(apps, schema_editor):
    for model_name, fields in (ENCRYPTED | ALREADY_ENCRYPTED).items():
        model = apps.get_model("cases", model_name)
        for field in fields:
            encrypt_plaintext_column(model, field, using=schema_editor.connection.alias)


def decrypt_values(apps, schema_editor):
    for model_name, fields in ENCRYPTED.items():
        model = apps.get_model("cases", model_name)
        for field in fields:
            decrypt_column_to_plaintext(model, field, using=schema_editor.connection.alias)


def timeline_without_free_text(kind: str, summary: str) -> str:
    """The line as the timeline writes it now, with no provider, outside reference or task title."""
    if kind == "support.add" and summary.startswith("Support added: ") and " from " in summary:
        return summary.split(" from ", 1)[0]
    if kind.startswith("referral.") and " (reference " in summary:
        return summary.split(" (reference ", 1)[0]
    if kind == "task.create" and (match := TASK_ADDED.match(summary)):
        return f"Task added for {match['owner']}, due {match['due'].lstrip('0')}"
    if kind == "task.done" and summary.startswith("Task done: "):
        return "Task done"
    return summary


def rewrite_timeline(apps, schema_editor):
    events_of = apps.get_model("cases", "CaseEvent").objects.using(schema_editor.connection.alias)
    events = events_of.filter(kind__in=["support.add", "task.create", "task.done"]) | events_of.filter(
        kind__startswith="referral.")
    for pk, kind, summary in list(events.values_list("pk", "kind", "summary")):
        cleaned = timeline_without_free_text(kind, summary)
        if cleaned != summary:
            events_of.filter(pk=pk).update(summary=cleaned)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_caseattachment_encrypted_file'),
    ]

    operations = [
        migrations.AlterField(
            model_name='concern',
            name='language',
            field=lantern.core.fields.EncryptedCharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name='concern',
            name='nationality',
            field=lantern.core.fields.EncryptedCharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name='consentrecord',
            name='language',
            field=lantern.core.fields.EncryptedCharField(help_text='The language it was explained in (encrypted: it describes the person).', max_length=80),
        ),
        migrations.AlterField(
            model_name='person',
            name='language',
            field=lantern.core.fields.EncryptedCharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name='person',
            name='nationality',
            field=lantern.core.fields.EncryptedCharField(blank=True, help_text="From the Home Office form's list.", max_length=80),
        ),
        migrations.AlterField(
            model_name='person',
            name='second_nationality',
            field=lantern.core.fields.EncryptedCharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name='referral',
            name='external_reference',
            field=lantern.core.fields.EncryptedCharField(blank=True, help_text="The Home Office or receiving organisation's reference (encrypted: it identifies the person there).", max_length=60),
        ),
        migrations.AlterField(
            model_name='supportservice',
            name='provider',
            field=lantern.core.fields.EncryptedCharField(help_text='Who gives the support (encrypted: it can show where the person is).', max_length=200),
        ),
        migrations.RunPython(encrypt_values, decrypt_values),
        migrations.RunPython(rewrite_timeline, migrations.RunPython.noop),
    ]
