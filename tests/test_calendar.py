"""The calendar module: French holidays (national, Alsace-Moselle, overseas), statutory periods
(RULEBOOK §0), month arithmetic. Holidays are checked over many years against an independent
computation (dateutil's Easter), as python-holidays' own tests do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from dateutil.easter import easter

from lexom_terms import InvalidInputError, public_holiday, statutory_deadline
from lexom_terms.calendar import (
    MAX_DATE,
    MIN_DATE,
    add_days,
    add_months,
    add_years,
    as_date,
    is_working_day,
    semester_start,
    validate_subdivision,
    weekdays_between,
)

YEARS = range(1990, 2101)


@pytest.mark.parametrize("year", YEARS)
def test_ascension_is_39_days_after_easter(year: int) -> None:
    ascension = easter(year) + timedelta(days=39)
    # Ascension may fall on 1 or 8 May: the package then joins both names.
    assert "Ascension" in (public_holiday(ascension) or "")
    assert "Ascension" not in (public_holiday(ascension - timedelta(days=1)) or "")


@pytest.mark.parametrize("year", YEARS)
def test_whit_monday_except_2005_to_2007(year: int) -> None:
    whit_monday = easter(year) + timedelta(days=50)
    # journée de solidarité: not a public holiday from 2005 to 2007
    expected = not 2005 <= year <= 2007
    assert ("Lundi de Pentecôte" in (public_holiday(whit_monday) or "")) is expected


@pytest.mark.parametrize("year", [1995, 2024, 2026, 2031])
def test_good_friday_and_saint_stephen_only_in_alsace_moselle(year: int) -> None:
    good_friday = easter(year) - timedelta(days=2)
    assert public_holiday(good_friday) is None
    assert public_holiday(good_friday, "57") == "Vendredi saint"
    assert public_holiday(good_friday, "6AE") == "Vendredi saint"
    assert public_holiday(date(year, 12, 26)) is None
    assert public_holiday(date(year, 12, 26), "57") == "Saint-Étienne"


def test_reunion_abolition_of_slavery_on_20_december() -> None:
    assert public_holiday(date(2026, 12, 20), "974") == "Abolition de l'esclavage"
    assert public_holiday(date(2026, 12, 20)) is None
    assert public_holiday(date(2026, 12, 20), "57") is None


def test_first_of_may_and_national_holidays() -> None:
    assert public_holiday(date(2026, 5, 1)) == "Fête du Travail"
    assert public_holiday(date(2026, 7, 14)) == "Fête nationale"
    assert public_holiday(date(2026, 12, 25)) == "Noël"
    assert public_holiday(date(2024, 2, 29)) is None


def test_unknown_subdivision_lists_the_valid_codes() -> None:
    with pytest.raises(ValueError, match="valid codes: 57, 6AE, 971"):
        public_holiday(date(2026, 1, 1), "75")
    assert validate_subdivision("La Réunion") == "974"


def test_working_days() -> None:
    assert is_working_day(date(2026, 3, 16))  # Monday
    assert not is_working_day(date(2026, 3, 14))  # Saturday
    assert not is_working_day(date(2026, 5, 1))  # holiday
    assert weekdays_between(date(2026, 3, 13), date(2026, 3, 16)) == (
        date(2026, 3, 13),
        date(2026, 3, 16),
    )


class TestStatutoryDeadline:
    """RULEBOOK §0: the event day is not counted; a last day on a Saturday, Sunday or holiday is
    pushed to the next working day; the names of the days that pushed it are kept."""

    def test_plain(self) -> None:
        deadline = statutory_deadline(date(2026, 3, 2), 14)  # Monday + 14 = Monday 16 March
        assert deadline.nominal_last_day == date(2026, 3, 16)
        assert deadline.last_day == date(2026, 3, 16)
        assert deadline.extended_for == ()

    def test_weekend(self) -> None:
        deadline = statutory_deadline(date(2026, 1, 10), 14)  # → Saturday 24 January
        assert deadline.last_day == date(2026, 1, 26)
        assert deadline.extended_for == ("samedi", "dimanche")

    def test_holiday_then_weekend(self) -> None:
        deadline = statutory_deadline(date(2026, 4, 17), 14)  # → Friday 1 May
        assert deadline.last_day == date(2026, 5, 4)
        assert deadline.extended_for == ("Fête du Travail", "samedi", "dimanche")

    def test_moselle_good_friday_extends_only_there(self) -> None:
        # 2026-03-20 + 14 = Friday 3 April 2026, Good Friday
        assert statutory_deadline(date(2026, 3, 20), 14).last_day == date(2026, 4, 3)
        moselle = statutory_deadline(date(2026, 3, 20), 14, subdivision="57")
        assert moselle.last_day == date(2026, 4, 7)  # Good Friday, weekend, Easter Monday
        assert moselle.extended_for == ("Vendredi saint", "samedi", "dimanche", "Lundi de Pâques")

    def test_moselle_saint_stephen(self) -> None:
        # 2025-12-12 + 14 = Friday 26 December 2025
        assert statutory_deadline(date(2025, 12, 12), 14).last_day == date(2025, 12, 26)
        moselle = statutory_deadline(date(2025, 12, 12), 14, subdivision="57")
        assert moselle.last_day == date(2025, 12, 29)
        assert moselle.extended_for[0] == "Saint-Étienne"

    def test_reunion_20_december(self) -> None:
        # 2027-12-06 + 14 = Monday 20 December 2027
        assert statutory_deadline(date(2027, 12, 6), 14).last_day == date(2027, 12, 20)
        reunion = statutory_deadline(date(2027, 12, 6), 14, subdivision="974")
        assert reunion.last_day == date(2027, 12, 21)
        assert reunion.extended_for == ("Abolition de l'esclavage",)

    def test_leap_day(self) -> None:
        # 2024-02-15 + 14 = Thursday 29 February 2024
        assert statutory_deadline(date(2024, 2, 15), 14).last_day == date(2024, 2, 29)

    def test_is_a_printable_value(self) -> None:
        text = str(statutory_deadline(date(2026, 1, 10), 14))
        assert (
            text == "14 days from 2026-01-10: last day 2026-01-26, extended past samedi, dimanche"
        )

    def test_rejects_non_positive_days(self) -> None:
        with pytest.raises(InvalidInputError, match="at least 1"):
            statutory_deadline(date(2026, 1, 10), 0)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-01-31", 6, "2026-07-31"),
        ("2026-01-31", 60, "2031-01-31"),
        ("2026-08-31", 1, "2026-09-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-08-31", 60, "2031-08-31"),
        ("2024-02-29", 1, "2024-03-29"),
        ("2024-02-29", 6, "2024-08-29"),
        ("2024-02-29", 60, "2029-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
    ],
)
def test_add_months_clips_to_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


def test_add_years_from_leap_day() -> None:
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_semester_start() -> None:
    # French dates are written by lexom_terms.fmt (tests/test_fmt.py)
    assert semester_start(date(2026, 6, 30)) == date(2026, 1, 1)
    assert semester_start(date(2026, 7, 1)) == date(2026, 7, 1)


# --- RULEBOOK §0 "Supported dates", "Input strictness" (issue 10) -----------------------------


class TestAsDate:
    """The one helper every public function applies to its date arguments."""

    def test_accepts_a_date_or_its_iso_string(self) -> None:
        assert as_date(date(2026, 3, 2), "as_of") == date(2026, 3, 2)
        assert as_date("2026-03-02", "as_of") == date(2026, 3, 2)
        assert as_date(" 2026-03-02 ", "as_of") == date(2026, 3, 2)
        assert as_date("1900-01-01", "as_of") == MIN_DATE
        assert as_date("2199-12-31", "as_of") == MAX_DATE

    @pytest.mark.parametrize(
        "value",
        [
            "2026-W10-1",
            "2026-061",
            "20260302",
            "2026-02-30",
            "02/03/2026",
            "",
            20260302,
            None,
            1.5,
            ["2026-03-02"],
            datetime(2026, 3, 2, 10, 0),
        ],
    )
    def test_refuses_other_forms_and_types_naming_the_argument(self, value: object) -> None:
        with pytest.raises(InvalidInputError) as caught:
            as_date(value, "as_of")
        assert (caught.value.field, caught.value.code) == ("as_of", "invalid_date")
        assert str(caught.value).startswith("as_of: ")

    @pytest.mark.parametrize(
        "value", ["1899-12-31", "2200-01-01", "9999-12-31", date.min, date.max, "0001-01-31"]
    )
    def test_refuses_dates_outside_the_range(self, value: object) -> None:
        with pytest.raises(InvalidInputError) as caught:
            as_date(value, "due_on")
        assert (caught.value.field, caught.value.code) == ("due_on", "date_out_of_range")
        assert "1900-01-01 to 2199-12-31" in str(caught.value)


def test_public_helpers_take_strings_and_name_the_argument() -> None:
    assert public_holiday("2026-05-01") == "Fête du Travail"
    assert statutory_deadline("2026-01-10", 14).last_day == date(2026, 1, 26)
    with pytest.raises(InvalidInputError) as caught:
        public_holiday("2026-W18-5")
    assert (caught.value.field, caught.value.code) == ("day", "invalid_date")
    with pytest.raises(InvalidInputError) as caught:
        statutory_deadline("9999-12-31", 14)
    assert (caught.value.field, caught.value.code) == ("event_on", "date_out_of_range")
    with pytest.raises(InvalidInputError) as caught:
        statutory_deadline(20260110, 14)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == ("event_on", "invalid_date")


@pytest.mark.parametrize("days", [0, -1, 367, 10**9, True, 1.5, "14"])
def test_statutory_days_are_a_bounded_whole_number(days: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        statutory_deadline(date(2026, 1, 10), days)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == ("days", "invalid_days")


def test_statutory_period_bounds() -> None:
    assert statutory_deadline(date(2026, 3, 2), 1).last_day == date(2026, 3, 3)
    assert statutory_deadline(date(2026, 3, 2), 366).nominal_last_day == date(2027, 3, 3)
    last = statutory_deadline(MAX_DATE, 366)  # the furthest period the helper computes
    assert last.nominal_last_day == date(2201, 1, 1)
    assert last.last_day == date(2201, 1, 2)  # 1 January is a holiday
    assert last.extended_for == ("Jour de l'an",)


def test_holidays_are_known_to_the_end_of_the_range() -> None:
    # python-holidays stops at its end_year (2100 in 0.109): past it a deadline would silently
    # ignore Christmas. The rules in force are projected to the range's end.
    for year in (2100, 2101, 2150, 2199):
        assert public_holiday(date(year, 12, 25)) == "Noël"
    # 2150-12-11 + 14 = Friday 25 December 2150
    deadline = statutory_deadline(date(2150, 12, 11), 14)
    assert (deadline.last_day, deadline.extended_for) == (
        date(2150, 12, 28),
        ("Noël", "samedi", "dimanche"),
    )
    assert public_holiday(date(2199, 12, 26), "57") == "Saint-Étienne"
    assert public_holiday(date(2199, 12, 20), "974") == "Abolition de l'esclavage"


@pytest.mark.parametrize("subdivision", ["75", 57, ["57"], ""])
def test_subdivision_errors_carry_a_code(subdivision: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        public_holiday(date(2026, 1, 1), subdivision)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == ("subdivision", "unknown_subdivision")
    with pytest.raises(InvalidInputError) as caught:
        statutory_deadline(date(2026, 1, 1), 14, subdivision=subdivision)  # type: ignore[arg-type]
    assert caught.value.code == "unknown_subdivision"


@pytest.mark.parametrize(
    ("call", "unit"),
    [
        (lambda: add_days(date.max, 1), "days"),
        (lambda: add_days(date.min, -1), "days"),
        (lambda: add_days(date(2026, 1, 1), 10**7), "days"),
        (lambda: add_months(date.max, 1), "months"),
        (lambda: add_months(date.min, -1), "months"),
        (lambda: add_years(date(9999, 1, 1), 1), "years"),
    ],
)
def test_calendar_arithmetic_never_overflows_raw(call: Callable[[], date], unit: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.code == "date_out_of_range"
    assert f" {unit} is outside the calendar" in str(caught.value)


def test_arithmetic_near_the_range_ends_is_plain() -> None:
    assert add_days(MAX_DATE, 400) == date(2201, 2, 4)
    assert add_months(MAX_DATE, 6) == date(2200, 6, 30)
    assert add_days(MIN_DATE, -1) == date(1899, 12, 31)
    assert weekdays_between(date(9999, 12, 30), date.max) == (date(9999, 12, 30), date.max)
    assert weekdays_between(date(2026, 3, 14), date(2026, 3, 15)) == ()
