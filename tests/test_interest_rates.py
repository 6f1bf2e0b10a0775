"""The shipped rate series (RULEBOOK §9, §11): every semester from the start of each series up to
its ``known_through`` date has a rate, with its source; nothing beyond it is guessed. Values and
dates come from the data files (``lexom_terms/rates/data``), never from Python."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from importlib import resources

import pytest

from lexom_terms import MissingRateError, default_rates
from lexom_terms.calendar import semester_start

from .rules.support import covers


def semesters(first: date, last: date) -> list[date]:
    found, day = [], semester_start(first)
    while day <= last:
        found.append(day)
        day = date(day.year, 7, 1) if day.month == 1 else date(day.year + 1, 1, 1)
    return found


def data(name: str) -> list[dict[str, str]]:
    text = resources.files("lexom_terms.rates").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@covers("§9 provisional and missing rates", boundary=True)
def test_every_semester_of_the_ecb_series_has_a_rate_up_to_known_through() -> None:
    table = default_rates()
    days = [r.effective for r in table.ecb]
    assert days == sorted(set(days)), "ECB changes must be dated once each, in order"
    assert days[0] == date(1999, 1, 1)
    assert days[-1] <= table.ecb_known_through
    walked = semesters(days[0], table.ecb_known_through)
    assert len(walked) == 56  # 1999 S1 … 2026 S2
    for start in walked:
        rate = table.ecb_rate(start)  # raises MissingRateError on a gap
        assert rate.effective <= start and rate.source
    assert table.ecb_rate(table.ecb_known_through) == table.ecb[-1]
    with pytest.raises(MissingRateError):
        table.ecb_rate(table.ecb_known_through + timedelta(days=1))


@covers("§9 provisional and missing rates", boundary=True)
def test_every_semester_of_the_legal_series_has_one_value_and_its_text() -> None:
    table = default_rates()
    counts = Counter(r.semester_start for r in table.legal)
    assert max(counts.values()) == 1, [s for s, n in counts.items() if n > 1]
    first = min(counts)
    assert first == date(2008, 1, 1)
    walked = semesters(first, table.legal_known_through)
    assert sorted(counts) == walked, "a semester without a legal rate, or one beyond the series"
    assert table.legal_known_through == date(2026, 12, 31)
    for start in walked:
        rate = table.legal_rate(start)
        assert rate.semester_start == start
        assert rate.instrument, f"no arrêté or décret recorded for {start}"
        assert rate.source or not rate.confirmed, f"a confirmed value without a source: {start}"
    with pytest.raises(MissingRateError):
        table.legal_rate(table.legal_known_through + timedelta(days=1))


def test_known_through_dates_are_data() -> None:
    rows = {row["series"]: row for row in data("series.csv")}
    table = default_rates()
    assert date.fromisoformat(rows["ecb_mro"]["known_through"]) == table.ecb_known_through
    assert date.fromisoformat(rows["fr_legal_rate"]["known_through"]) == table.legal_known_through
    assert all(row["basis"] for row in rows.values())
    # The legal rate's arrêté is read from the file with each value.
    arretes = {row["semester_start"]: row["arrete"] for row in data("fr_legal_rate.csv")}
    assert table.legal_rate(date(2026, 3, 1)).instrument == arretes["2026-01-01"]
    assert "15 décembre 2025" in arretes["2026-01-01"]
