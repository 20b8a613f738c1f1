"""Spend lines: block range indexes on the file and the payment date instead of B-trees (ADR 32).

On PostgreSQL the two indexes are BRIN, a few pages for millions of lines and next to nothing to
keep up; on other databases they are ordinary indexes. The unique (file, row) index goes: the
import numbers a file's rows itself, and each line is kept once by its line key.
"""

from django.db import migrations, models

import lantern.core.indexes


class Migration(migrations.Migration):

    dependencies = [
        ('supply_chain', '0007_spend_line_compact_key_unchecked_links'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='spendline',
            name='spend_line_row_once',
        ),
        migrations.AlterField(
            model_name='spendline',
            name='payment_date',
            field=models.DateField(),
        ),
        migrations.AddIndex(
            model_name='spendline',
            index=lantern.core.indexes.BlockRangeIndex(fields=['file'], name='spend_line_file_range'),
        ),
        migrations.AddIndex(
            model_name='spendline',
            index=lantern.core.indexes.BlockRangeIndex(fields=['payment_date'], name='spend_line_date_range'),
        ),
    ]
