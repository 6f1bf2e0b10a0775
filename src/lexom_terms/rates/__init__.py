"""Dated, sourced rate series (RULEBOOK §9), shipped as package data and loaded on first use.

* ``ecb_mro.csv``: every change of the ECB main refinancing operations rate, with the first day
  it applied, a source and a ``confirmed`` flag.
* ``fr_legal_rate.csv``: the French legal interest rate per semester since 2015, both
  categories, each with its arrêté; ``fr_legal_rate_annual.csv``: the single annual rate before
  2015 (both categories), each with its décret.
* ``series.csv``: each series' ``known_through`` date and what it rests on. Like every value, it
  is data, not code: a release that adds a rate edits the CSV files only.

A :class:`RateTable` is immutable: :meth:`RateTable.with_ecb` and :meth:`RateTable.with_legal`
return a new table. Each series has a ``known_through`` date; a day beyond it raises
:class:`~lexom_terms.errors.MissingRateError` — a rate is never carried forward silently.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from ..calendar import semester_start
from ..errors import InvalidInputError, MissingRateError
from ..money import to_decimal

__all__ = ["EcbRate", "LegalRate", "RateTable", "default_rates"]


@dataclass(frozen=True, slots=True)
class EcbRate:
    """An ECB MRO rate change: ``percent`` applies from ``effective`` on."""

    effective: date
    percent: Decimal
    confirmed: bool
    source: str


@dataclass(frozen=True, slots=True)
class LegalRate:
    """The French legal interest rate for the semester starting ``semester_start``."""

    semester_start: date
    natural_percent: Decimal
    other_percent: Decimal
    confirmed: bool
    source: str
    instrument: str = ""
    """The arrêté (since 2015) or décret (before) that set the value, as the sources name it."""


def _semester_end(start: date) -> date:
    return date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)


def _percent(value: Any, name: str) -> Decimal:
    try:
        percent = to_decimal(value, what=name)
    except ValueError as error:
        raise InvalidInputError(f"{name}: {error}") from None
    if not Decimal(-10) <= percent <= Decimal(100):
        raise InvalidInputError(f"{name} must be a percentage such as '2.15', got {percent}")
    return percent


@dataclass(frozen=True)
class RateTable:
    """Two dated series with their ``known_through`` dates. Build new values with
    :meth:`with_ecb` / :meth:`with_legal`; never mutate."""

    ecb: tuple[EcbRate, ...]
    legal: tuple[LegalRate, ...]
    ecb_known_through: date
    legal_known_through: date
    _ecb_days: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _legal_index: dict[date, LegalRate] = field(init=False, repr=False, compare=False)
    memo: dict[Any, Any] = field(init=False, repr=False, compare=False)
    """Values derived from this (immutable) table, such as a semester's interest rate."""

    def __post_init__(self) -> None:
        ecb = tuple(sorted(self.ecb, key=lambda r: r.effective))
        legal = tuple(sorted(self.legal, key=lambda r: r.semester_start))
        object.__setattr__(self, "ecb", ecb)
        object.__setattr__(self, "legal", legal)
        object.__setattr__(self, "_ecb_days", tuple(r.effective for r in ecb))
        object.__setattr__(self, "_legal_index", {r.semester_start: r for r in legal})
        object.__setattr__(self, "memo", {})

    # --- lookups ---------------------------------------------------------------------------

    def ecb_rate(self, day: date) -> EcbRate:
        """The MRO rate in force on ``day``."""
        if day > self.ecb_known_through:
            raise MissingRateError(
                "ECB main refinancing",
                day,
                f"the table is known through {self.ecb_known_through}; add the rate in force"
                f" with rates.with_ecb(date({day.year}, {day.month}, {day.day}),"
                " Decimal('<percent>')) or, if it has not changed, declare it with"
                f" rates.with_ecb_known_through(date({day.year}, {day.month}, {day.day}))",
            )
        index = bisect_right(self._ecb_days, day) - 1
        if index < 0:
            raise MissingRateError(
                "ECB main refinancing", day, "the series starts on 1999-01-01, with the euro"
            )
        return self.ecb[index]

    def legal_rate(self, day: date) -> LegalRate:
        """The legal interest rate of ``day``'s semester."""
        start = semester_start(day)
        found = self._legal_index.get(start) if day <= self.legal_known_through else None
        if found is None:
            raise MissingRateError(
                "French legal interest",
                day,
                f"no value for the semester starting {start} (the table is known through"
                f" {self.legal_known_through}); add it with rates.with_legal(date({start.year},"
                f" {start.month}, 1), natural=Decimal('<percent>'), other=Decimal('<percent>'))",
            )
        return found

    # --- extending -------------------------------------------------------------------------

    def with_ecb(
        self,
        effective: date,
        percent: Decimal | str,
        *,
        confirmed: bool = True,
        source: str = "added by the caller",
    ) -> RateTable:
        """A new table with an ECB rate change from ``effective`` on; ``known_through`` is
        extended to ``effective`` if it was earlier."""
        rate = EcbRate(effective, _percent(percent, "percent"), confirmed, source)
        kept = tuple(r for r in self.ecb if r.effective != effective)
        return replace(
            self, ecb=(*kept, rate), ecb_known_through=max(self.ecb_known_through, effective)
        )

    def with_ecb_known_through(self, day: date) -> RateTable:
        """Declare that the last ECB rate was still in force through ``day``."""
        return replace(self, ecb_known_through=max(self.ecb_known_through, day))

    def with_legal(
        self,
        semester_start: date,
        natural: Decimal | str,
        other: Decimal | str,
        *,
        confirmed: bool = True,
        source: str = "added by the caller",
    ) -> RateTable:
        """A new table with the legal rate of the semester starting ``semester_start`` (1 January
        or 1 July); ``known_through`` is extended to that semester's end."""
        if (semester_start.month, semester_start.day) not in ((1, 1), (7, 1)):
            raise InvalidInputError(
                f"semester_start must be 1 January or 1 July, got {semester_start}"
            )
        rate = LegalRate(
            semester_start,
            _percent(natural, "natural"),
            _percent(other, "other"),
            confirmed,
            source,
        )
        kept = tuple(r for r in self.legal if r.semester_start != semester_start)
        return replace(
            self,
            legal=(*kept, rate),
            legal_known_through=max(self.legal_known_through, _semester_end(semester_start)),
        )

    # --- identity --------------------------------------------------------------------------

    @property
    def digest(self) -> str:
        """A short digest of every value and date: changes whenever the caller adds a value."""
        cached: str | None = self.__dict__.get("_digest")
        if cached is None:
            text = "|".join(
                [f"ecb<={self.ecb_known_through}", f"legal<={self.legal_known_through}"]
                + [f"{r.effective}:{r.percent}:{r.confirmed}" for r in self.ecb]
                + [
                    f"{r.semester_start}:{r.natural_percent}:{r.other_percent}:{r.confirmed}"
                    for r in self.legal
                ]
            )
            import hashlib

            cached = hashlib.sha256(text.encode()).hexdigest()[:16]
            object.__setattr__(self, "_digest", cached)
        return cached


