"""The API's shared pieces: its pagination, its JSON parser and its exception handler.

Set in ``REST_FRAMEWORK`` (config/settings/base.py), so every endpoint uses
them. Bad input gets a 400 or a 404 with a plain message here, once, rather
than endpoint by endpoint; anything else that goes wrong stays a server error
and is logged as one.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Field, Model, QuerySet
from rest_framework import exceptions, pagination, parsers
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.core.middleware import has_forbidden_characters, is_out_of_range

BAD_INPUT_MESSAGE = "The request contained characters or numbers Lantern cannot accept."


def service_call(func: Any, **kwargs: Any) -> Any:
    """Call a service from an endpoint: its refusals become the API's (400 with the fields, or 403)."""
    try:
        return func(**kwargs)
    except ValidationError as exc:
        raise exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied() from exc


class CursorPagination(pagination.CursorPagination):
    """Cursor pages ordered, unless a view says otherwise, newest record first.

    DRF's default orders by a ``created`` field no Lantern model has. A cursor
    whose position is not a value of the ordering field (edited, truncated or
    made up) answers 404 "Invalid cursor", as a cursor that does not decode does.
    A list computed in memory is paged the same way by ``paginate_list``.
    """

    ordering: Any = ("-pk",)
    page_size = 50

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> Any:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            field = _ordering_field(self._model, self.ordering[0].lstrip("-"))
            try:
                if has_forbidden_characters(str(cursor.position)):
                    raise ValidationError("control characters")
                field.to_python(cursor.position)
            except (ValidationError, ValueError, OverflowError) as exc:
                raise exceptions.NotFound(self.invalid_cursor_message) from exc
        return cursor

    _list_links: tuple[str | None, str | None] | None = None  # (next, previous), when paging a list

    def paginate_list(self, items: Sequence[Any], request: Request, *,
                      key: Callable[[Any], tuple[int, ...]]) -> list[Any]:
        """Cursor pages over rows computed in memory rather than read from a queryset (compliance against
        the training matrix, say), then answered by ``get_paginated_response`` as any other list.

        Rows go in the order of ``key``: a tuple of whole numbers (ids, never names: the cursor carries it
        in the address) unique to each row. A row added or removed between two pages moves no other row
        onto another page. A cursor whose position is not such a tuple answers 404 "Invalid cursor"."""
        self.request = request
        self.base_url = request.build_absolute_uri()
        ordered = sorted(items, key=key)
        size = self.get_page_size(request) or len(ordered)
        cursor = super().decode_cursor(request)
        position = self._list_position(str(cursor.position)) if cursor is not None and cursor.position else None
        if position is None:
            page, has_next, has_previous = ordered[:size], len(ordered) > size, False
        elif cursor is not None and cursor.reverse:
            before = [row for row in ordered if key(row) < position]
            page, has_next, has_previous = before[-size:], len(before) < len(ordered), len(before) > size
        else:
            after = [row for row in ordered if key(row) > position]
            page, has_next, has_previous = after[:size], len(after) > size, len(after) < len(ordered)

        def link(row: Any, reverse: bool) -> str:
            place: Any = ".".join(str(part) for part in key(row))  # DRF keeps a position as text
            return self.encode_cursor(pagination.Cursor(offset=0, reverse=reverse, position=place))

        self._list_links = (link(page[-1], False) if has_next and page else None,
                            link(page[0], True) if has_previous and page else None)
        return page

    def _list_position(self, position: str) -> tuple[int, ...]:
        parts = position.split(".")
        if not all(part.isascii() and part.isdigit() and len(part) < 19 for part in parts):
            raise exceptions.NotFound(self.invalid_cursor_message)
        return tuple(int(part) for part in parts)

    def get_next_link(self) -> str | None:
        return self._list_links[0] if self._list_links is not None else super().get_next_link()

    def get_previous_link(self) -> str | None:
        return self._list_links[1] if self._list_links is not None else super().get_previous_link()


def _ordering_field(model: type[Model], name: str) -> "Field[Any, Any]":
    return model._meta.pk if name == "pk" else model._meta.get_field(name)  # type: ignore[return-value]


def _unacceptable(data: Any) -> bool:
    """Whether parsed JSON holds a control character in a string or a number too large for any id."""
    if isinstance(data, str):
        return has_forbidden_characters(data)
    if isinstance(data, int) and not isinstance(data, bool):
        return is_out_of_range(data)
    if isinstance(data, dict):
        return any(has_forbidden_characters(str(key)) or _unacceptable(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_unacceptable(item) for item in data)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing control characters (NUL...), numbers too large for any id,
    and nesting too deep to read."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("The JSON is nested too deeply.") from exc
        if _unacceptable(data):
            raise exceptions.ParseError(BAD_INPUT_MESSAGE)
        return data


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's ``BadRequest`` as a JSON 400 (not the HTML page)."""
    # Imported here: rest_framework.views reads REST_FRAMEWORK, which names this module (a cycle at start-up).
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, BadRequest):
        exc = exceptions.ParseError(BAD_INPUT_MESSAGE)
    return drf_exception_handler(exc, context)



# Answers every operation can give besides its own, with DRF's body for them: {"detail": "..."}, or for
# a 400 either that or each field's messages. Declared in the schema so that clients (and the API
# fuzzing) can hold every answer to it, not only the successful ones.
ERROR_RESPONSES = {
    "400": "The request could not be read, or its input is not valid.",
    "401": "No valid session or API token.",
    "403": "Not allowed for this account (for example without two-factor authentication).",
    "404": "Not found, or not visible to this account.",
    "415": "The request's content type is not accepted.",
    "429": "Too many requests: wait, then try again.",
}
_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELD_ERRORS = {"type": "object", "additionalProperties": {
    "oneOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}]}}


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add ERROR_RESPONSES to every operation of the schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = _DETAIL
    schemas["InputErrors"] = {"anyOf": [{"$ref": "#/components/schemas/ErrorDetail"}, _FIELD_ERRORS]}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ERROR_RESPONSES.items():
                schema = "InputErrors" if status == "400" else "ErrorDetail"
                operation["responses"].setdefault(status, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                })
    return result
