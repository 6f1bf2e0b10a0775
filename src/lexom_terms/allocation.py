"""One payment for several invoices (RULEBOOK §18, Code civil 1342-10): ``allocate``.

A receipt that does not name its invoice goes first to the invoices already due on its date,
before those not yet due; among the due ones, to those bearing late interest and the 40 EUR
before those bearing none (a legacy-15 deposit invoice, §17), then the oldest due date first;
at equal due dates, proportionally to what each still owes (half-up to the cent, the last
invoice in the given order taking the cent left over). Invoices not yet due: oldest due date
first, then proportionally. What exceeds every invoice is unallocated.

:func:`allocate_amounts` is the rule on plain figures, in linear time (each tier of invoices is
consumed as a prefix of its due-date order, so a receipt visits only the groups it pays): the
ledger readers call it too, so that the rule lives in one place.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict

from . import display
from . import explain as ex
from .errors import InvalidInputError
from .explain import Lang, pick
from .models import Invoice, Payment, Receipt
from .money import CENT, ZERO
from .results import Citation, Result, cite, trusted

__all__ = ["AllocatedPart", "Debt", "ReceiptAllocation", "allocate", "allocate_amounts"]


class Debt(NamedTuple):
    """An invoice as the rule sees it."""

    due_on: date
    outstanding: Decimal
    bears_interest: bool = True


class Paid(NamedTuple):
    """A receipt as the rule sees it: its date, amount and the debt it names (an index)."""

    on: date
    amount: Decimal
    names: int | None = None


class AllocatedPart(BaseModel):
    """Part of a receipt allocated to an invoice, on the receipt's date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    receipt: int
    """The receipt's index in the ``receipts`` given."""
    invoice: str
    on: date
    amount: Decimal


class ReceiptAllocation(Result):
    """RULEBOOK §18: the invoices with the parts allocated to them appended to their payments."""

    invoices: tuple[Invoice, ...]
    parts: tuple[AllocatedPart, ...]
    unallocated: Decimal
    citations: tuple[Citation, ...] = ()

    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp"})

    def _paragraphs(self, lang: Lang) -> list[str]:
        return _paragraphs(self, lang)

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        allocated = sum((p.amount for p in self.parts), ZERO)
        return [
            (pick(lang, "Imputé", "Allocated"), ex.eur(allocated, lang)),
            (pick(lang, "Non imputé", "Unallocated"), ex.eur(self.unallocated, lang)),
        ]


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Group:
    """Invoices of one tier and one due date, in the given order."""

    __slots__ = ("due_on", "members", "owed")

    def __init__(self, due_on: date, members: list[int], owed: Decimal) -> None:
        self.due_on = due_on
        self.members = members
        self.owed = owed


def _groups(debts: Sequence[Debt], indices: list[int]) -> list[_Group]:
    by_date: dict[date, list[int]] = {}
    for i in indices:
        by_date.setdefault(debts[i].due_on, []).append(i)
    return [
        _Group(day, members, sum((debts[i].outstanding for i in members), ZERO))
        for day, members in sorted(by_date.items())
    ]


def _proportional(amount: Decimal, members: list[int], open_: list[Decimal]) -> list[Decimal]:
    """``amount`` (less than what ``members`` owe together) spread pro rata of what each still
    owes, half-up; the last in the given order takes what is left. Each share stays within
    what its invoice owes (a rounding that would push the last above it, or below 0, moves the
    cent to the others in the given order)."""
    owed = sum((open_[i] for i in members), ZERO)
    shares = [_half_up(amount * open_[i] / owed) for i in members[:-1]]
    shares.append(amount - sum(shares, ZERO))
    last = len(members) - 1
    if shares[last] > open_[members[last]]:
        extra = shares[last] - open_[members[last]]
        shares[last] = open_[members[last]]
        for k in range(last):
            room = open_[members[k]] - shares[k]
            take = min(room, extra)
            shares[k] += take
            extra -= take
            if not extra:
                break
    elif shares[last] < 0:
        deficit = -shares[last]
        shares[last] = ZERO
        for k in range(last - 1, -1, -1):
            take = min(shares[k], deficit)
            shares[k] -= take
            deficit -= take
            if not deficit:
                break
    return shares


