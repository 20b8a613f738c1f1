from typing import Any

from django.http import HttpRequest

from lantern.core.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation": navigation_for(request.user, request.path)}
