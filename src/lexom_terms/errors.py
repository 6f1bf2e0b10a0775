"""The library's own exceptions: both are ``ValueError`` so that callers catching bad input catch
them too."""

from __future__ import annotations

from datetime import date


class InvalidInputError(ValueError):
    """Inputs each valid alone but wrong together (a notice before the signature, a new start
    date on or before the request...). The message names the field and what would be valid."""


class MissingRateError(ValueError):
    """A day needs a rate the table does not hold: never a silent zero (RULEBOOK §9)."""

    def __init__(self, series: str, day: date, how: str) -> None:
        self.series = series
        self.day = day
        super().__init__(f"no {series} rate known for {day.isoformat()}: {how}")


def error_text(message: object) -> str:
    """A pydantic error message as our validators wrote it (without pydantic's "Value error, "
    prefix), for the command line and the ledger audit."""
    return str(message).removeprefix("Value error, ")
