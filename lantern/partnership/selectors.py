from django.conf import settings
from django.db.models import QuerySet

from lantern.partnership.models import Area, Board, Partnership


def partnership_get() -> Partnership:
    """The configured partnership, or an unsaved placeholder carrying the fallback name."""
    partnership = Partnership.objects.first()
    if partnership is None:
        return Partnership(name=settings.LANTERN_PARTNERSHIP_FALLBACK_NAME)
    return partnership


def areas_active() -> QuerySet[Area]:
    """The partnership's wards and areas in use, by name (the choices wherever a record takes an area)."""
    return Area.objects.filter(is_active=True).order_by("name")


def boards_with_parents() -> list[Board]:
    return list(Board.objects.select_related("parent").order_by("parent__name", "name"))
