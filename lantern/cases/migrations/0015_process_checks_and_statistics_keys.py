"""The process checks (an early conclusive grounds decision's reason, the move-on plan) and the nationality
blind index the statistics count by, built for everyone already recorded."""

from django.db import migrations, models

import lantern.core.fields
from lantern.cases.selectors.statistics import nationality_index

BATCH = 500


def build_nationality_index(apps, schema_editor):
    people = apps.get_model("cases", "Person").objects.using(schema_editor.connection.alias)
    last = 0
    while batch := list(people.filter(pk__gt=last).order_by("pk").only("nationality")[:BATCH]):
        for person in batch:
            person.nationality_index = nationality_index(person.nationality)
        people.bulk_update(batch, ["nationality_index"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_business_where_exploited'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='move_on_plan',
            field=lantern.core.fields.EncryptedTextField(blank=True, help_text='What happens when move-on support ends (encrypted: it can say where the person goes).'),
        ),
        migrations.AddField(
            model_name='case',
            name='move_on_planned_on',
            field=models.DateField(blank=True, help_text='When the plan for the end of move-on support was agreed. A case past the end of move-on support without one is overdue.', null=True),
        ),
        migrations.AddField(
            model_name='decision',
            name='early_reason',
            field=models.CharField(blank=True, choices=[('person_asked', 'The person asked for the decision to be made before the recovery period ended'), ('left_support', 'The person has left support, or the UK'), ('evidence_complete', 'The competent authority had all the information it needed'), ('other', 'Another reason, given in the notes')], help_text='A conclusive grounds decision before the recovery period ended: why, as the worker confirmed.', max_length=20),
        ),
        migrations.AddField(
            model_name='person',
            name='nationality_index',
            field=models.CharField(blank=True, db_index=True, help_text='Keyed blind index of the nationality, by which statistics count people (see ADR 23).', max_length=64),
        ),
        migrations.RunPython(build_nationality_index, migrations.RunPython.noop, elidable=True),
    ]
