"""One way to write the library's own values for people: amounts, percentages, numbers, dates.

French follows CLDR's ``fr_FR`` patterns, as Babel prints them (``tests/test_fmt.py`` compares
every case we print with Babel's output): a narrow no-break space (U+202F) groups thousands, a
no-break space (U+00A0) stands before ``€`` and ``%``, so that "1 800,00 €" never breaks across
lines in a letter. Dates are written "16 mars 2026", and the first of the month "1er juillet
2026" (French typography; CLDR writes "1 juillet", which no French letter does).

Why our own code rather than calling Babel at run time: these five patterns are all we print,
Babel adds ~10 ms to import and ~15 µs a call, and the explanations of a 100 000-invoice audit
call them millions of times. The test keeps us equal to CLDR.

Only the library's own figures and dates go through here, at the point where a sentence is
built; free text (names, references, invoice numbers) is never rewritten (RULEBOOK §0).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

Lang = Literal["fr", "en"]

#: U+202F NARROW NO-BREAK SPACE: CLDR fr grouping separator.
NNBSP = "\u202f"
#: U+00A0 NO-BREAK SPACE: before "€" and "%" in French.
NBSP = "\u00a0"

MONTHS_FR = (
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
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number(value: Decimal | int, lang: Lang = "fr", places: int | None = None) -> str:
    """A plain number: ``1 234,5`` / ``1,234.5``; ``places`` fixes the decimals."""
    if places is None:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,f}"
    else:
        text = f"{value:,.{places}f}"
    if lang == "fr":
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def money(amount: Decimal, lang: Lang = "fr") -> str:
    """``1 800,00 €`` (CLDR fr_FR) or ``EUR 1,800.00`` (English, ISO code first)."""
    text = f"{amount:,.2f}"
    if lang == "fr":
        return text.replace(",", NNBSP).replace(".", ",") + NBSP + "€"
    return f"EUR {text}"


def percent(points: Decimal, lang: Lang = "fr", places: int | None = None) -> str:
    """A rate given in percentage points, ``Decimal("13.15")`` → ``13,15 %``. Without
    ``places`` trailing zeros of the decimals are dropped (``20 %``, ``5,5 %``), as invoices
    print VAT rates; interest rates are written with ``places=2`` (``12,40 %`` beside
    ``12,15 %``), as the official tables print them."""
    if places is not None:
        text = f"{points:.{places}f}"
    else:
        text = f"{points.normalize():f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if lang == "fr":
        return text.replace(".", ",") + NBSP + "%"
    return text + " %"


def rate(fraction: Decimal, lang: Lang = "fr") -> str:
    """A rate given as a fraction, ``Decimal("0.055")`` → ``5,5 %``."""
    return percent(fraction * 100, lang)


def day(value: date, lang: Lang = "fr") -> str:
    """``16 mars 2026``, ``1er juillet 2026``; English ``16 March 2026``."""
    if lang == "fr":
        first = "1er" if value.day == 1 else str(value.day)
        return f"{first} {MONTHS_FR[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def short_day(value: date, lang: Lang = "fr") -> str:
    """Tables and CSV: ``16/03/2026`` in French, ISO ``2026-03-16`` in English."""
    if lang == "fr":
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return value.isoformat()


_WORDS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_WORDS_FR = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def words(count: int, lang: Lang = "fr") -> str:
    """A small count as prose writes it (``six`` mois, a ``six``-month horizon); digits from
    eleven on."""
    if 1 <= count <= len(_WORDS_EN):
        return (_WORDS_FR if lang == "fr" else _WORDS_EN)[count - 1]
    return str(count)