def allocate_amounts(
    debts: Sequence[Debt], receipts: Sequence[Paid]
) -> tuple[list[tuple[int, int, Decimal]], list[Decimal]]:
    """RULEBOOK §18 on plain figures: (parts as (receipt, debt, amount), the unallocated rest of
    each receipt). Receipts are taken in date order (the given order for equal dates)."""
    open_ = [d.outstanding if d.outstanding > 0 else ZERO for d in debts]
    tiers = (
        _groups(debts, [i for i, d in enumerate(debts) if d.bears_interest]),
        _groups(debts, [i for i, d in enumerate(debts) if not d.bears_interest]),
    )
    group_of: list[_Group] = [None] * len(debts)  # type: ignore[list-item]
    for tier in tiers:
        for group in tier:
            for i in group.members:
                group_of[i] = group
    heads = [0, 0]
    parts: list[tuple[int, int, Decimal]] = []
    left_over = [ZERO] * len(receipts)

    def advance(t: int) -> None:
        tier = tiers[t]
        while heads[t] < len(tier) and tier[heads[t]].owed <= 0:
            heads[t] += 1

    def pay(r: int, members: list[int], amount: Decimal, owed: Decimal) -> Decimal:
        """Pay ``members`` (owing ``owed`` together) from ``amount``; returns what is left."""
        if amount >= owed:
            for i in members:
                if open_[i] > 0:
                    parts.append((r, i, open_[i]))
                    group_of[i].owed -= open_[i]
                    open_[i] = ZERO
            return amount - owed
        live = [i for i in members if open_[i] > 0]
        for i, share in zip(live, _proportional(amount, live, open_), strict=True):
            if share > 0:
                parts.append((r, i, share))
                group_of[i].owed -= share
                open_[i] -= share
        return ZERO

    order = sorted(range(len(receipts)), key=lambda k: receipts[k].on)
    for r in order:
        receipt = receipts[r]
        left = receipt.amount
        if receipt.names is not None and open_[receipt.names] > 0:
            i = receipt.names
            share = min(left, open_[i])
            parts.append((r, i, share))
            group_of[i].owed -= share
            open_[i] -= share
            left -= share
        on = receipt.on
        # due invoices: those bearing interest, then those bearing none, oldest first
        for t in (0, 1):
            tier = tiers[t]
            advance(t)
            while left > 0 and heads[t] < len(tier) and tier[heads[t]].due_on <= on:
                group = tier[heads[t]]
                left = pay(r, group.members, left, group.owed)
                advance(t)
        # not yet due: oldest due date first, both tiers together, then proportionally
        while left > 0:
            advance(0)
            advance(1)
            a = tiers[0][heads[0]] if heads[0] < len(tiers[0]) else None
            b = tiers[1][heads[1]] if heads[1] < len(tiers[1]) else None
            if a is None and b is None:
                break
            if a is not None and b is not None and a.due_on == b.due_on:
                members = sorted(a.members + b.members)
                left = pay(r, members, left, a.owed + b.owed)
            else:
                first = a if b is None or (a is not None and a.due_on < b.due_on) else b
                assert first is not None
                left = pay(r, first.members, left, first.owed)
        left_over[r] = left
    return parts, left_over


def allocate(
    invoices: Sequence[Invoice],
    receipts: Sequence[Receipt],
    *,
    bearing_no_interest: Collection[str] = (),
) -> ReceiptAllocation:
    """RULEBOOK §18 (Code civil 1342-10): allocate ``receipts`` over ``invoices``.
    ``bearing_no_interest``: the numbers of invoices that bear no late interest nor the 40 EUR
    (a legacy-15 deposit invoice, §17; an ``Invoice`` does not say what it invoices)."""
    # A large allocation builds hundreds of thousands of parts, payments and invoices that hold
    # no reference cycles: the cyclic collector would only rescan them (measured: a third of
    # the time at 10 000 × 10 000). Paused for the call, then restored as it was.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _allocate(invoices, receipts, bearing_no_interest)
    finally:
        if was_enabled:
            gc.enable()


def _allocate(
    invoices: Sequence[Invoice],
    receipts: Sequence[Receipt],
    bearing_no_interest: Collection[str],
) -> ReceiptAllocation:
    numbers: dict[str, int] = {}
    for index, invoice in enumerate(invoices):
        if not isinstance(invoice, Invoice):
            raise InvalidInputError(
                f"invoices[{index}] is a {type(invoice).__name__}: give Invoice models",
                field=f"invoices[{index}]",
                code="invalid_input",
            )
        if invoice.number in numbers:
            raise InvalidInputError(
                f"invoices[{index}]: the number {invoice.number!r} is given twice; each invoice"
                " needs its own number",
                field=f"invoices[{index}].number",
                code="duplicate_invoice_number",
            )
        numbers[invoice.number] = index
    silent = set(bearing_no_interest)
    for number in silent:
        if number not in numbers:
            raise InvalidInputError(
                f"bearing_no_interest names {number!r}, which is not among the invoices given",
                field="bearing_no_interest",
                code="unknown_invoice",
            )
    paid: list[Paid] = []
    for index, receipt in enumerate(receipts):
        if not isinstance(receipt, Receipt):
            raise InvalidInputError(
                f"receipts[{index}] is a {type(receipt).__name__}: give Receipt models",
                field=f"receipts[{index}]",
                code="invalid_input",
            )
        names = None
        if receipt.invoice is not None:
            names = numbers.get(receipt.invoice)
            if names is None:
                raise InvalidInputError(
                    f"receipts[{index}] names invoice {receipt.invoice!r}, which is not among the"
                    " invoices given",
                    field=f"receipts[{index}].invoice",
                    code="unknown_invoice",
                )
        paid.append(Paid(receipt.on, receipt.amount, names))
    debts = [
        Debt(inv.due_on, inv.amount_incl_tax - inv.paid, inv.number not in silent)
        for inv in invoices
    ]
    found, left = allocate_amounts(debts, paid)
    by_invoice: dict[int, list[Payment]] = {}
    parts: list[AllocatedPart] = []
    for r, i, amount in found:  # in the order the rule allocated them
        on = paid[r].on
        parts.append(
            trusted(
                AllocatedPart,
                {"receipt": r, "invoice": invoices[i].number, "on": on, "amount": amount},
            )
        )
        by_invoice.setdefault(i, []).append(trusted(Payment, {"on": on, "amount": amount}))
    fields = tuple(Invoice.model_fields)
    result = tuple(
        inv
        if i not in by_invoice
        else trusted(
            Invoice,
            {
                **{name: inv.__dict__[name] for name in fields},
                "payments": (*inv.payments, *by_invoice[i]),
            },
        )
        for i, inv in enumerate(invoices)
    )
    unallocated = sum(left, ZERO)
    return trusted(
        ReceiptAllocation,
        {
            "invoices": result,
            "parts": tuple(parts),
            "unallocated": unallocated,
            "citations": _citations(bool(silent), unallocated),
        },
    )


