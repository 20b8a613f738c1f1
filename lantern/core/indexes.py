"""Index kinds the models share."""

from typing import Any

from django.db import models


class BlockRangeIndex(models.Index):
    """A BRIN (block range) index on PostgreSQL, an ordinary index on other databases.

    For a column whose values follow the order rows are written in: a spend file's lines are
    written together, and a council's files each cover a month or a quarter, so both the file and
    the payment date of the lines in a stretch of the table fall in a narrow range. A BRIN index
    keeps each range's smallest and largest value, a few pages for millions of rows, and costs
    next to nothing to keep up as rows are added; a B-tree on the same column costs a search and
    an insertion per row (ADR 32).
    """

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            using = " USING brin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)
