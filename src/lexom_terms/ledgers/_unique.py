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


def _write_run(items: Iterable[tuple[str, int, int]]) -> IO[str]:
    # kept open: the run is read back by the merge, and deleted when closed
    run = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="lexom-numbers-")  # noqa: SIM115
    # JSON keeps any number (a tab, a newline, a quote inside a cell) on one line of the run
    run.writelines(f"{json.dumps(n)}\t{p}\t{line}\n" for n, p, line in items)
    run.seek(0)
    return run


def _read_run(run: IO[str]) -> Iterator[tuple[str, int, int]]:
    run.seek(0)
    for text in run:
        number, part, line = text.rsplit("\t", 2)
        yield json.loads(number), int(part), int(line)


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
            self._runs.append(self.sorted_run())
            held.clear()
        return None

    def sorted_run(self) -> IO[str]:
        """The numbers in memory, sorted, in a temporary file: ``"number"\\tpart\\tline`` lines."""
        part = self.part
        return _write_run((n, part, line) for n, line in sorted(self._held.items()))

    def runs(self) -> list[IO[str]]:
        """Every number added, as sorted runs (the ones on disk and the one in memory)."""
        return [*self._runs, self.sorted_run()]

    def first_duplicate(self, before: tuple[int, int] | None = None) -> Duplicate | None:
        """The duplicate whose second occurrence comes first, if any (only those before
        ``before``, a (part, line), when given)."""
        held = self.sorted_run()
        try:
            return first_duplicate([*self._runs, held], before)
        finally:
            held.close()

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs.clear()
        self._held.clear()


def first_duplicate(
    runs: Iterable[IO[str]], before: tuple[int, int] | None = None
) -> Duplicate | None:
    """Merge sorted runs (each without a duplicate of its own) and return the number seen twice
    whose second occurrence comes first in (part, line) order, or None."""
    found: Duplicate | None = None
    merged = heapq.merge(*(_read_run(run) for run in runs))
    previous: tuple[str, int, int] | None = None
    for item in merged:
        if previous is not None and previous[0] == item[0]:
            # equal numbers come out by (part, line): previous is the earlier occurrence
            second = (item[1], item[2])
            if (before is None or second < before) and (found is None or second < found.second):
                found = Duplicate(item[0], (previous[1], previous[2]), second)
            continue  # a third occurrence is later than the second
        previous = item
    return found


def write_merged(runs: list[IO[str]], out: IO[str], part: int) -> None:
    """Merge sorted runs (closing them) into one sorted run on ``out``, every number marked as
    standing in ``part`` (a file of several: the check across files)."""
    try:
        out.writelines(
            f"{json.dumps(n)}\t{part}\t{line}\n"
            for n, _, line in heapq.merge(*(_read_run(run) for run in runs))
        )
    finally:
        for run in runs:
            run.close()
