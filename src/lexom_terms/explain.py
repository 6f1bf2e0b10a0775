"""Prose and tables for people: French by default (the text is pasted into replies to French
clients), English on request. Pure string work; no rule lives here."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from .calendar import format_date
from .money import format_eur

Lang = Literal["fr", "en"]

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "retracted": ("rétractation", "retracted"),
    "cancelled": ("annulation", "cancelled"),
    "postponed": ("report", "postponed"),
    "pending_reschedule": ("report en attente d'une nouvelle date", "pending reschedule"),
    "refused": ("demande refusée", "refused"),
    "not_receivable": ("demande irrecevable", "not receivable"),
    "cancelled_by_provider": ("annulation par LEXOM", "cancelled by LEXOM"),
    "postponed_by_provider": ("report par LEXOM", "postponed by LEXOM"),
}


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_AMOUNT = re.compile(r"(?<![\d.,])(\d+)\.(\d{2})(?![\d%])(?!\s*%)")


def frenchify(text: str) -> str:
    """Write the ISO dates and dotted amounts of a French sentence the French way, at display
    time, so that rules build their sentences cheaply: ``2026-03-16`` → ``16 mars 2026``,
    ``1800.00`` → ``1 800,00 €``."""
    text = _ISO_DATE.sub(lambda m: format_date(date(*map(int, m.groups())), "fr"), text)
    return _AMOUNT.sub(lambda m: format_eur(Decimal(m.group(0)), "fr"), text)


def check_lang(lang: str) -> Lang:
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', got {lang!r}")
    return "fr" if lang == "fr" else "en"


def status_label(status: str, lang: Lang) -> str:
    fr, en = STATUS_LABELS[status]
    return fr if lang == "fr" else en


def eur(amount: Decimal, lang: Lang) -> str:
    return format_eur(amount, lang)


def day(value: date | None, lang: Lang) -> str:
    if value is None:
        return "—"
    return format_date(value, lang)


def pick(lang: Lang, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def bullet_list(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def html_block(text: str, rows: Sequence[tuple[str, str]], headers: tuple[str, str]) -> str:
    """The explanation as paragraphs, followed by a two-column table of the figures."""
    paragraphs = "".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>" for block in text.split("\n\n")
    )
    body = "".join(
        f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    head = f"<tr><th>{html.escape(headers[0])}</th><th>{html.escape(headers[1])}</th></tr>"
    return f"<div class='lexom-terms'>{paragraphs}<table>{head}{body}</table></div>"


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table class='lexom-terms'>{cap}<tr>{head}</tr>{body}</table>"
