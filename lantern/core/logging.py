"""Log formatting that keeps personal data out of the logs.

An exception's message can quote what it was working on: a database error names the
value that clashed, a decoding error the text it could not read. The formatter logs
an exception's type and where it happened (each frame's file, line and function),
never its message or the source lines, so a failure is traceable without copying a
person's details into the log store.
"""

import logging
import traceback
from collections.abc import Mapping
from types import TracebackType


class NoMessageFormatter(logging.Formatter):
    """A formatter whose tracebacks hold types and places only."""

    def formatException(self, ei: tuple[type[BaseException], BaseException, TracebackType | None]  # noqa: N802
                        | tuple[None, None, None]) -> str:
        exc_type, exc, tb = ei
        if exc_type is None or exc is None:
            return ""
        lines = ["Traceback (most recent call last; messages left out):"]
        lines += [f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
                  for frame in traceback.extract_tb(tb)]
        lines.append(f"{exc_type.__module__}.{exc_type.__qualname__}")
        earlier = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if earlier is not None:
            lines.append(f"  (while handling {type(earlier).__module__}.{type(earlier).__qualname__})")
        return "\n".join(lines)


class NoExceptionInMessageFilter(logging.Filter):
    """Celery's task-failure line puts the exception itself in the message (``... raised unexpected:
    %(exc)s``): replace it by its type, as the formatter does for tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping) and isinstance(record.args.get("exc"), BaseException):
            exc = record.args["exc"]
            record.args = {**record.args, "exc": f"{type(exc).__module__}.{type(exc).__qualname__}"}
        return True
