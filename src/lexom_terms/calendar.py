"""Calendar work, in one place: French public holidays, statutory periods, calendar months.

* Public holidays come from the ``holidays`` package (France plus the client's subdivision), in
  French (``language="fr"``) so that a name never depends on the caller's locale. The package is
  imported on first use and each (subdivision, year) is built once and cached.
* Statutory periods (RULEBOOK §0, Code de la consommation L221-19, Regulation 1182/71): the day
  of the event is not counted; the period ends at the end of its last day; a last day that is a
  Saturday, Sunday or public holiday moves to the next day that is none of these.
* Contractual periods (15 days, 1 month, 6 months) are plain calendar arithmetic with no
  extension; months are added with ``dateutil.relativedelta`` (31 January + 1 month = 28 or 29
  February).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from .errors import InvalidInputError

#: ISO 3166 codes that are France for the CGV (overseas departments and territories included).
FRANCE_CODES = frozenset(
    {"FR", "GF", "GP", "MQ", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"}
)

#: Holiday subdivision implied by an overseas country code when no subdivision is given.
OVERSEAS_SUBDIVISION: Mapping[str, str] = {
    "GP": "971",
    "MQ": "972",
    "GF": "973",
    "RE": "974",
    "YT": "976",
    "PM": "PM",
    "BL": "BL",
    "MF": "MF",
    "NC": "NC",
    "PF": "PF",
    "WF": "WF",
    "TF": "TF",
}

WEEKDAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@cache
def _france_class() -> Any:
    # Imported lazily: `holidays` costs tens of milliseconds to import, and most ledger runs
    # never need a holiday.
    from holidays.countries.france import France

    return France


@cache
def subdivision_codes() -> tuple[tuple[str, ...], dict[str, str]]:
    """The ``holidays`` package's France subdivision codes and its aliases (alias → code)."""
    france = _france_class()
    aliases = dict(getattr(france, "subdivisions_aliases", {}) or {})
    return tuple(france.subdivisions), aliases


def validate_subdivision(code: str) -> str:
    """Return the canonical subdivision code for ``code`` (a code or an alias).

    Raises ``ValueError`` listing the valid codes: an unknown subdivision is never silently
    treated as mainland France (a pitfall python-holidays' own users report).
    """
    codes, aliases = subdivision_codes()
    if code in codes:
        return code
    if code in aliases:
        return aliases[code]
    raise ValueError(
        f"unknown French holiday subdivision {code!r}; valid codes: {', '.join(codes)}"
        f" (aliases such as {', '.join(list(aliases)[:4])} are accepted too)"
    )


@cache
def _holidays_for(subdivision: str | None, year: int) -> Mapping[date, str]:
    import holidays

    calendar = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    return {day: str(name) for day, name in calendar.items()}


def public_holiday(day: date, subdivision: str | None = None) -> str | None:
    """The French name of the public holiday on ``day`` (national plus ``subdivision``), or None."""
    if subdivision is not None:
        subdivision = validate_subdivision(subdivision)
    return _holidays_for(subdivision, day.year).get(day)


def is_working_day(day: date, subdivision: str | None = None) -> bool:
    """Monday to Friday and not a public holiday (of France plus ``subdivision``)."""
    return day.weekday() < 5 and public_holiday(day, subdivision) is None


def non_working_reason(day: date, subdivision: str | None = None) -> str | None:
    """Why ``day`` cannot end a statutory period: the holiday's name, "samedi", "dimanche"."""
    name = public_holiday(day, subdivision)
    if name is not None:
        return name
    if day.weekday() >= 5:
        return WEEKDAY_NAMES_FR[day.weekday()]
    return None


class Deadline(BaseModel):
    """A statutory period, computed by :func:`statutory_deadline`; printable as a value."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    event_on: date
    days: int
    nominal_last_day: date
    last_day: date
    extended_for: tuple[str, ...]

    def __str__(self) -> str:
        pushed = f", extended past {', '.join(self.extended_for)}" if self.extended_for else ""
        return (
            f"{self.days} days from {self.event_on.isoformat()}: "
            f"last day {self.last_day.isoformat()}{pushed}"
        )


def statutory_deadline(event_on: date, days: int, *, subdivision: str | None = None) -> Deadline:
    """RULEBOOK §0: the event day is not counted; the period ends at the end of
    ``event_on + days``, pushed past Saturdays, Sundays and public holidays
    (Code de la consommation L221-19; Regulation 1182/71 art. 3)."""
    if days < 1:
        raise InvalidInputError(f"days must be at least 1 for a statutory period, got {days}")
    if subdivision is not None:
        subdivision = validate_subdivision(subdivision)
    nominal = event_on + timedelta(days=days)
    last = nominal
    pushed: list[str] = []
    while (reason := non_working_reason(last, subdivision)) is not None:
        pushed.append(reason)
        last += timedelta(days=1)
    return Deadline(
        event_on=event_on,
        days=days,
        nominal_last_day=nominal,
        last_day=last,
        extended_for=tuple(pushed),
    )


def add_months(day: date, months: int) -> date:
    """Calendar months, clipped to the month's end (``relativedelta``): 31 Jan + 1 = 28/29 Feb."""
    result: date = day + relativedelta(months=months)
    return result


def add_years(day: date, years: int) -> date:
    """Calendar years (``relativedelta``): 29 Feb + 1 year = 28 Feb."""
    result: date = day + relativedelta(years=years)
    return result


def add_days(day: date, days: int) -> date:
    """Calendar days, no extension (contractual periods, RULEBOOK §0)."""
    return day + timedelta(days=days)


def days_between(earlier: date, later: date) -> int:
    """``(later - earlier).days``: calendar days, as RULEBOOK §0 counts days before the start."""
    return (later - earlier).days


def weekdays_between(start: date, end: date) -> tuple[date, ...]:
    """Every Monday-to-Friday from ``start`` to ``end`` inclusive (a session's default days)."""
    out: list[date] = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return tuple(out)


def semester_start(day: date) -> date:
    """1 January or 1 July of ``day``'s semester."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def format_date(day: date, lang: str = "fr") -> str:
    """``16 mars 2026`` (``1er mars 2026``) in French, ISO in English."""
    if lang != "fr":
        return day.isoformat()
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTH_NAMES_FR[day.month - 1]} {day.year}"
