"""Writing a report, a letter or a statement: never over an input, never half-written, no
temporary file left behind on SIGTERM or Ctrl-C."""

from __future__ import annotations

import io
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ._core import UsageError


class Output:
    """An ``-o`` target, checked before any work: never an input, never a folder, never a
    symbolic link replaced silently; a folder that does not exist or cannot be written is an
    error on stderr (exit 2), not a traceback."""

    def __init__(self, name: str, inputs: list[str]) -> None:
        path = Path(name)
        self.path = path
        if path.is_symlink():
            raise UsageError(
                f"{name}: is a symbolic link; give the file it points to"
                f" ({os.path.realpath(path)}) or remove the link"
            )
        if path.is_dir():
            raise UsageError(f"{name}: is a folder; give a file name for the report")
        for other in inputs:
            if os.path.realpath(other) == os.path.realpath(path) or (
                path.exists() and Path(other).exists() and os.path.samefile(other, path)
            ):
                raise UsageError(f"{name}: is an input of this command; write the report elsewhere")
        parent = path.parent
        if not parent.is_dir():
            raise UsageError(f"{name}: the folder {str(parent)!r} does not exist")
        self.real = os.path.realpath(path)
        if path.exists():
            self.mode = stat.S_IMODE(path.stat().st_mode)
        else:
            mask = os.umask(0)
            os.umask(mask)
            self.mode = 0o666 & ~mask

    def same_as(self, other: Output) -> bool:
        return self.real == other.real


@contextmanager
def writing(target: Output | None) -> Iterator[IO[str]]:
    """stdout, or a temporary file beside the target renamed over it at the end: never a
    half-written report, even on SIGTERM or Ctrl-C (the temporary file is removed)."""
    if target is None:
        # stdout is buffered until the end: a bad row or a refusal prints nothing (use -o for a
        # report streamed to disk in bounded memory)
        buffer = io.StringIO()
        yield buffer
        sys.stdout.write(buffer.getvalue())
        return
    path = target.path
    temp: str | None = None
    try:
        try:
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise UsageError(
                f"{path}: cannot write in {str(path.parent)!r} ({error.strerror})"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fchmod(out.fileno(), target.mode)
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write the report ({error.strerror})") from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that the temporary report is removed."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def terminate_cleanly() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: the caller owns the signals
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
