from typing import Any

from django.http import HttpRequest

from lantern.partnership.selectors import partnership_get


def partnership(request: HttpRequest) -> dict[str, Any]:
    current = partnership_get()
    return {"partnership": current, "partnership_name": current.name}
