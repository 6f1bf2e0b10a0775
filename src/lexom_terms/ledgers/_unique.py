"""Exact duplicate detection over a stream of invoice numbers, in bounded memory.

A ledger of 10 000 000 invoices held every number in one set (924 MB). Here the numbers since the
last spill sit in a dict (number → line) of at most ``limit`` entries; when it is full they are
written, sorted, to a temporary run file and the dict starts again. A number seen twice within
the dict is known at once, as before; one whose two occurrences fall in different runs is found
by merging the sorted runs (:meth:`UniqueNumbers.first_duplicate`), which reads each run once,
one line at a time. No hashing: the numbers themselves are compared, so there is never a false
"duplicate" verdict, and the duplicate reported is the one a single set would report — the
earliest second occurrence in ledger order."""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, NamedTuple

#: numbers held in memory before a sorted run is written to disk (≈ 115 bytes each)
LIMIT = 500_000


class Duplicate(NamedTuple):
    number: str
    first: tuple[int, int]
    """(part, line) of the first occurrence"""
    second: tuple[int, int]
    """(part, line) of the second occurrence: where the error is reported"""


def _encode(number: str) -> str:
    """A number as one field of a run's line: itself when plain (the common case), else JSON
    (a tab, a line break, a backslash or a leading quote inside a cell)."""
    if number.isprintable() and "\t" not in number and "\\" not in number and number[:1] != '"':
        return number
    return json.dumps(number)


def _write_run(items: Iterable[tuple[str, int]], run: IO[str]) -> None:
    """Sorted (number, line) pairs as ``number\tline`` lines."""
    encode = _encode
    run.writelines([f"{encode(n)}\t{line}\n" for n, line in items])


def _read_run(run: IO[str], part: int) -> Iterator[tuple[str, int, int]]:
    run.seek(0)
    for text in run:
        number, _, line = text.rpartition("\t")
        if number[:1] == '"':
            number = json.loads(number)
        yield number, part, int(line)


def _temporary() -> IO[str]:
    # kept open: the run is read back by the merge, and deleted when closed
    return tempfile.TemporaryFile("w+", encoding="utf-8", prefix="lexom-numbers-")


class UniqueNumbers:
    """Invoice numbers, each with where it stands (a part — a file of several — and a line).
    :meth:`add` says whether a number is already among those in memory; :meth:`first_duplicate`
    finds the earliest second occurrence among everything added (merging the runs on disk)."""

    def __init__(self, limit: int | None = None, part: int = 0) -> None:
        self.limit = LIMIT if limit is None else limit
        self.part = part
        self._held: dict[str, int] = {}
        self._runs: list[IO[str]] = []

    @property
    def spilled(self) -> bool:
        """Whether some numbers are on disk: a duplicate across runs is then found by a merge."""
        return bool(self._runs)

    def add(self, number: str, line: int) -> int | None:
        """Record ``number`` on ``line``: the line where it was first seen, when that is among the
        numbers held in memory, else None."""
        held = self._held
        first = held.get(number)
        if first is not None:
            return first
        held[number] = line
        if len(held) >= self.limit:
            run = _temporary()
            # the keys sorted, not the items: no second copy of every (number, line) pair
            _write_run(((n, held[n]) for n in sorted(held)), run)
            self._runs.append(run)
            held.clear()
        return None

    def sorted_items(self) -> Iterator[tuple[str, int, int]]:
        """Every number added, with its part and line, sorted (the runs on disk merged with the
        numbers in memory)."""
        part = self.part
        lines = self._held
        held = ((n, part, lines[n]) for n in sorted(lines))
        return heapq.merge(*(_read_run(run, part) for run in self._runs), held)

    def first_duplicate(self, before: tuple[int, int] | None = None) -> Duplicate | None:
        """The duplicate whose second occurrence comes first, if any (only those before
        ``before``, a (part, line), when given)."""
        return first_duplicate([self.sorted_items()], before)

    def write(self, out: IO[str]) -> None:
        """Every number added, sorted, as one run on ``out`` (the check across files)."""
        _write_run(((n, line) for n, _, line in self.sorted_items()), out)

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs.clear()
        self._held.clear()


def read_run(run: IO[str], part: int) -> Iterator[tuple[str, int, int]]:
    """A run written by :meth:`UniqueNumbers.write`, its numbers marked as in ``part``."""
    return _read_run(run, part)


def first_duplicate(
    sorted_items: Iterable[Iterator[tuple[str, int, int]]], before: tuple[int, int] | None = None
) -> Duplicate | None:
    """Merge sorted (number, part, line) streams and return the number seen twice whose second
    occurrence comes first in (part, line) order, or None."""
    found: Duplicate | None = None
    previous: tuple[str, int, int] | None = None
    for item in heapq.merge(*sorted_items):
        if previous is not None and previous[0] == item[0]:
            # equal numbers come out by (part, line): previous is the earlier occurrence
            second = (item[1], item[2])
            if (before is None or second < before) and (found is None or second < found.second):
                found = Duplicate(item[0], (previous[1], previous[2]), second)
            continue  # a third occurrence comes after the second
        previous = item
    return found
