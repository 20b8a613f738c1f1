"""Nothing that identifies a reporter's device reaches the confidential channel's code."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PUBLIC_PREFIX = "/report/"
# The sender's address and browser, and the headers proxies use to pass the address on.
DEVICE_HEADERS = (
    "REMOTE_ADDR", "REMOTE_HOST", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED",
    "HTTP_CLIENT_IP", "HTTP_TRUE_CLIENT_IP", "HTTP_CF_CONNECTING_IP", "HTTP_SEC_CH_UA", "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
)


class ReporterPrivacyMiddleware:
    """Blank the sender's address and browser on the public reporting pages, before anything else runs.

    No view, log line, error report or library can then store them, because
    they are gone from the request. Placed first in MIDDLEWARE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(PUBLIC_PREFIX):
            for header in DEVICE_HEADERS:
                request.META.pop(header, None)
            # A placeholder for code that expects the key; never a real address.
            request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104  # nosec B104
        response = self.get_response(request)
        if request.path_info.startswith(PUBLIC_PREFIX):
            # Nothing to any other site. Not "no-referrer": with it browsers send "Origin: null"
            # on the follow-up forms' POSTs, and Django's CSRF check refuses them (403).
            response.headers["Referrer-Policy"] = "same-origin"
        return response