def _unpaid_deposit_clause() -> tuple[str, str]:
    """The version whose unpaid deposit means no contract, and that clause as cited: read from
    the declarations (its ladder's unpaid-deposit step), never written here (issue 17)."""
    from .cgv.registry import regimes  # the engine is loaded only when a deposit is silent

    for regime in regimes():
        for step in regime.cancellation:
            if step.key.startswith("§2 unpaid deposit"):
                return regime.name, regime.source(step.clause)
    raise AssertionError("no version declares an unpaid-deposit step")  # pragma: no cover


def _citations(silent: bool, unallocated: Decimal) -> tuple[Citation, ...]:
    found = [
        cite(
            "Code civil 1342-10",
            "a payment that does not name its debt goes to the debts due before those not yet"
            " due; among them, to the one the debtor had the most interest to pay; at equal"
            " interest, to the oldest; at equal age, proportionally",
            "le paiement qui n'indique pas la dette qu'il acquitte s'impute d'abord sur les dettes"
            " échues ; parmi elles, sur celle que le débiteur avait le plus d'intérêt à acquitter ;"
            " à égalité d'intérêt, sur la plus ancienne ; à égalité de tout, proportionnellement",
        ),
        cite(
            "Code civil 1342-10",
            "LEXOM's invoices bear the same §3.4 rate: the oldest due date is paid first",
            "les factures de LEXOM portent le même taux (§3.4) : la plus ancienne échéance est"
            " payée en premier",
        ),
    ]
    if silent:
        version, clause = _unpaid_deposit_clause()
        found.append(
            cite(
                clause,
                f"a {version} deposit invoice bears no late interest nor the 40 EUR (an unpaid"
                " deposit means no contract): it comes after the invoices that do",
                f"une facture d'acompte {version} ne porte ni intérêts de retard ni indemnité de"
                " 40 € (l'acompte impayé empêche le contrat) : elle passe après les autres",
            )
        )
    if unallocated > 0:
        found.append(
            cite(
                "Code civil 1302-1",
                f"{unallocated} exceeds every invoice: it is not allocated (to refund or to keep"
                " as a credit)",
                f"{ex.eur(unallocated, 'fr')} excèdent toutes les factures : non imputés (à"
                " rembourser ou à garder en avoir)",
            )
        )
    return tuple(found)


def _paragraphs(r: ReceiptAllocation, lang: Lang) -> list[str]:
    allocated = sum((p.amount for p in r.parts), ZERO)
    out = [
        pick(
            lang,
            f"{len(r.parts)} imputation(s) sur {len(r.invoices)} facture(s) : "
            f"{ex.eur(allocated, lang)} imputés, {ex.eur(r.unallocated, lang)} non imputés.",
            f"{len(r.parts)} allocation(s) over {len(r.invoices)} invoice(s): "
            f"{ex.eur(allocated, lang)} allocated, {ex.eur(r.unallocated, lang)} unallocated.",
        )
    ]
    shown = r.parts[:20]
    if shown:
        rows = [
            pick(
                lang,
                f"paiement n° {p.receipt + 1} du {ex.day(p.on, lang)} → facture {p.invoice} :"
                f" {ex.eur(p.amount, lang)}",
                f"receipt #{p.receipt + 1} of {ex.day(p.on, lang)} → invoice {p.invoice}:"
                f" {ex.eur(p.amount, lang)}",
            )
            for p in shown
        ]
        if len(r.parts) > len(shown):
            rows.append(
                pick(
                    lang,
                    f"… et {len(r.parts) - len(shown)} autre(s)",
                    f"… and {len(r.parts) - len(shown)} more",
                )
            )
        out.append(ex.bullet_list(rows))
    out.append(
        pick(lang, "Pourquoi :", "Why:")
        + "\n"
        + ex.bullet_list([c.line(lang) for c in r.citations])
    )
    return out


display.register(
    ReceiptAllocation, display.receipt_allocation_html
)  # its notebook display, found by type
