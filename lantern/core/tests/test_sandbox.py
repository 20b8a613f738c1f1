"""The limited process that checks uploads: a file that would hold a worker is cut off, whatever it does.

The functions below are run inside that process by name (``lantern.core.tests.test_sandbox:...``).
Each test ending at all is the proof that the bound holds: without it, they would never return.
"""

import os
import time

import pytest
from django.core.exceptions import ValidationError

from lantern.core import sandbox

TARGET = "lantern.core.tests.test_sandbox"
GENEROUS = {"seconds": 60, "cpu_seconds": 60, "memory_bytes": 1024 * 1024 * 1024}


def spin(content: bytes, **options: object) -> bytes:
    while True:  # all CPU, no end
        content = content[::-1]


def sleep(content: bytes) -> bytes:
    while True:  # no CPU, no end
        time.sleep(60)


def hoard(content: bytes) -> bytes:
    return content * (4 * 1024 * 1024 * 1024)  # 4 GB


def shout(content: bytes) -> bytes:
    raise ValidationError(["The selected file is not a valid image", "Another reason"])


def environment(content: bytes) -> bytes:
    return repr(sorted(os.environ)).encode()


def reverse(content: bytes, *, times: int) -> bytes:
    return content[::-1] * times


def test_the_function_runs_on_the_bytes_with_its_options():
    assert sandbox.run(f"{TARGET}:reverse", b"abc", options={"times": 2}, **GENEROUS) == b"cbacba"


def test_a_cleaning_that_keeps_the_cpu_busy_is_killed_at_the_cpu_limit():
    with pytest.raises(ValidationError) as refused:
        sandbox.run(f"{TARGET}:spin", b"x" * 100, options={}, **{**GENEROUS, "cpu_seconds": 1})
    assert refused.value.messages == [sandbox.TOO_SLOW]


def test_a_cleaning_that_waits_is_killed_when_the_time_runs_out():
    with pytest.raises(ValidationError) as refused:
        sandbox.run(f"{TARGET}:sleep", b"x", options={}, **{**GENEROUS, "seconds": 1})
    assert refused.value.messages == [sandbox.TOO_SLOW]


def test_a_cleaning_that_needs_too_much_memory_is_refused():
    with pytest.raises(ValidationError) as refused:
        sandbox.run(f"{TARGET}:hoard", b"x", options={}, **{**GENEROUS, "memory_bytes": 512 * 1024 * 1024})
    assert refused.value.messages == [sandbox.TOO_BIG]


def test_the_reasons_a_file_is_refused_reach_the_caller():
    with pytest.raises(ValidationError) as refused:
        sandbox.run(f"{TARGET}:shout", b"x", options={}, **GENEROUS)
    assert refused.value.messages == ["The selected file is not a valid image", "Another reason"]


def test_the_process_holds_none_of_the_keys_in_the_environment(monkeypatch):
    monkeypatch.setenv("LANTERN_FIELD_KEYS", "a-key-the-file-must-never-reach")
    assert sandbox.run(f"{TARGET}:environment", b"", options={}, **GENEROUS) in (b"[]", b"['LC_CTYPE']")
