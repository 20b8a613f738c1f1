"""Model fields whose values are encrypted at rest (see lantern.core.crypto).

The database column is always text holding a Fernet token; the Python value
is the plain value. Encrypted fields cannot be filtered or ordered in SQL:
pair them with a blind index where an exact lookup is needed.
"""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

from django.db import migrations, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.functions import Cast

from lantern.core import crypto


class EncryptedMixin:
    """Encrypts on the way to the database and decrypts on the way back."""

    encrypted = True

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        return models.TextField().db_type(connection)

    def get_internal_type(self) -> str:
        return "TextField"

    def serialise(self, value: Any) -> str:
        return str(value)

    def deserialise(self, value: str) -> Any:
        return value

    def from_db_value(self, value: str | None, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or value == "":
            return value
        return self.deserialise(crypto.decrypt(value))

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)  # type: ignore[attr-defined]
        if value is None or value == "":
            return value
        return crypto.encrypt(self.serialise(value))


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A short identifying value (a name, a phone number). max_length limits the plain text."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A narrative or other free text."""


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    """An email address."""


class EncryptedDateField(EncryptedMixin, models.DateField):
    """A date such as a date of birth."""

    def serialise(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    def deserialise(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)


def encrypted_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


# Data migrations that turn a plain column into an encrypted one: run after the AlterField,
# with the migration's historical model. Values are read as stored (no decryption) and
# written as given (no encryption), so rows already holding tokens are left alone and a
# migration can be re-run safely.

def _stored_values(
    model: type[models.Model], field_name: str, batch_size: int, using: str,
) -> Iterator[tuple[Any, str | None]]:
    stored = Cast(field_name, output_field=models.TextField())
    last_pk: Any = None
    while True:
        qs = model._base_manager.using(using).order_by("pk")
        if last_pk is not None:
            qs = qs.filter(pk__gt=last_pk)
        rows = list(qs.annotate(stored_value=stored).values_list("pk", "stored_value")[:batch_size])
        if not rows:
            return
        yield from rows
        last_pk = rows[-1][0]


def _is_token(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except crypto.DecryptionError:
        return False
    return True


def _write_stored(model: type[models.Model], field_name: str, pk: Any, value: str, using: str) -> None:
    model._base_manager.using(using).filter(pk=pk).update(**{field_name: models.Value(value, output_field=models.TextField())})


def encrypt_plaintext_column(
    model: type[models.Model], field_name: str, *, using: str = "default", batch_size: int = 500,
) -> int:
    """Encrypt the values a column held in plain text before its field became encrypted; returns how many.

    In a migration, pass ``using=schema_editor.connection.alias``: migrations may run on another
    connection (the tables' owner, ADR 16) than the application's.
    """
    count = 0
    for pk, value in _stored_values(model, field_name, batch_size, using):
        if value and not _is_token(value):
            _write_stored(model, field_name, pk, crypto.encrypt(value), using)
            count += 1
    return count


def decrypt_column_to_plaintext(
    model: type[models.Model], field_name: str, *, using: str = "default", batch_size: int = 500,
) -> int:
    """The reverse, before the AlterField back to a plain field; returns how many it decrypted."""
    count = 0
    for pk, value in _stored_values(model, field_name, batch_size, using):
        if value and _is_token(value):
            _write_stored(model, field_name, pk, crypto.decrypt(value), using)
            count += 1
    return count


def encrypt_columns(app_label: str, columns: dict[str, list[str]]) -> migrations.RunPython:
    """The migration step after fields became encrypted: ``RunPython`` that encrypts the values ``columns``
    (model name → field names) still hold in plain text, and going back decrypts them, each on the migrating
    connection. Put it after the ``AlterField`` operations that make the fields encrypted."""

    def each(apps: Any, schema_editor: Any, change: Callable[..., int]) -> None:
        for model_name, fields in columns.items():
            model = apps.get_model(app_label, model_name)
            for field_name in fields:
                change(model, field_name, using=schema_editor.connection.alias)
        # A row written twice in one transaction leaves its deferred foreign-key checks pending, and
        # PostgreSQL refuses to alter a table with checks pending: run them now (going back, the fields'
        # types change straight after this step).
        schema_editor.connection.check_constraints()

    def encrypt(apps: Any, schema_editor: Any) -> None:
        each(apps, schema_editor, encrypt_plaintext_column)

    def decrypt(apps: Any, schema_editor: Any) -> None:
        each(apps, schema_editor, decrypt_column_to_plaintext)

    return migrations.RunPython(encrypt, decrypt)
