"""Middleware shared by every page: response headers, and refusing input no page can use."""

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Signed-in pages may show personal data: no browser or proxy may keep them.

    Static files (served before this middleware by WhiteNoise) are unaffected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(response, "lantern_cacheable", False):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response


# Control characters no address, search or form answer needs. Tabs and line breaks stay allowed in
# answers (a text box may hold several lines); a NUL byte is refused everywhere: PostgreSQL cannot
# store it, and nothing a person types contains one.
_FORBIDDEN_IN_VALUES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORBIDDEN_IN_NAMES_AND_PATHS = re.compile(r"[\x00-\x1f\x7f]")
# Every id Lantern issues fits a signed 64-bit integer (PostgreSQL's bigint, SQLite's INTEGER).
LARGEST_ID = 2**63 - 1
_NUMBER = re.compile(r"\d+")
_WHOLE_NUMBER = re.compile(r"-?\d+")
# A path segment that is an id: digits, perhaps with a format suffix (the API's ``/agencies/7.json``).
# Digits inside another segment are part of a token or a name (a password-reset link's hex digits).
_ID_SEGMENT = re.compile(r"(\d+)(?:\.[A-Za-z0-9]+)?")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Word and Google Docs put a vertical tab (a line break) or a form feed (a page break) in copied text:
# in a form answer they are read as the new line the person meant, not refused.
_PASTED_BREAKS = re.compile(r"[\x0b\x0c]")


def has_forbidden_characters(text: str) -> bool:
    """Whether an answer holds a control character other than a tab or a line break."""
    return bool(_FORBIDDEN_IN_VALUES.search(text))


def is_out_of_range(number: int) -> bool:
    """Whether a number is too large for any id, page or count Lantern stores."""
    return abs(number) > LARGEST_ID


def _numbers_too_large(text: str) -> bool:
    # Comparing lengths first keeps a 4,000-digit value from costing a big-number conversion.
    return any(len(digits) > 19 or int(digits) > LARGEST_ID for digits in _NUMBER.findall(text))


def _has_out_of_range_id(path: str) -> bool:
    return any((segment := _ID_SEGMENT.fullmatch(part)) and _numbers_too_large(segment.group(1))
               for part in path.split("/"))


def _has_out_of_range_number(items: QueryDict) -> bool:
    return any(
        _WHOLE_NUMBER.fullmatch(value) and _numbers_too_large(value)
        for values in items.lists() for value in values[1]
    )


def _with_pasted_breaks_as_new_lines(items: QueryDict) -> QueryDict:
    """The form with each vertical tab or form feed in an answer made a new line (itself if none)."""
    if not any(isinstance(value, str) and _PASTED_BREAKS.search(value) for _, values in items.lists() for value in values):
        return items
    cleaned = items.copy()
    for key, values in items.lists():
        cleaned.setlist(key, [_PASTED_BREAKS.sub("\n", value) if isinstance(value, str) else value
                              for value in values])
    cleaned._mutable = False
    return cleaned


def _has_bad_characters(items: QueryDict) -> bool:
    for key, values in items.lists():
        if _FORBIDDEN_IN_NAMES_AND_PATHS.search(key):
            return True
        if any(isinstance(value, str) and has_forbidden_characters(value) for value in values):
            return True
    return False


class RejectBadInputMiddleware:
    """Refuse input no page can use, before any view, form or database query sees it.

    - a control character such as NUL in the path, or in a name or value of the
      query string or a form: 400 (PostgreSQL cannot store NUL, and no one types one);
    - a path segment that is a number too large for any id (a 40-digit record
      number): 404, as for any record that does not exist (digits inside a token,
      such as a password-reset link's, are not an id and are left alone);
    - a query-string value that is a whole number too large for any id or page
      number (``?agency=<40 digits>``): 400. Form answers are free text and go
      to their forms, whose fields check them; a vertical tab or form feed in an
      answer (a line or page break pasted from a word processor) becomes a new line.

    One check for every page and API call. Files sent with a form are checked
    by the upload pipeline, not here; JSON bodies by the API's parser
    (``lantern.core.api``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _FORBIDDEN_IN_NAMES_AND_PATHS.search(request.path_info) or _has_bad_characters(request.GET):
            raise BadRequest("control characters in the request")
        if _has_out_of_range_id(request.path_info):
            raise Http404("a number in the path is too large for any record")
        if _has_out_of_range_number(request.GET):
            raise BadRequest("a number in the query string is out of range")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _with_pasted_breaks_as_new_lines(request.POST)  # type: ignore[assignment]
            if _has_bad_characters(request.POST):
                raise BadRequest("control characters in the request")
        return self.get_response(request)
