"""The duplicate-invoice check in bounded memory (issue 17): exact — the same verdict and the same
line as one set holding every number — whatever the number of runs spilled to disk, and the
first error in ledger order still wins, with 1 or 2 workers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms import audit, read_ledger
from lexom_terms.ledgers import _unique
from lexom_terms.ledgers._text import LedgerError
from lexom_terms.ledgers._unique import UniqueNumbers
from lexom_terms.tools import audit as audit_module

from .test_audit_parallel import generated


def one_set(numbers: list[str]) -> int | None:
    """The reference: the index of the first number already seen, with every number held."""
    seen: set[str] = set()
    for index, number in enumerate(numbers):
        if number in seen:
            return index
        seen.add(number)
    return None


def bounded(numbers: list[str], limit: int) -> int | None:
    unique = UniqueNumbers(limit)
    try:
        for index, number in enumerate(numbers):
            if unique.add(number, index) is not None:
                earlier = unique.first_duplicate(before=(0, index)) if unique.spilled else None
                return index if earlier is None else earlier.second[1]
        found = unique.first_duplicate()
        return None if found is None else found.second[1]
    finally:
        unique.close()


# numbers from a small alphabet (duplicates are common), odd characters included: a tab, a
# newline, quotes and non-ASCII letters must survive the runs on disk
NUMBERS = st.lists(
    st.text(alphabet="AB\t\n\r\\\"'é-1\u2028", min_size=0, max_size=3), min_size=0, max_size=60
)


@settings(max_examples=300, deadline=None)
@given(numbers=NUMBERS, limit=st.integers(1, 8))
def test_the_bounded_check_finds_what_one_set_finds(numbers: list[str], limit: int) -> None:
    assert bounded(numbers, limit) == one_set(numbers)


def test_numbers_that_differ_are_never_a_duplicate() -> None:
    numbers = [f"F-{i}" for i in range(5000)] + ["F-0 ", "f-0", "F-00", "F-0\t"]
    assert bounded(numbers, 7) is None


def test_memory_holds_at_most_the_limit() -> None:
    unique = UniqueNumbers(100)
    for i in range(1050):
        assert unique.add(f"F-{i}", i + 2) is None
        assert len(unique._held) < 100
    assert unique.spilled and len(unique._runs) == 10
    assert unique.first_duplicate() is None
    unique.add("F-3", 2000)
    found = unique.first_duplicate()
    assert found is not None and (found.number, found.first, found.second) == (
        "F-3",
        (0, 5),
        (0, 2000),
    )
    unique.close()


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_unique, "LIMIT", 50)  # many runs on disk
    monkeypatch.setattr(audit_module, "CHUNK", 97)


@pytest.mark.usefixtures("small_runs")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_duplicate_far_apart_is_refused_on_its_line(workers: int) -> None:
    lines = generated(1000)
    lines[900] = lines[10]  # first occurrence long spilled to disk
    with pytest.raises(LedgerError, match="appears twice") as caught:
        audit(read_ledger(lines), date(2026, 6, 30), workers=workers)
    assert (caught.value.line, caught.value.column, caught.value.code) == (
        901,
        "number",
        "duplicate_invoice",
    )


@pytest.mark.usefixtures("small_runs")
@pytest.mark.parametrize("workers", [1, 2])
def test_the_first_error_in_ledger_order_wins_across_runs(workers: int) -> None:
    lines = generated(1000)
    lines[600] = lines[10]  # a duplicate across runs, found only by the merge
    lines[800] = lines[800].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    with pytest.raises(LedgerError) as caught:
        audit(read_ledger(lines), date(2026, 6, 30), workers=workers)
    assert (caught.value.line, caught.value.column) == (601, "number")
    lines = generated(1000)
    lines[400] = lines[400].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    lines[600] = lines[10]
    with pytest.raises(LedgerError) as caught:
        audit(read_ledger(lines), date(2026, 6, 30), workers=workers)
    assert (caught.value.line, caught.value.column) == (401, "cgv")


@pytest.mark.usefixtures("small_runs")
def test_no_duplicate_same_report_as_without_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = generated(700)
    spilled = audit(read_ledger(lines), date(2026, 6, 30), workers=2).to_csv()
    monkeypatch.setattr(_unique, "LIMIT", 10**9)
    assert audit(read_ledger(lines), date(2026, 6, 30)).to_csv() == spilled
