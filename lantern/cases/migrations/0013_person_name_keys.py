"""Name keys, by which a search finds a person under a variant of their name; built for everyone already recorded."""

import django.db.models.deletion
from django.db import migrations, models

from lantern.cases.selectors import person_name_digests

BATCH = 500


def build_name_keys(apps, schema_editor):
    using = schema_editor.connection.alias
    people = apps.get_model("cases", "Person").objects.using(using)
    keys = apps.get_model("cases", "PersonNameKey").objects.using(using)
    last = 0
    while batch := list(people.filter(pk__gt=last).order_by("pk").only("given_name", "family_name", "known_as", "date_of_birth")[:BATCH]):
        rows = []
        for person in batch:
            parts, digests = person_name_digests(person.given_name, person.family_name, person.date_of_birth,
                                                 person.known_as)
            rows += [keys.model(person_id=person.pk, kind=kind, digest=digest, tokens=parts) for kind, digest in digests]
        keys.bulk_create(rows)
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0012_case_age_at_exploitation_and_transition"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonNameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("part", "Part of a name"), ("sound", "Sound of a name"), ("prefix", "Start of a name")], max_length=10)),
                ("digest", models.CharField(max_length=64)),
                ("tokens", models.PositiveSmallIntegerField(help_text="How many parts the person's name has.")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="name_keys", to="cases.person")),
            ],
            options={
                "indexes": [models.Index(fields=["digest", "person", "tokens"], name="person_name_key_lookup")],
                "constraints": [models.UniqueConstraint(fields=("person", "digest"), name="person_name_key_once")],
            },
        ),
        migrations.RunPython(build_name_keys, migrations.RunPython.noop),
    ]
