"""Timeline (API.md): every dated milestone of an order, sorted, each with its clause.

The version modules pass their own milestones (the reduced-fee cut-off, the six-month horizon,
the foreign prepayment check); the common ones are built here from the same functions the
rules use, so a milestone can never disagree with a settlement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ..funding import opco_deadline
from ..models import Order
from ..results import Due, Milestone, RetractionWindow, Timeline
from .general import quote_expires_on


def build(
    order: Order,
    *,
    window: RetractionWindow | None,
    deposit: Due,
    balance_due: Due,
    specific: Iterable[Milestone],
) -> Timeline:
    cgv = order.cgv
    items: list[Milestone] = []
    if order.quote_issued_on is not None:
        items.append(
            Milestone(
                on=quote_expires_on(order.quote_issued_on),
                label="last day to accept the quote",
                label_fr="dernier jour pour accepter le devis",
                source=f"{cgv} §2.1",
            )
        )
    items.append(
        Milestone(
            on=order.signed_on,
            label="signature",
            label_fr="signature",
            source=f"{cgv} §2.2" if cgv == "legacy-15" else f"{cgv} §2.1",
        )
    )
    if window is not None:
        items.append(
            Milestone(
                on=window.last_day,
                label=f"last day of the {window.days}-day withdrawal window",
                label_fr=f"dernier jour du délai de rétractation de {window.days} jours",
                source=window.citations[0].source,
            )
        )
    items.append(
        Milestone(
            on=deposit.on,
            label=f"deposit due ({deposit.amount})",
            label_fr=f"acompte exigible ({deposit.amount})",
            source=deposit.citations[0].source,
        )
    )
    items.extend(specific)
    items.append(
        Milestone(
            on=order.session.start,
            label="session start",
            label_fr="début de la session",
            source=f"{cgv} §3.5",
        )
    )
    items.append(
        Milestone(
            on=order.session.end,
            label="session end",
            label_fr="fin de la session",
            source=f"{cgv} §3.2",
        )
    )
    items.append(
        Milestone(
            on=balance_due.on,
            label=f"balance due ({balance_due.amount})",
            label_fr=f"solde exigible ({balance_due.amount})",
            source=balance_due.citations[0].source,
        )
    )
    deadline = opco_deadline(order)
    if deadline is not None:
        items.append(
            Milestone(
                on=deadline,
                label="OPCO payment deadline (then the client owes the rest)",
                label_fr="date limite de paiement par l'OPCO (ensuite le client doit le reste)",
                source=f"{cgv} §3.3",
            )
        )
    items.sort(key=lambda m: m.on)  # stable: same-day milestones keep their logical order
    return Timeline(order_reference=order.session.reference, milestones=tuple(items))


def if_after_signature(order: Order, on: date, make: Callable[[], Milestone]) -> list[Milestone]:
    """A milestone that only matters if it falls on or after the signature."""
    return [make()] if on >= order.signed_on else []
