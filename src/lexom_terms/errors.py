"""The library's own exceptions: both are ``ValueError`` so that callers catching bad input catch
them too."""

from __future__ import annotations

from datetime import date


class InvalidInputError(ValueError):
    """Inputs each valid alone but wrong together (a notice before the signature, a new start
    date on or before the request...). The message names the field and what would be valid.

    ``field`` is the argument, or a dotted path into it (``"notice.received_on"``); ``code`` a
    stable machine-readable reason (``"notice_before_signature"``): callers match codes, never
    message text (API.md "Added in 0.2")."""

    default_code = "invalid_input"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.code = code or self.default_code

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling of exceptions.
        return (_rebuild, (type(self), str(self), self.field, self.code))


def _rebuild(
    cls: type[InvalidInputError], message: str, field: str | None, code: str
) -> InvalidInputError:
    return cls(message, field=field, code=code)


class OutsideCgvError(InvalidInputError):
    """RULEBOOK §13: the order is not governed by LEXOM's CGV (a Mon Compte Formation order): the
    platform's general conditions govern, and the library does not compute them."""

    default_code = "outside_cgv"


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
