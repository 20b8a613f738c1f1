"""Reads of the files uploaded to a supply-chain import (spend files, the statement registry)."""

from typing import Any

from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found
from lantern.core.models import ImportFile, ImportStatus


def uploads_visible_to(user: Any, *, kind: str) -> QuerySet[ImportFile]:
    """One import's uploads, for those who may see the supply chain (nothing for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_SUPPLY_CHAIN):
        return ImportFile.objects.none()
    return ImportFile.objects.filter(kind=kind).select_related("uploaded_by", "job")


def uploads_waiting(user: Any, *, kind: str) -> QuerySet[ImportFile]:
    """Uploads not yet imported (columns to confirm, being checked, checked, failed)."""
    return uploads_visible_to(user, kind=kind).exclude(status__in=[ImportStatus.IMPORTED, ImportStatus.DUPLICATE])


def upload_get(*, user: Any, kind: str, upload_id: Any) -> ImportFile:
    """An upload, or 404 for one that is missing, of another import, or not the user's to see."""
    upload = uploads_visible_to(user, kind=kind).filter(pk=upload_id).first()
    if upload is None:
        raise not_found()
    return upload
