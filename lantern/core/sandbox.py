"""Running a function over untrusted bytes in a separate process, with limits it cannot lift.

Cleaning an upload (decoding pictures, rewriting PDFs and Word files) is the heaviest work
a hostile file can ask of us. It runs here, in a fresh Python process started for the
one file: the process limits its own CPU time and memory (``setrlimit``) before it reads
the bytes, cannot write files, is killed when the wall-clock time runs out, and is
given no environment (so none of the keys or passwords the web process holds). A web
request, a test worker or a Celery worker waits for it, at most as long as the limit.

A ``ValidationError`` raised by the function reaches the caller with its messages; any
other end (time or memory spent, a crash) is a ``ValidationError`` with a plain message.
Nothing the process prints is kept or logged: it could quote the file.
"""

import importlib
import json
import logging
import os
import signal
import subprocess  # noqa: S404 (runs our own interpreter on our own code, with no shell)
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

import lantern

logger = logging.getLogger(__name__)

TOO_SLOW = "The file took too long to check: send a smaller file, or split it into several files"
TOO_BIG = "The file needs too much memory to check: send a smaller file, or split it into several files"
FAILED = "The file could not be checked, so it was not saved: save it again as a new file, or send it as a PDF"

_OK, _REFUSED = b"\x00", b"\x01"
_OUT_OF_MEMORY = 3
# The code the process runs: the directory holding the `lantern` package the caller uses
# comes first on its path (isolated mode, -I, ignores the environment and the current directory).
_ROOT = str(Path(lantern.__file__).resolve().parent.parent)
_BOOTSTRAP = "import sys; sys.path.insert(0, sys.argv[1]); from lantern.core.sandbox import child_main; child_main()"


def run(target: str, content: bytes, *, options: dict[str, Any], seconds: float, cpu_seconds: int,
        memory_bytes: int) -> bytes:
    """``module:function`` applied to ``content`` (with ``options`` as keyword arguments) in a limited
    process; its result, or a ValidationError."""
    command = [sys.executable, "-I", "-c", _BOOTSTRAP, _ROOT, target, json.dumps(options),
               str(max(1, int(cpu_seconds))), str(int(memory_bytes))]
    try:
        completed = subprocess.run(  # noqa: S603 (a fixed command: our interpreter and our code)
            command, input=content, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={},
            timeout=seconds, check=False,
        )
    except subprocess.TimeoutExpired as exc:  # the process was killed (and reaped) by subprocess.run
        raise ValidationError(TOO_SLOW) from exc
    except OSError as exc:
        logger.error("Could not start the process that checks uploads: %s", type(exc).__name__)
        raise ValidationError(FAILED) from exc
    output = completed.stdout
    if completed.returncode == 0 and output[:1] == _OK:
        return output[1:]
    if completed.returncode == 0 and output[:1] == _REFUSED:
        raise ValidationError(json.loads(output[1:]))
    if completed.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ValidationError(TOO_SLOW)
    if completed.returncode in (_OUT_OF_MEMORY, -signal.SIGABRT, -signal.SIGSEGV):
        raise ValidationError(TOO_BIG)
    logger.warning("The process checking an upload ended with code %s", completed.returncode)
    raise ValidationError(FAILED)


def _limit(cpu_seconds: int, memory_bytes: int) -> None:
    import resource

    def lower(kind: int, soft: int, hard: int) -> None:
        _, current = resource.getrlimit(kind)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(kind, (soft, hard))

    lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)  # SIGXCPU at the limit, SIGKILL a second later
    lower(resource.RLIMIT_AS, memory_bytes, memory_bytes)
    lower(resource.RLIMIT_FSIZE, 0, 0)  # no files written
    lower(resource.RLIMIT_CORE, 0, 0)  # and no core dump of the file's bytes


def child_main() -> None:
    """The limited process: limits itself, reads the bytes, writes the result. Not for other use."""
    _root, target, options, cpu_seconds, memory_bytes = sys.argv[1:6]
    module, _, name = target.partition(":")
    function = getattr(importlib.import_module(module), name)
    _limit(int(cpu_seconds), int(memory_bytes))
    content = sys.stdin.buffer.read()
    try:
        result = _OK + function(content, **json.loads(options))
    except ValidationError as exc:
        result = _REFUSED + json.dumps(exc.messages).encode()
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    sys.stdout.buffer.write(result)
    sys.stdout.buffer.flush()
