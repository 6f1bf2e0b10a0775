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
* Supported dates (RULEBOOK §0): every date given to the library, in a model or as a function
  argument, lies in 1900-01-01 … 2199-12-31 (:data:`MIN_DATE`, :data:`MAX_DATE`), read by
  :func:`as_date`. Dates the library *derives* (a deadline, a boundary scan 400 days past a
  session's end) may lie a little past 2199-12-31: they are computed normally, holidays included,
  and the arithmetic helpers turn any overflow of Python's own date range into an
  :class:`InvalidInputError` (``date_out_of_range``) instead of a raw ``OverflowError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
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

#: RULEBOOK §0 "Supported dates": the first and last date the library accepts as input.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)

#: Holidays are needed a little past MAX_DATE: a statutory period or a boundary scan that starts
#: near the end of the range ends up to a few hundred days later.
_HOLIDAY_LAST_YEAR = MAX_DATE.year + 3

# ASCII digits only (``\d`` would take Arabic-Indic or full-width digits); no week dates
# ("2026-W10-1"), ordinal dates or compact forms, which ``date.fromisoformat`` accepts.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

WEEKDAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def read_date(value: Any, field: str) -> date:
    """The one reading of a date, for the models and for every function argument.

    Accepts a ``date`` or its ``YYYY-MM-DD`` string (surrounding spaces ignored) within
    :data:`MIN_DATE` … :data:`MAX_DATE`; raises :class:`InvalidInputError` with ``code``
    ``"invalid_date"`` (another form or type, a ``datetime``) or ``"date_out_of_range"``. The
    message does not repeat ``field``: :func:`as_date` prefixes it, the models' errors carry it
    as their location.
    """
    # A datetime is a date subclass: accepting one would silently drop its time (and its zone).
    if isinstance(value, datetime):
        raise InvalidInputError(
            f"expected a calendar date, got a datetime {value.isoformat()}: pass value.date()",
            field=field,
            code="invalid_date",
        )
    day: date | None = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:  # the right form, an impossible date: 2026-02-30
                day = None
        if day is None:
            raise InvalidInputError(
                f"expected a date as 'YYYY-MM-DD', got {value!r}", field=field, code="invalid_date"
            )
    else:
        raise InvalidInputError(
            f"expected a date as 'YYYY-MM-DD', got {type(value).__name__} {value!r}",
            field=field,
            code="invalid_date",
        )
    if not MIN_DATE <= day <= MAX_DATE:
        raise InvalidInputError(
            f"{day.isoformat()} is outside the supported dates {MIN_DATE.isoformat()} to"
            f" {MAX_DATE.isoformat()}",
            field=field,
            code="date_out_of_range",
        )
    return day


def as_date(value: Any, field: str) -> date:
    """A public function's date argument (RULEBOOK §0 "Input strictness"): a ``date`` or its
    ``YYYY-MM-DD`` string within 1900-01-01 … 2199-12-31, else :class:`InvalidInputError`
    naming ``field`` (``code`` ``"invalid_date"`` or ``"date_out_of_range"``).

    Every public entry point that takes a date calls it first:
    ``as_of = as_date(as_of, "as_of")``."""
    try:
        return read_date(value, field)
    except InvalidInputError as error:
        raise InvalidInputError(f"{field}: {error}", field=error.field, code=error.code) from None


@cache
def _france_class() -> Any:
    # Imported lazily: `holidays` costs tens of milliseconds to import, and most ledger runs
    # never need a holiday.
    from holidays.countries.france import France

    # The package computes France's holidays up to its `end_year` (2100 in 0.109) and returns
    # none after it: a deadline in 2150 would silently ignore Christmas. The supported dates run
    # to 2199-12-31 (RULEBOOK §0), so the rules in force are projected to the end of the range,
    # as the package itself projects them from today to 2100 (docs/decisions: strict).
    if getattr(France, "end_year", _HOLIDAY_LAST_YEAR) >= _HOLIDAY_LAST_YEAR:
        return France

    class _France(France):
        end_year = _HOLIDAY_LAST_YEAR

    return _France


@cache
def subdivision_codes() -> tuple[tuple[str, ...], dict[str, str]]:
    """The ``holidays`` package's France subdivision codes and its aliases (alias → code)."""
    france = _france_class()
    aliases = dict(getattr(france, "subdivisions_aliases", {}) or {})
    return tuple(france.subdivisions), aliases


def validate_subdivision(code: str, field: str = "subdivision") -> str:
    """Return the canonical subdivision code for ``code`` (a code or an alias).

    Raises :class:`InvalidInputError` (``code="unknown_subdivision"``, a ``ValueError``) listing
    the valid codes: an unknown subdivision is never silently treated as mainland France (a
    pitfall python-holidays' own users report).
    """
    codes, aliases = subdivision_codes()
    if not isinstance(code, str):
        raise InvalidInputError(
            f"a subdivision is a code such as '57' or '974', got {type(code).__name__} {code!r}",
            field=field,
            code="unknown_subdivision",
        )
    if code in codes:
        return code
    if code in aliases:
        return aliases[code]
    raise InvalidInputError(
        f"unknown French holiday subdivision {code!r}; valid codes: {', '.join(codes)}"
        f" (aliases such as {', '.join(list(aliases)[:4])} are accepted too)",
        field=field,
        code="unknown_subdivision",
    )


def subdivision_for_country(country: str, subdivision: str) -> str:
    """RULEBOOK §0: a subdivision must belong to the client's country.

    ``FR`` is the whole Republic and takes any French subdivision; an overseas code takes its own
    department's or territory's (MQ: 972 or none, never 57); a country outside France takes none.
    Raises :class:`InvalidInputError` with ``code="subdivision_outside_country"``."""
    if country == "FR":
        return subdivision
    own = OVERSEAS_SUBDIVISION.get(country)
    if own is None:
        raise InvalidInputError(
            f"subdivision {subdivision!r} is a French holiday subdivision but country is"
            f" {country!r}: leave subdivision empty for a client outside France",
            field="subdivision",
            code="subdivision_outside_country",
        )
    if subdivision != own:
        raise InvalidInputError(
            f"subdivision {subdivision!r} does not belong to country {country!r}: give"
            f" {own!r} or leave subdivision empty (country 'FR' takes any French subdivision)",
            field="subdivision",
            code="subdivision_outside_country",
        )
    return subdivision


@cache
def _holidays_for(subdivision: str | None, year: int) -> Mapping[date, str]:
    calendar = _france_class()(subdiv=subdivision, years=year, language="fr")
    return {day: str(name) for day, name in calendar.items()}


def _holiday_name(day: date, subdivision: str | None) -> str | None:
    # Internal: ``day`` may be a derived date a little past MAX_DATE, and ``subdivision`` is
    # already canonical.
    return _holidays_for(subdivision, day.year).get(day)


def public_holiday(day: date | str, subdivision: str | None = None) -> str | None:
    """The French name of the public holiday on ``day`` (national plus ``subdivision``), or None.

    ``day`` is a date or its ``YYYY-MM-DD`` string in the supported range (RULEBOOK §0)."""
    checked = as_date(day, "day")
    if subdivision is not None:
        subdivision = validate_subdivision(subdivision)
    return _holiday_name(checked, subdivision)


def is_working_day(day: date, subdivision: str | None = None) -> bool:
    """Monday to Friday and not a public holiday (of France plus ``subdivision``)."""
    return day.weekday() < 5 and public_holiday(day, subdivision) is None


def non_working_reason(day: date, subdivision: str | None = None) -> str | None:
    """Why ``day`` cannot end a statutory period: the holiday's name, "samedi", "dimanche"."""
    name = _holiday_name(day, subdivision)
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


#: The longest statutory period the helper computes: far above any period of the Codes (the
#: longest in the library is 30 days), and short enough that a period starting on MAX_DATE ends
#: within the years whose holidays are known.
MAX_STATUTORY_DAYS = 366


def statutory_deadline(
    event_on: date | str, days: int, *, subdivision: str | None = None
) -> Deadline:
    """RULEBOOK §0: the event day is not counted; the period ends at the end of
    ``event_on + days``, pushed past Saturdays, Sundays and public holidays
    (Code de la consommation L221-19; Regulation 1182/71 art. 3).

    ``event_on`` is a date or its ``YYYY-MM-DD`` string in the supported range; ``days`` an int
    from 1 to :data:`MAX_STATUTORY_DAYS`."""
    event = as_date(event_on, "event_on")
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidInputError(
            f"days must be a whole number of days, got {type(days).__name__} {days!r}",
            field="days",
            code="invalid_days",
        )
    if not 1 <= days <= MAX_STATUTORY_DAYS:
        raise InvalidInputError(
            f"days must be at least 1 and at most {MAX_STATUTORY_DAYS} for a statutory period,"
            f" got {days}",
            field="days",
            code="invalid_days",
        )
    if subdivision is not None:
        subdivision = validate_subdivision(subdivision)
    nominal = event + timedelta(days=days)
    last = nominal
    pushed: list[str] = []
    while (reason := non_working_reason(last, subdivision)) is not None:
        pushed.append(reason)
        last += timedelta(days=1)
    return Deadline(
        event_on=event,
        days=days,
        nominal_last_day=nominal,
        last_day=last,
        extended_for=tuple(pushed),
    )


def _beyond_calendar(day: date, amount: int, unit: str) -> InvalidInputError:
    return InvalidInputError(
        f"{day.isoformat()} {amount:+d} {unit} is outside the"
        f" calendar; the supported dates are {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}",
        code="date_out_of_range",
    )


def add_months(day: date, months: int) -> date:
    """Calendar months, clipped to the month's end (``relativedelta``): 31 Jan + 1 = 28/29 Feb.

    Never a raw ``OverflowError``: a result outside Python's dates is an
    :class:`InvalidInputError` (``date_out_of_range``)."""
    try:
        result: date = day + relativedelta(months=months)
    except (OverflowError, ValueError):
        # relativedelta reports a year outside 1..9999 as a ValueError
        raise _beyond_calendar(day, months, "months") from None
    return result


def add_years(day: date, years: int) -> date:
    """Calendar years (``relativedelta``): 29 Feb + 1 year = 28 Feb; guarded as
    :func:`add_months`."""
    try:
        result: date = day + relativedelta(years=years)
    except (OverflowError, ValueError):
        raise _beyond_calendar(day, years, "years") from None
    return result


def add_days(day: date, days: int) -> date:
    """Calendar days, no extension (contractual periods, RULEBOOK §0); guarded as
    :func:`add_months`."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise _beyond_calendar(day, days, "days") from None


def days_between(earlier: date, later: date) -> int:
    """``(later - earlier).days``: calendar days, as RULEBOOK §0 counts days before the start."""
    return (later - earlier).days


def weekdays_between(start: date, end: date) -> tuple[date, ...]:
    """Every Monday-to-Friday from ``start`` to ``end`` inclusive (a session's default days)."""
    # Counted on ordinals, so that an ``end`` of ``date.max`` cannot step past the calendar.
    return tuple(
        day
        for day in map(date.fromordinal, range(start.toordinal(), end.toordinal() + 1))
        if day.weekday() < 5
    )


def semester_start(day: date) -> date:
    """1 January or 1 July of ``day``'s semester."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)
