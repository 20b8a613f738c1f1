"""Reads of spend files and of uploads waiting to be imported, for those who may see them."""

from typing import Any

from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability
from lantern.core.models import ImportFile
from lantern.supply_chain.models import SpendFile
from lantern.supply_chain.selectors import uploads
from lantern.supply_chain.services.spend_imports import KIND


def spend_files_visible_to(user: Any) -> QuerySet[SpendFile]:
    """Every imported spend file (403 for a user without the supply-chain view)."""
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)
    return SpendFile.objects.select_related("imported_by")


def spend_file_get(*, user: Any, spend_file_id: int) -> SpendFile:
    spend_file = spend_files_visible_to(user).filter(pk=spend_file_id).first()
    if spend_file is None:
        raise not_found()
    return spend_file


def spend_uploads_waiting(user: Any) -> QuerySet[ImportFile]:
    """Spend uploads not yet imported (columns to confirm, being checked, checked, failed)."""
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)
    return uploads.uploads_waiting(user, kind=KIND)
