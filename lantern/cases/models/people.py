"""People: potential victims, and the blind-index keys by which searches find them."""

from django.db import models

from lantern.cases import search
from lantern.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from lantern.core.models import TimeStampedModel


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class Person(TimeStampedModel):
    """A potential victim. Identifying fields are encrypted; lookups use the blind indexes."""

    # Not encrypted (statistics use them) but they describe the person: the audit trail
    # records that they changed, never their values (it never copies encrypted fields either).
    audit_withheld_fields = frozenset({"approximate_age", "gender", "interpreter_needed"})

    given_name = EncryptedCharField(max_length=100, blank=True)
    family_name = EncryptedCharField(max_length=100, blank=True)
    known_as = EncryptedCharField(max_length=100, blank=True, help_text="Nickname or other name used.")
    description = EncryptedTextField(blank=True, help_text="How to recognise them when the name is not known.")
    date_of_birth = EncryptedDateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = EncryptedCharField(max_length=80, blank=True, help_text="From the Home Office form's list.")
    second_nationality = EncryptedCharField(max_length=80, blank=True)
    language = EncryptedCharField(max_length=80, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    phone = EncryptedCharField(max_length=40, blank=True)
    email = EncryptedCharField(max_length=200, blank=True)
    address = EncryptedTextField(blank=True)
    safe_contact = EncryptedTextField(
        blank=True, help_text="How and when it is safe to contact the person. Shown wherever contact details are."
    )
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    nationality_index = models.CharField(
        max_length=64, blank=True, db_index=True,
        help_text="Keyed blind index of the nationality, by which statistics count people (see ADR 23).",
    )
    name_dob_index = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.given_name, self.family_name) if p)
        return name or self.known_as or "Name not known"


class PersonNameKeyKind(models.TextChoices):
    PART = search.KeyKind.PART, "Part of a name"
    SOUND = search.KeyKind.SOUND, "Sound of a name"
    PREFIX = search.KeyKind.PREFIX, "Start of a name"


class PersonNameKey(models.Model):
    """A keyed blind index of one part of a person's name, by which searches find them (see cases/search.py).

    Derived from the encrypted names and rebuilt whenever they change; the digest
    is an HMAC under LANTERN_BLIND_INDEX_KEY of the kind and value, never the value.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    kind = models.CharField(max_length=10, choices=PersonNameKeyKind.choices)
    digest = models.CharField(max_length=64)
    tokens = models.PositiveSmallIntegerField(help_text="How many parts the person's name has.")

    class Meta:
        indexes = [models.Index(fields=["digest", "person", "tokens"], name="person_name_key_lookup")]
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="person_name_key_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} key of person {self.person_id}"
