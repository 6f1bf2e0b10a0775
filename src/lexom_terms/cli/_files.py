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
        if path.exists() and not path.is_file():
            # a device node, a pipe or a socket: renaming a file over it would replace it
            raise UsageError(
                f"{name}: is not a regular file (a device, a pipe or a socket); give a file"
                " name, or leave out -o to write to the standard output"
            )
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
def writing(target: Output | None, held: list[tuple[str, Path]] | None = None) -> Iterator[IO[str]]:
    """stdout, or a temporary file beside the target renamed over it at the end: never a
    half-written report, even on SIGTERM or Ctrl-C (the temporary file is removed). With
    ``held``, the rename is left to the caller (:func:`commit`): a second file (the summary)
    is put in place only once the first (the report) is."""
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
        # SIGTERM and SIGINT wait while the file is created and its name kept: a signal
        # between the two would leave a temporary file no one knows to remove
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
        try:
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise UsageError(
                f"{path}: cannot write in {str(path.parent)!r} ({error.strerror})"
            ) from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fchmod(out.fileno(), target.mode)
        if held is not None:
            held.append((temp, path))
            return
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write the report ({error.strerror})") from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise


def commit(held: list[tuple[str, Path]]) -> None:
    """Put the held temporary files in place (see :func:`writing`)."""
    for temp, path in held:
        try:
            os.replace(temp, path)
        except OSError as error:
            discard(held)
            raise UsageError(f"{path}: cannot write the file ({error.strerror})") from None
    held.clear()


def discard(held: list[tuple[str, Path]]) -> None:
    """Remove the held temporary files that were not put in place."""
    for temp, _ in held:
        Path(temp).unlink(missing_ok=True)
    held.clear()


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


def write_bytes(data: bytes, target: Output) -> None:
    """A binary file (an e-invoice PDF) written as :func:`writing` writes a report: a temporary
    file beside the target renamed over it, never half-written, never over an input."""
    path = target.path
    temp: str | None = None
    try:
        try:
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise UsageError(
                f"{path}: cannot write in {str(path.parent)!r} ({error.strerror})"
            ) from None
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), target.mode)
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write the file ({error.strerror})") from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise
