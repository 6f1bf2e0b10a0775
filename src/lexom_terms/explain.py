"""Prose and tables for people: French by default (the text is pasted into replies to French
clients), English on request. Pure string work; no rule lives here."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from . import fmt

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


#: The interest policies as a French reader names them (RULEBOOK §9).
POLICY_FR: dict[str, str] = {
    "semester": "au 1er janvier ou au 1er juillet (semestre)",
    "january": "au 1er janvier de l'année",
    "act/365": "exact/365",
    "act/act": "exact/exact",
    "principal_first": "sur le principal d'abord",
    "interest_first": "sur les intérêts d'abord (Code civil 1343-1)",
}


def policy_fr(value: str) -> str:
    return POLICY_FR.get(str(value), str(value))


def check_lang(lang: str) -> Lang:
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', got {lang!r}")
    return "fr" if lang == "fr" else "en"


def status_label(status: str, lang: Lang) -> str:
    fr, en = STATUS_LABELS[status]
    return fr if lang == "fr" else en


def eur(amount: Decimal, lang: Lang) -> str:
    """``1 800,00 €`` (``lexom_terms.fmt``, CLDR fr_FR) or ``EUR 1,800.00``."""
    return fmt.money(amount, lang)


def day(value: date | None, lang: Lang) -> str:
    """``16 mars 2026`` in French; ISO in English (as the English sentences write dates)."""
    if value is None:
        return "—"
    return fmt.day(value) if lang == "fr" else value.isoformat()


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
