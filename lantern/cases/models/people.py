"""People: potential victims, and the blind-index keys by which searches find them."""

from django.db import models

from lantern.cases import search
from lantern.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from lantern.core.models import TimeStampedModel


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Does not identify as male or female"
    UNKNOWN = "unknown", "Not known"


class ContactMethod(models.TextChoices):
    """How the Home Office may write to someone about the decision (the form's checkboxes)."""

    EMAIL = "email", "Email"
    POST = "post", "Post"


class Person(TimeStampedModel):
    """A potential victim. Identifying fields are encrypted; lookups use the blind indexes."""

    # Not encrypted (statistics use them) but they describe the person: the audit trail
    # records that they changed, never their values (it never copies encrypted fields either).
    audit_withheld_fields = frozenset({"approximate_age", "gender", "interpreter_needed", "communication_aid_needed",
                                       "ho_reference_held", "contact_methods", "email_safe", "post_safe"})

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
    interpreter_needed = models.BooleanField(null=True, blank=True, help_text="Empty until asked.")
    communication_aid_needed = models.BooleanField(
        null=True, blank=True, help_text="Needs other help to communicate (the NRM form asks); empty until asked.")
    communication_aid = EncryptedCharField(max_length=200, blank=True, help_text="What help they need to communicate.")
    ho_reference_held = models.BooleanField(
        null=True, blank=True, help_text="Has a Home Office reference already (visa, port, asylum); empty until asked.")
    ho_references = EncryptedTextField(
        blank=True, help_text="The Home Office references they already have, with their type (not the NRM reference).")
    phone = EncryptedCharField(max_length=40, blank=True)
    email = EncryptedCharField(max_length=200, blank=True)
    address_street = EncryptedTextField(blank=True, help_text="Building and street.")
    address_town = EncryptedCharField(max_length=100, blank=True)
    address_county = EncryptedCharField(max_length=100, blank=True)
    address_postcode = EncryptedCharField(max_length=10, blank=True)
    contact_methods = models.JSONField(
        null=True, blank=True, help_text="How the decision letter may be sent to them (email, post); empty until asked.")
    email_safe = models.BooleanField(null=True, blank=True, help_text="Confirmed it is safe to email them.")
    post_safe = models.BooleanField(null=True, blank=True, help_text="Confirmed it is safe to write to the address.")
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

    @property
    def address_lines(self) -> list[str]:
        return [part for part in (self.address_street, self.address_town, self.address_county,
                                  self.address_postcode) if part]


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
