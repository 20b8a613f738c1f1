from typing import Any

from django.http import HttpRequest

from lantern.core.navigation import navigation_for
from lantern.partnership.selectors import partnership_get


def lantern(request: HttpRequest) -> dict[str, Any]:
    partnership = partnership_get()
    return {
        "partnership": partnership,
        "partnership_name": partnership.name,
        "navigation": navigation_for(request.user, request.path),
    }
