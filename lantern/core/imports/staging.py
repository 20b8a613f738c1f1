"""Staging rows on PostgreSQL: streamed with COPY into a temporary table, before the commit.

The staging table lives only in this database session and is dropped afterwards, so rows
streamed into it are not part of anything until the app's commit copies them across
(``INSERT ... SELECT ... ON CONFLICT DO NOTHING``) in one transaction.

``read_ahead`` lets the commit overlap the two halves of an import: a thread reads and parses
the next chunk of the file (Python, one core) while the database writes the last one (the
server, the other core).
"""

import itertools
import queue
import sys
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, connections

CHUNK = 20_000  # rows read, then copied, at a time
T = TypeVar("T")


@contextmanager
def staging_table(name: str, columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    """A temporary table ``name`` with ``columns`` (``(name, SQL type)``), dropped on the way out."""
    definition = ", ".join(f"{column} {sql_type}" for column, sql_type in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definition})")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Stream ``rows`` into ``table`` with COPY, in chunks (see :func:`copy_text`), then gather the table's
    statistics; the number of rows copied.

    Each chunk is read from ``rows`` before its COPY starts, so whatever produces the rows may use the
    database between chunks (a background job saving its progress).
    """
    count = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        copy_block(table, columns, copy_text(chunk))
        count += len(chunk)
    gather_statistics(table)  # a temporary table has no statistics until told to gather them
    return count


def gather_statistics(*tables: str) -> None:
    """PostgreSQL: gather ``tables``' statistics now, after an import added many rows to them.

    Until autovacuum gets round to it the planner still sees the tables as they were, and plans the
    next reads of the new rows (an import's follow-on steps) for a few rows: sorts spilling to disk
    where a hash would do. Measured on a million new spend lines: the risk screening's two reads
    took 4.6 s and 3.3 s before, 2.9 s and 0.3 s after an ANALYZE of 0.5 s. A database user who
    does not own the tables gets a warning from PostgreSQL, not an error, and the plans as before.
    """
    if connection.vendor != "postgresql" or not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


# COPY's text format: a tab between values, a newline after each row, \N for NULL, and a backslash,
# tab, newline or carriage return inside a value written as its escape.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows: Iterable[Sequence[Any]]) -> bytes:
    """``rows`` in COPY's text format, ready for :func:`copy_block`.

    Lets the work of formatting the rows happen where they are made (the thread reading the file,
    see ``read_ahead``), so the thread holding the connection only sends bytes. Values are ``None``
    (NULL) or anything whose ``str()`` PostgreSQL reads for the column: text, numbers, decimals,
    dates, UUIDs, booleans (``True``, ``False``). A row is joined as it is unless a value holds a
    character COPY reads specially (a backslash, tab, newline or carriage return), or is NULL.
    """
    escapes = _COPY_ESCAPES
    lines: list[str] = []
    append = lines.append
    for row in rows:
        line = "\t".join(map(str, row))
        if (None in row or line.count("\t") != len(row) - 1
                or "\\" in line or "\n" in line or "\r" in line):
            line = "\t".join("\\N" if value is None else str(value).translate(escapes) for value in row)
        append(line)
    if not lines:
        return b""
    append("")
    return "\n".join(lines).encode()


def copy_block(table: str, columns: Sequence[str], block: bytes) -> None:
    """Send rows already in COPY's text format (:func:`copy_text`) into ``table``."""
    if not block:
        return
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(block)


_END = object()

# How often (seconds) a thread running Python is asked to let another have the interpreter. The
# default, 5 ms, is paid by the thread waiting for the database each time it wakes: several times a
# statement, while the reading thread parses. Measured on a million rows: the connection's thread spent
# 15 s of the 51 s it took waiting to run again after statements the server had finished in
# milliseconds; at 0.5 ms, the same work took 31 s.
QUICK_SWITCH = 0.0005
_switching = threading.Lock()
_quick_users = 0
_usual_switch = sys.getswitchinterval()


@contextmanager
def quick_switching() -> Iterator[None]:
    """Threads take turns at the interpreter every :data:`QUICK_SWITCH` seconds while inside, so a
    thread waiting on the database is not held back by one parsing a file. The process's usual
    interval comes back when the last of any overlapping users leaves."""
    global _quick_users, _usual_switch  # noqa: PLW0603  (one setting for the whole process)
    with _switching:
        if _quick_users == 0:
            _usual_switch = sys.getswitchinterval()
            sys.setswitchinterval(min(_usual_switch, QUICK_SWITCH))
        _quick_users += 1
    try:
        yield
    finally:
        with _switching:
            _quick_users -= 1
            if _quick_users == 0:
                sys.setswitchinterval(_usual_switch)


def read_ahead(items: Iterable[T], *, depth: int = 2) -> Generator[T, None, None]:
    """``items``, produced by a thread of their own up to ``depth`` ahead of the caller.

    For a producer that is mostly Python (reading and parsing a file's chunks) and a caller that
    mostly waits for the database (writing the chunk before): the two overlap, on the two cores.
    Whatever the producer raises is raised here, in the caller; when the caller stops early (an
    error while writing), the producer stops at its next item. The producer has its own database
    connection, if it uses one (a background job saving its progress, which is then seen at once
    although the caller's transaction is still open); it is closed when the thread ends. While the
    thread runs, threads switch quickly (:func:`quick_switching`).

    Close the iterator (``contextlib.closing``) so the thread is always waited for.
    """
    handoff: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_END, None))
        except BaseException as error:  # noqa: BLE001  (handed to the caller, who raises it)
            put((_END, error))
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    with quick_switching():
        thread.start()
        try:
            while True:
                item, error = handoff.get()
                if error is not None:
                    raise error
                if item is _END:
                    return
                yield item
        finally:
            stop.set()
            while thread.is_alive():
                try:
                    handoff.get(timeout=0.1)  # let a producer waiting to hand over an item see the stop
                except queue.Empty:
                    pass
            thread.join()
