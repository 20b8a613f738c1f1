import factory

from lantern.partnership.models import Area, AreaKind, Board, Partnership


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("singleton",)

    singleton = True
    name = "Sandwell Anti-Slavery Partnership"
    short_name = "SASP"
    local_authority = "Sandwell Metropolitan Borough Council"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Ward {n}")
    kind = AreaKind.WARD


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    short_name = factory.Sequence(lambda n: f"B{n}")
