"""Password rules beyond Django's: long passphrases welcome, trivial patterns refused."""

from typing import Any

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Allow long passphrases (64+ characters) but cap input to stop hashing abuse."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Password must be {self.max_length} characters or fewer.", code="password_too_long"
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {self.max_length} characters long; a passphrase of several words is best."


class RepeatedCharacterValidator:
    """Refuse passwords made mostly of one repeated character or a keyboard run."""

    RUNS = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "0123456789")

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        if lowered and len(set(lowered)) <= 3:
            raise ValidationError("Password must not be made of a few repeated characters.", code="password_repetitive")
        for run in self.RUNS:
            if len(lowered) >= 8 and lowered in run * 2:
                raise ValidationError("Password must not be a run of keyboard characters.", code="password_sequence")

    def get_help_text(self) -> str:
        return "Your password must not be a few repeated characters or a keyboard run."
