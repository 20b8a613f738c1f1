import time
from datetime import timedelta

import factory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from lantern.accounts.models import Agency, AgencyType, ApiToken, RoleAssignment, User

fake = Faker("en_GB")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"{fake.city()} Council Service {n}")
    agency_type = AgencyType.COUNCIL_SERVICE
    is_first_responder = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@lantern.example")
    full_name = factory.LazyFunction(fake.name)
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            for role in extracted:
                RoleAssignment.objects.create(user=self, role=role)
        if create:
            self.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row with a known raw value: ``ApiTokenFactory(raw="lnt_…")``."""

    class Meta:
        model = ApiToken
        exclude = ("raw",)

    raw = factory.Sequence(lambda n: f"lnt_test-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")
    user = factory.SubFactory(UserFactory)
    name = "Monthly statistics script"
    prefix = factory.LazyAttribute(lambda o: o.raw[:10])
    digest = factory.LazyAttribute(lambda o: ApiToken.digest_for(o.raw))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show for ``device`` right now (or a few steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
