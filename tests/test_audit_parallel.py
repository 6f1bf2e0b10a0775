"""``workers=N``: the same rows, in the same order, and the same first error as one worker."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest

from lexom_terms import audit, read_ledger
from lexom_terms.ledgers._text import LedgerError
from lexom_terms.tools import audit as audit_module

HEADER = "number,cgv,client_name,client_kind,country,issued_on,due_on,amount_incl_tax,payments"


def generated(n: int, seed: int = 7) -> list[str]:
    pick = random.Random(seed)
    lines = [HEADER]
    for i in range(n):
        issued = date(2024, 1, 1) + timedelta(days=pick.randrange(600))
        due = issued + timedelta(days=pick.choice((0, 15, 30, 45)))
        amount = pick.randrange(100, 500_000)
        paid = ""
        if pick.random() < 0.6:
            on = due + timedelta(days=pick.randrange(-10, 200))
            paid = f"{on.isoformat()}:{pick.randrange(1, amount) / 100:.2f}"
        kind = pick.choice(("legal_person", "natural_person"))
        cgv = pick.choice(("legacy-15", "new-30"))
        country = pick.choice(("FR", "FR", "DE", "BE"))
        lines.append(
            f"F-{i},{cgv},Client {i % 97},{kind},{country},{issued},{due},{amount / 100:.2f},{paid}"
        )
    return lines


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_module, "CHUNK", 97)  # many chunks, ragged last one


def test_two_workers_give_the_same_figures_as_one() -> None:
    lines = generated(3000)
    as_of = date(2026, 6, 30)
    one = audit(read_ledger(lines), as_of)
    two = audit(read_ledger(lines), as_of, workers=2)
    assert one.lines == two.lines and one.count == 3000
    assert one.to_csv() == two.to_csv() and one.to_json() == two.to_json()
    # plain Invoice objects (not a Ledger) take the pickling path
    three = audit(list(read_ledger(lines)), as_of, workers=3)
    assert three.lines == one.lines


@pytest.mark.parametrize("workers", [1, 2])
def test_the_first_error_and_its_line_do_not_depend_on_workers(workers: int) -> None:
    lines = generated(2000)
    lines[1500] = lines[1500].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    lines[1900] = lines[10]  # a duplicate number, later: the earlier bad row wins
    with pytest.raises(LedgerError) as caught:
        audit(read_ledger(lines), date(2026, 6, 30), workers=workers)
    assert (caught.value.line, caught.value.column) == (1501, "cgv")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_reader_error_after_good_chunks(workers: int) -> None:
    lines = generated(1000)
    lines[900] = lines[10]
    with pytest.raises(LedgerError, match="appears twice") as caught:
        audit(read_ledger(io.StringIO("\n".join(lines))), date(2026, 6, 30), workers=workers)
    assert caught.value.line == 901


def test_workers_must_be_a_small_positive_number() -> None:
    with pytest.raises(ValueError, match="workers"):
        audit([], date(2026, 6, 30), workers=0)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_row_before_a_duplicate_in_the_same_chunk_wins(workers: int) -> None:
    lines = generated(300)
    lines[200] = lines[200].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    lines[210] = lines[10]  # same chunk of 97 rows (lines 195 to 291)
    with pytest.raises(LedgerError) as caught:
        audit(read_ledger(lines), date(2026, 6, 30), workers=workers)
    assert (caught.value.line, caught.value.column) == (201, "cgv")


def test_progress_every_ten_thousand() -> None:
    from lexom_terms.tools.audit import progress_marks

    seen: list[int] = []
    assert progress_marks(9_900, 200, seen.append) == 10_100
    assert progress_marks(10_100, 25_000, seen.append) == 35_100
    assert seen == [10_000, 20_000, 30_000]
