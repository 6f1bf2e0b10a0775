"""The library's own exceptions: both are ``ValueError`` so that callers catching bad input catch
them too."""

from __future__ import annotations

from datetime import date


class InvalidInputError(ValueError):
    """Bad input to a function: a date argument outside 1900-01-01 … 2199-12-31 or not a date
    (``invalid_date``, ``date_out_of_range``), or inputs each valid alone but wrong together (a
    notice before the signature, a new start date on or before the request...). The message
    names the field and what would be valid; the codes are listed in docs/errors.md.

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
    """A pydantic error message as our validators wrote it, for the command line and the ledger
    audit.

    Deprecated: the input models' validators raise ``PydanticCustomError`` with their own code
    as the error ``type`` (docs/errors.md), so their messages carry no "Value error, " prefix;
    callers should read ``item["msg"]`` and match ``item["type"]``. Kept, as a no-op on those
    messages, until its last callers (``cli/_core.py``, ``tools/audit.py``) drop it: a model outside
    the input layer may still raise a plain ``ValueError``."""
    return str(message).removeprefix("Value error, ")
