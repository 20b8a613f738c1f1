"""Model fields whose values are encrypted at rest (see lantern.core.crypto).

The database column is always text holding a Fernet token; the Python value
is the plain value. Encrypted fields cannot be filtered or ordered in SQL:
pair them with a blind index where an exact lookup is needed.
"""

import datetime
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

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