def _read(name: str) -> list[dict[str, str]]:
    import csv
    import io
    from importlib import resources

    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _known_through() -> dict[str, date]:
    return {row["series"]: date.fromisoformat(row["known_through"]) for row in _read("series.csv")}


@cache
def default_rates() -> RateTable:
    """The table shipped with this release (loaded once, on first use); every value, source and
    ``known_through`` date comes from the data files."""
    ecb = tuple(
        EcbRate(
            date.fromisoformat(row["effective_date"]),
            Decimal(row["rate_percent"]),
            row["confirmed"].strip() == "yes",
            row["source_url"],
        )
        for row in _read("ecb_mro.csv")
    )
    legal: list[LegalRate] = []
    for row in _read("fr_legal_rate_annual.csv"):
        # Before 2015 one annual rate served both categories, for both semesters.
        rate = Decimal(row["rate_percent"])
        for month in (1, 7):
            legal.append(
                LegalRate(
                    date(int(row["year"]), month, 1),
                    rate,
                    rate,
                    True,
                    row["source_url"],
                    row["text"],
                )
            )
    for row in _read("fr_legal_rate.csv"):
        legal.append(
            LegalRate(
                date.fromisoformat(row["semester_start"]),
                Decimal(row["natural_persons_percent"]),
                Decimal(row["other_cases_percent"]),
                row["confirmed"].strip() == "yes",
                row["source_url"],
                row["arrete"],
            )
        )
    known = _known_through()
    return RateTable(
        ecb=ecb,
        legal=tuple(legal),
        ecb_known_through=known["ecb_mro"],
        legal_known_through=known["fr_legal_rate"],
    )
