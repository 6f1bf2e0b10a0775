"""The invoices of an order (RULEBOOK §17): what LEXOM invoices, to whom, when, and when each is
due, built from the rules already in the library (deposit §2, balance §7, OPCO §8 and §16,
fees §4–§6 and §15, credit notes).

Each invoice is a debt of its own, bearing its own interest and 40 EUR (Code de commerce L441-10
II, D441-5; CJEU C-585/20): :meth:`Bill.to_invoice` gives the :class:`~lexom_terms.Invoice` that
``late_interest``, ``check_invoice``, the audit and the letters take. No interest is claimed from
an OPCO (not a party to the CGV), nor on a deposit whose non-payment means that no contract was
concluded (legacy-15 §2.2): those bills refuse to become an interest-bearing invoice.

The amounts before VAT of the bills of one order add up to its price: the final (balance) bill
takes the order's own split less what the earlier bills took, so that a journal or an
e-invoice never shows a cent appearing between the quote and the invoices.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict

from .. import display, fmt
from .. import explain as ex
from ..api import balance as split_balance
from ..api import deposit_due, payment_due, regime_for
from ..attendance import AttendanceSplit
from ..calendar import add_days, add_months, as_date
from ..cgv import engine
from ..enums import BillKind, CgvVersion, FeeVat, PublicBuyer, Status
from ..errors import InvalidInputError
from ..explain import Lang
from ..models import Client, Invoice, Order, Session
from ..money import ZERO, round_cents
from ..order_history import History
from ..results import Citation, Result, Settlement, cite
from ..statute import public_procurement as public

__all__ = ["Bill", "BillKind", "bills"]

VatCategory = Literal["S", "E", "O"]

#: The exemption wording of RULEBOOK §12 (CGI 261-4-4° a), printed on an exempt invoice.
EXEMPTION_FR = "Exonération de TVA — article 261-4-4° a du CGI"
#: RULEBOOK §12: a fee read as an indemnity outside the scope of VAT.
OUTSIDE_SCOPE_FR = "Hors champ de la TVA (indemnité)"

_KIND_FR: dict[BillKind, str] = {
    BillKind.DEPOSIT: "Facture d'acompte",
    BillKind.BALANCE: "Facture de solde",
    BillKind.FUNDER: "Facture OPCO (subrogation)",
    BillKind.REINVOICE: "Refacturation au client après défaut de l'OPCO",
    BillKind.FEE: "Facture de frais d'annulation ou de report",
    BillKind.INDEMNITY: "Facture d'indemnité (heures non suivies)",
    BillKind.CREDIT_NOTE: "Avoir",
}
#: "Avoir sur la facture d'acompte du …": the corrected bill as a French sentence names it.
_OF_FR: dict[BillKind, str] = {
    BillKind.DEPOSIT: "facture d'acompte",
    BillKind.BALANCE: "facture de solde",
    BillKind.FUNDER: "facture de l'OPCO",
    BillKind.REINVOICE: "refacturation",
    BillKind.FEE: "facture de frais",
    BillKind.INDEMNITY: "facture d'indemnité",
    BillKind.CREDIT_NOTE: "facture",
}
_KIND_EN: dict[BillKind, str] = {
    BillKind.DEPOSIT: "Deposit invoice",
    BillKind.BALANCE: "Balance invoice",
    BillKind.FUNDER: "OPCO invoice (subrogation)",
    BillKind.REINVOICE: "Re-invoice to the client after the OPCO's default",
    BillKind.FEE: "Cancellation or postponement fee invoice",
    BillKind.INDEMNITY: "Indemnity invoice (hours not attended)",
    BillKind.CREDIT_NOTE: "Credit note",
}


class Bill(Result):
    """One invoice (or credit note) of an order (RULEBOOK §17; API.md "Added in 0.3").

    ``due_on`` is None for a public buyer's bill whose period runs from a receipt date not yet
    known (§11); a bill payable on receipt is due on its issue date (an e-invoice is received the
    day it is issued) unless :meth:`to_invoice` is given a later receipt."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, use_attribute_docstrings=True
    )

    kind: BillKind
    """deposit, balance, funder, reinvoice, fee, indemnity or credit_note (RULEBOOK §17)"""
    to: Literal["client", "funder"]
    """who is invoiced: the client, or the OPCO (subrogation)"""
    cgv: CgvVersion
    """the CGV version that governed the order"""
    issued_on: date
    """the day the bill is issued"""
    due_on: date | None
    """the day it is due; null for a credit note, and for a public buyer's bill until the
    receipt date is known"""
    amount_excl_tax: Decimal
    """before VAT, euros"""
    vat: Decimal
    """the VAT, euros (0 for categories E and O)"""
    amount_incl_tax: Decimal
    """including VAT, euros (= amount_excl_tax + vat); always positive, a credit note's too"""
    vat_rate: Decimal
    """The rate the VAT was computed at (0 for categories E and O)."""
    vat_category: VatCategory
    """EN 16931 VAT category: S (standard), E (exempt, CGI 261-4-4° a), O (outside the scope)"""
    clause: str
    """the clause or statute the bill rests on (e.g. 'new-30 §2.2')"""
    description: str
    """what is invoiced, in French, as printed on the invoice"""
    corrects: BillKind | None = None
    """A credit note: the kind of bill it corrects."""
    corrects_issued_on: date | None = None
    """A credit note: the issue date of the bill it corrects (named with its number on the
    e-invoice, EN 16931 BT-25/BT-26)."""
    payable: Literal["fixed", "receipt", "public"] = "fixed"
    """How the due date moves with the invoice's receipt: ``fixed`` (the CGV date, §2 and §4–§6),
    ``receipt`` (§3.2 "à réception": never before ``due_from``), ``public`` (§11: receipt, or
    ``due_from`` if later, + ``period_days``)."""
    due_from: date | None = None
    """The earliest day the period can start (the end of the training, §7 and R2192-13)."""
    period_days: int = 0
    """A public buyer's payment period (30/50/60 days, R2192-10, R2192-11); 0 otherwise."""
    bears_interest: bool = True
    """False for the OPCO (not a party to the CGV), a credit note, and a deposit whose non-payment
    means no contract (legacy-15 §2.2): RULEBOOK §17."""
    deposit_deducted: Decimal = ZERO
    """A balance bill: the deposit invoiced that it deducts (the e-invoice's billing frame is
    then "S4", a final invoice after a deposit)."""
    consumer: bool = False
    """Invoiced to a consumer (or a non-professional, §0): no 40 EUR indemnity (§9)."""
    public_buyer: PublicBuyer | None = None
    """Invoiced to a public buyer (§11): Chorus Pro data, R2192-31 interest, D2192-35."""
    session_reference: str = ""
    """the session's reference"""
    service_start: date | None = None
    """first day of the training invoiced"""
    service_end: date | None = None
    """last day of the training invoiced"""
    citations: tuple[Citation, ...] = ()
    """the clauses and statutes behind the bill"""
    caveats: tuple[Citation, ...] = ()
    """legal exposure of a figure that stands (e.g. a consumer-law caveat)"""

    #: UNTDID 1001 document type of the e-invoice (RULEBOOK §17).
    TYPE_CODES: ClassVar[dict[BillKind, str]] = {
        BillKind.DEPOSIT: "386",
        BillKind.CREDIT_NOTE: "381",
    }

    @property
    def type_code(self) -> str:
        """380 (invoice), 386 (deposit invoice) or 381 (credit note)."""
        return self.TYPE_CODES.get(self.kind, "380")

    def to_invoice(
        self, number: str, *, client: Client, received_on: date | str | None = None
    ) -> Invoice:
        """The invoice ``late_interest`` takes (RULEBOOK §9, §17): its due date follows the
        receipt where the bill is payable on receipt (the re-invoice after the OPCO's default
        bears interest from the day after its own receipt, never from the session end).

        Refused (code ``bill_bears_no_interest``) for a bill from which no interest may be
        claimed: the OPCO's, a credit note, a legacy-15 deposit."""
        received = None if received_on is None else as_date(received_on, "received_on")
        if not self.bears_interest:
            why = {
                "funder": "no interest or 40 EUR is claimed from an OPCO, which is not a party to"
                " the CGV; its default is handled by the re-invoice to the client",
            }.get(self.to, "")
            if self.kind == BillKind.CREDIT_NOTE:
                why = "a credit note is owed by LEXOM, not a debt of the client"
            elif self.kind == BillKind.DEPOSIT:
                why = (
                    f"under {self.cgv} an unpaid deposit means that the contract was never"
                    " concluded: it bears no interest"
                )
            raise InvalidInputError(
                f"this {self.kind} bill bears no late-payment interest (RULEBOOK §17): {why}",
                field="bill.kind",
                code="bill_bears_no_interest",
            )
        if received is not None and received < self.issued_on:
            raise InvalidInputError(
                f"received_on {received.isoformat()} is before the bill's issue date"
                f" {self.issued_on.isoformat()}: an invoice is received on or after its issue",
                field="received_on",
                code="received_before_issue",
            )
        due = self._due_on(received)
        return Invoice(
            number=number,
            cgv=self.cgv,
            client=client,
            issued_on=self.issued_on,
            due_on=due,
            amount_incl_tax=self.amount_incl_tax,
        )

    def _due_on(self, received: date | None) -> date:
        if self.payable == "public":
            if received is None:
                raise InvalidInputError(
                    "a public buyer's payment period runs from the receipt of the payment"
                    " request: give received_on (for Chorus Pro, the day the buyer is notified"
                    " of the invoice, R2192-15)",
                    field="received_on",
                    code="receipt_date_required",
                )
            start = max(received, self.due_from or received)
            return add_days(start, self.period_days)
        if self.payable == "receipt":
            on = received if received is not None else self.issued_on
            return max(on, self.due_from or on)
        assert self.due_on is not None
        return self.due_on

    # --- prose -------------------------------------------------------------------------------

    def title(self, lang: Lang = "fr") -> str:
        return (_KIND_FR if lang == "fr" else _KIND_EN)[self.kind]

    def vat_wording(self, lang: Lang = "fr") -> str:
        """RULEBOOK §12's invoice wording for this bill's VAT."""
        if self.vat_category == "E":
            return ex.pick(lang, EXEMPTION_FR, "VAT exempt — CGI article 261-4-4° a")
        if self.vat_category == "O":
            return ex.pick(lang, OUTSIDE_SCOPE_FR, "Outside the scope of VAT (an indemnity)")
        return ex.pick(lang, "TVA ", "VAT ") + fmt.rate(self.vat_rate, lang)

    def _paragraphs(self, lang: Lang) -> list[str]:
        to = ex.pick(
            lang,
            "au client" if self.to == "client" else "à l'OPCO",
            "to the client" if self.to == "client" else "to the OPCO",
        )
        head = ex.pick(
            lang,
            f"{self.title('fr')} {to}, émise le {ex.day(self.issued_on, lang)} :"
            f" {ex.eur(self.amount_incl_tax, lang)} TTC"
            f" ({ex.eur(self.amount_excl_tax, lang)} HT, {self.vat_wording('fr')} :"
            f" {ex.eur(self.vat, lang)}).",
            f"{self.title('en')} {to}, issued {ex.day(self.issued_on, lang)}:"
            f" {ex.eur(self.amount_incl_tax, lang)} incl. VAT"
            f" ({ex.eur(self.amount_excl_tax, lang)} before VAT, {self.vat_wording('en')}:"
            f" {ex.eur(self.vat, lang)}).",
        )
        if self.kind == BillKind.CREDIT_NOTE:
            due = ex.pick(
                lang,
                f"Avoir sur la {_OF_FR[self.corrects or BillKind.CREDIT_NOTE]} du"
                f" {ex.day(self.corrects_issued_on, lang)}.",
                f"Credits the {_KIND_EN[self.corrects or BillKind.CREDIT_NOTE].lower()} of"
                f" {ex.day(self.corrects_issued_on, lang)}.",
            )
        elif self.due_on is None:
            due = ex.pick(
                lang,
                f"Échéance : {self.period_days} jours après la réception de la demande de"
                " paiement (ou la fin de la formation si elle est postérieure).",
                f"Due {self.period_days} days after the payment request is received (or the"
                " end of the training, if later).",
            )
        else:
            due = ex.pick(
                lang,
                f"Échéance : {ex.day(self.due_on, lang)}.",
                f"Due on {ex.day(self.due_on, lang)}.",
            )
        interest = ""
        if self.kind != BillKind.CREDIT_NOTE and not self.bears_interest:
            interest = ex.pick(
                lang,
                "Aucun intérêt de retard ni indemnité de 40 € ne sont réclamés sur cette facture.",
                "No late interest nor 40 EUR indemnity is claimed on this invoice.",
            )
        why = ex.pick(lang, "Pourquoi :", "Why:")
        return [
            head,
            self.description if lang == "fr" else "",
            " ".join(p for p in (due, interest) if p),
            ex.citation_block(why, self.citations, lang),
            ex.citation_block(ex.pick(lang, "Réserves :", "Caveats:"), self.caveats, lang),
        ]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (ex.pick(lang, "Type", "Kind"), self.title(lang)),
            (ex.pick(lang, "Émise le", "Issued"), ex.day(self.issued_on, lang)),
            (ex.pick(lang, "Échéance", "Due"), ex.day(self.due_on, lang)),
            (ex.pick(lang, "HT", "Before VAT"), ex.eur(self.amount_excl_tax, lang)),
            (self.vat_wording(lang), ex.eur(self.vat, lang)),
            (ex.pick(lang, "TTC", "Incl. VAT"), ex.eur(self.amount_incl_tax, lang)),
            (ex.pick(lang, "Clause", "Clause"), self.clause),
        ]


# --- arithmetic --------------------------------------------------------------------------------


def split_ttc(amount: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """RULEBOOK §12: ``HT = round_half_up(TTC / (1 + rate))``, ``VAT = TTC − HT`` (adds up)."""
    if not rate:
        return amount, ZERO
    excl = round_cents(amount / (1 + rate))
    return excl, amount - excl


class _Split:
    """The order's own HT/VAT split, from which each bill takes its part (so that the bills'
    HT add up to the price, RULEBOOK §0 "parts of a breakdown add up")."""

    def __init__(self, order: Order) -> None:
        self.order = order
        self.rate = order.vat_rate
        self.category: VatCategory = "S" if order.vat_rate else "E"

    def part(self, ttc: Decimal) -> tuple[Decimal, Decimal]:
        if ttc == self.order.total:
            return self.order.price_excl_tax, self.order.total - self.order.price_excl_tax
        return split_ttc(ttc, self.rate)


def deposit_bears_interest(cgv: CgvVersion) -> bool:
    """RULEBOOK §17: a deposit invoice bears interest where its non-payment is a breach of a
    concluded contract (new-30 §2.2), never where the deposit conditions the contract itself
    (legacy-15 §2.2, read from the regime: its cancellation ladder has the unpaid-deposit step)."""
    regime = regime_for(cgv)
    return not any(step.when is engine.deposit_unpaid for step in regime.cancellation)


def _make(values: dict[str, Any]) -> Bill:
    return Bill.model_validate(values)


def bills(
    order: Order,
    as_of: date | str,
    *,
    history: History | None = None,
    attendance: AttendanceSplit | None = None,
) -> tuple[Bill, ...]:
    """Every invoice and credit note of ``order`` issued by ``as_of`` (RULEBOOK §17), in order of
    issue: the deposit (§2), the OPCO's share (§8, §16), the balance less the deposit invoiced
    (§7), the re-invoice after the OPCO's default (§8: from ``end + 1 month + 1 day``), the fees
    of a ``history`` (§15) with the credit note of an invoiced deposit, and the indemnity for
    hours not attended of an ``attendance`` split (§16)."""
    day = as_date(as_of, "as_of")
    engine.check_cgv_channel(order)
    if history is not None:
        found = _history_bills(order, history)
    else:
        found = _order_bills(order, attendance)
    listed = [b for b in found if b.issued_on <= day]
    if history is not None:
        # in the order of the order's life: a credit note before the fee that replaces it
        listed.sort(key=lambda b: b.issued_on)
    else:
        order_of = {k: i for i, k in enumerate(BillKind)}
        listed.sort(key=lambda b: (b.issued_on, order_of[b.kind]))
    return tuple(listed)


def _common(order: Order, to: str = "client") -> dict[str, Any]:
    session = order.session
    client = order.client
    return {
        "cgv": order.cgv,
        "consumer": to == "client" and not client.is_professional,
        "public_buyer": client.public_buyer if to == "client" else None,
        "session_reference": session.reference,
        "service_start": session.start,
        "service_end": session.end,
    }


def _training(order: Order, session: Session | None = None) -> str:
    """The training as a bill names it: the order's session, or ``session`` (where a history
    moved it before the notice the bill answers)."""
    session = session if session is not None else order.session
    title = f"« {session.title} » " if session.title else ""
    return (
        f"formation {title}({session.reference}), session du {fmt.day(session.start)} au"
        f" {fmt.day(session.end)}"
    )


def _moved(order: Order, history: History, step: int, lines: dict[str, Decimal]) -> Session | None:
    """The session a history's step concerned when earlier steps moved it (RULEBOOK §15): the
    last move before ``step`` of the lines it names (every line when it names none), provided
    they all stand on the same dates; None (the order's session) otherwise."""
    named = set(lines) or set(order.line_totals)
    last: dict[str, tuple[date, date]] = {}
    for move in history.moves:
        if move.step < step and move.line in named:
            last[move.line] = (move.start, move.end)
    dates = set(last.values())
    if len(dates) != 1 or len(last) != len(named):
        return None
    start, end = dates.pop()
    return order.session.model_copy(update={"start": start, "end": end})


def deposit_bill(order: Order, split: _Split) -> Bill | None:
    """RULEBOOK §2, §17: 30 % of the total, issued and due on the deposit's due date; none from a
    public buyer (R2191-3)."""
    if order.client.public_buyer is not None:
        return None
    due = deposit_due(order)
    if due.amount <= 0:
        return None
    excl, vat = split_ttc(due.amount, split.rate)
    bears = deposit_bears_interest(order.cgv)
    citations = list(due.citations)
    if not bears:
        citations.append(
            cite(
                regime_for(order.cgv).clauses.signature,
                "an unpaid deposit means that the contract was not concluded: the deposit invoice"
                " bears no late interest (RULEBOOK §17)",
                "un acompte non versé signifie que le contrat n'est pas conclu : la facture"
                " d'acompte ne porte pas d'intérêts de retard",
            )
        )
    return _make(
        {
            **_common(order),
            "kind": BillKind.DEPOSIT,
            "to": "client",
            "issued_on": due.on,
            "due_on": due.on,
            "amount_excl_tax": excl,
            "vat": vat,
            "amount_incl_tax": due.amount,
            "vat_rate": split.rate,
            "vat_category": split.category,
            "clause": due.deciding_source,
            "description": f"Acompte de {fmt.percent(Decimal(30))} du prix TTC, {_training(order)}.",
            "bears_interest": bears,
            "citations": tuple(citations),
        }
    )


def _funder_counts(order: Order) -> bool:
    """§8, §16: the funding counts when requested on or before the start and approved by the end
    of the training, when the OPCO is invoiced (docs/decisions.md)."""
    funding = order.funding
    return (
        funding is not None
        and funding.requested_on <= order.session.start
        and funding.approved_on is not None
        and funding.approved_on <= order.session.end
    )


def _client_due(order: Order) -> dict[str, Any]:
    """§7 / §11: how the client's training bill falls due."""
    end = order.session.end
    buyer = order.client.public_buyer
    if buyer is not None:
        return {
            "due_on": None,
            "payable": "public",
            "due_from": end,
            "period_days": public.period_days(buyer),
        }
    return {"due_on": end, "payable": "receipt", "due_from": end}


def _order_bills(order: Order, attendance: AttendanceSplit | None) -> list[Bill]:
    split = _Split(order)
    regime = regime_for(order.cgv)
    end = order.session.end
    found: list[Bill] = []
    deposit = deposit_bill(order, split)
    if deposit is not None and deposit.issued_on > end:
        # L6353-6 deferred the deposit past the end of a short training: the whole price is
        # invoiced at the end, no deposit invoice (docs/decisions.md).
        deposit = None
    if deposit is not None:
        found.append(deposit)
    funder_ttc = ZERO
    funder_share_citations: tuple[Citation, ...] = ()
    if attendance is not None:
        funder_ttc = attendance.opco
        client_ttc = attendance.client_training
        funder_share_citations = tuple(attendance.citations)
    elif _funder_counts(order):
        assert order.funding is not None
        funder_ttc = min(order.funding.approved_amount, order.total)
        client_ttc = order.total - funder_ttc
        funder_share_citations = split_balance(order, end).citations
    else:
        client_ttc = order.total
    funder_ht, funder_vat = split.part(funder_ttc) if funder_ttc else (ZERO, ZERO)
    funder_bill: Bill | None = None
    if funder_ttc > 0:
        funder_bill = _funder_bill(order, split, funder_ttc, end, funder_share_citations)
        found.append(funder_bill)
    # The client's training share, as the order's HT/VAT less the OPCO's part.
    if funder_ttc:
        client_ht = order.price_excl_tax - funder_ht
        client_vat = (order.total - order.price_excl_tax) - funder_vat
        if attendance is not None and attendance.delivered != order.total:
            # hours not attended: the delivered training is split on its own
            delivered_ht, delivered_vat = split.part(attendance.delivered)
            client_ht, client_vat = delivered_ht - funder_ht, delivered_vat - funder_vat
    elif attendance is not None:
        client_ht, client_vat = split.part(client_ttc)
    else:
        client_ht, client_vat = split.part(client_ttc)
    dep_ttc = deposit.amount_incl_tax if deposit is not None else ZERO
    dep_ht = deposit.amount_excl_tax if deposit is not None else ZERO
    dep_vat = deposit.vat if deposit is not None else ZERO
    rest_ttc, rest_ht, rest_vat = client_ttc - dep_ttc, client_ht - dep_ht, client_vat - dep_vat
    payment = payment_due(order, end) if order.client.public_buyer is None else None
    prepays = payment is not None and payment.on < end
    due = _client_due(order)
    if prepays and payment is not None:
        # new-30 §3.2: a client established abroad pays in full before the start: the balance
        # is invoiced with the deposit, due the day before the start (docs/decisions.md).
        issued = deposit.issued_on if deposit is not None else order.signed_on
        due = {"due_on": max(payment.on, issued), "payable": "fixed", "due_from": None}
    else:
        issued = end
    groups = _line_groups(order) if not funder_ttc and attendance is None and not prepays else []
    if len(groups) > 1:
        # §14: each line is invoiced as its training ends, the deposit deducted in line order
        found.extend(_line_balances(order, groups, deposit))
        rest_ttc = ZERO
    if rest_ttc > 0:
        found.append(
            _make(
                {
                    **_common(order),
                    "kind": BillKind.BALANCE,
                    "to": "client",
                    "issued_on": issued,
                    **due,
                    "amount_excl_tax": rest_ht,
                    "vat": rest_vat,
                    "amount_incl_tax": rest_ttc,
                    "vat_rate": split.rate,
                    "vat_category": split.category,
                    "clause": regime.clauses.payment,
                    "deposit_deducted": dep_ttc,
                    "description": (
                        f"Solde, {_training(order)}"
                        + (
                            f", déduction faite de l'acompte facturé de {fmt.money(dep_ttc)}"
                            if dep_ttc
                            else ""
                        )
                        + (
                            f" et de la part de l'OPCO de {fmt.money(funder_ttc)}"
                            if funder_ttc
                            else ""
                        )
                        + "."
                    ),
                    "citations": _balance_citations(order, client_ttc, dep_ttc, payment),
                }
            )
        )
    elif rest_ttc < 0 and deposit is not None:
        found.append(
            credit_note(
                order,
                deposit,
                on=end,
                ttc=-rest_ttc,
                ht=-rest_ht,
                vat=-rest_vat,
                clause=regime.clauses.funding,
                why_en="the deposit invoiced exceeds the client's final share of the training:"
                " the difference is credited (RULEBOOK §17)",
                why_fr="l'acompte facturé dépasse la part finale du client : la différence fait"
                " l'objet d'un avoir",
            )
        )
    if attendance is not None and attendance.client_indemnity > 0:
        found.append(indemnity_bill(order, attendance))
    found.extend(_reinvoice(order, split, funder_bill, end))
    return found


def _funder_bill(
    order: Order,
    split: _Split,
    funder_ttc: Decimal,
    end: date,
    share_citations: tuple[Citation, ...],
) -> Bill:
    """§8, §17: the OPCO's share, invoiced at the end of the training, payable on receipt,
    bearing no interest (the OPCO is not a party to the CGV)."""
    funding = order.funding
    assert funding is not None
    regime = regime_for(order.cgv)
    funder_ht, funder_vat = split.part(funder_ttc)
    return _make(
        {
            **_common(order, "funder"),
            "kind": BillKind.FUNDER,
            "to": "funder",
            "issued_on": end,
            "due_on": end,
            "payable": "receipt",
            "due_from": end,
            "amount_excl_tax": funder_ht,
            "vat": funder_vat,
            "amount_incl_tax": funder_ttc,
            "vat_rate": split.rate,
            "vat_category": split.category,
            "clause": regime.clauses.funding,
            "description": f"Prise en charge de {funding.opco} (subrogation), {_training(order)}.",
            "bears_interest": False,
            "citations": (
                cite(
                    regime.clauses.funding,
                    "the OPCO pays its approved share of the training delivered, invoiced at the"
                    " end of the training and payable on receipt; no interest is claimed from it",
                    "l'OPCO règle sa part approuvée de la formation réalisée, facturée à la fin de"
                    " la formation et payable à réception ; aucun intérêt n'est réclamé à l'OPCO",
                ),
                *share_citations,
            ),
        }
    )


def _line_groups(order: Order) -> list[tuple[date, list[str]]]:
    """The order's lines by the day their training ends (lines of one session end together)."""
    ends: dict[date, list[str]] = {}
    for line in order.lines:
        end = (line.session or order.session).end
        ends.setdefault(end, []).append(line.id)
    return sorted(ends.items())


def _line_balances(
    order: Order, groups: list[tuple[date, list[str]]], deposit: Bill | None
) -> list[Bill]:
    """RULEBOOK §14: one balance bill per end date, for its lines' totals less what is left of
    the deposit invoiced (deducted in line order until used up; the last deduction takes the
    deposit's own HT/VAT rest, so that every part adds up)."""
    regime = regime_for(order.cgv)
    totals = order.line_totals
    prices = {line.id: line.price_excl_tax for line in order.lines}
    left_ttc = deposit.amount_incl_tax if deposit is not None else ZERO
    left_ht = deposit.amount_excl_tax if deposit is not None else ZERO
    found: list[Bill] = []
    for end, ids in groups:
        ttc = sum((totals[i] for i in ids), ZERO)
        ht = sum((prices[i] for i in ids), ZERO)
        vat = ttc - ht
        used = min(left_ttc, ttc)
        used_ht = left_ht if used == left_ttc else split_ttc(used, order.vat_rate)[0]
        left_ttc, left_ht = left_ttc - used, left_ht - used_ht
        if ttc - used <= 0:
            continue
        due = _client_due(order)
        due.update({"due_on": end if due["due_on"] is not None else None, "due_from": end})
        named = ", ".join(ids)
        found.append(
            _make(
                {
                    **_common(order),
                    "kind": BillKind.BALANCE,
                    "to": "client",
                    "issued_on": end,
                    **due,
                    "amount_excl_tax": ht - used_ht,
                    "vat": vat - (used - used_ht),
                    "amount_incl_tax": ttc - used,
                    "vat_rate": order.vat_rate,
                    "vat_category": "S" if order.vat_rate else "E",
                    "clause": regime.clauses.payment,
                    "deposit_deducted": used,
                    "service_end": end,
                    "description": f"Solde des lignes {named} (fin le {fmt.day(end)}),"
                    f" {_training(order)}"
                    + (f", déduction faite de {fmt.money(used)} d'acompte facturé" if used else "")
                    + ".",
                    "citations": (
                        cite(
                            "Code de commerce L441-9",
                            f"each line is invoiced once its training is done: lines {named},"
                            f" ended {end}",
                            f"chaque ligne est facturée une fois sa formation réalisée : lignes"
                            f" {named}, terminées le {fmt.day(end)}",
                        ),
                        *_balance_citations(order, ttc, used, None),
                    ),
                }
            )
        )
    return found


def _balance_citations(
    order: Order, client_ttc: Decimal, deposit: Decimal, payment: Any
) -> tuple[Citation, ...]:
    regime = regime_for(order.cgv)
    out = [
        cite(
            regime.clauses.payment,
            f"the client's share of the training, {client_ttc}, less the deposit invoiced,"
            f" {deposit}, is invoiced at the end of the training",
            f"la part du client, {fmt.money(client_ttc)}, moins l'acompte facturé,"
            f" {fmt.money(deposit)}, est facturée à la fin de la formation",
        )
    ]
    if payment is not None:
        out.extend(payment.citations[:1])
    buyer = order.client.public_buyer
    if buyer is not None:
        out.append(
            cite(
                public.period_article(buyer),
                f"a public buyer pays within {public.period_days(buyer)} days of receiving the"
                " payment request (or of the end of the training, if later)",
                f"un acheteur public paie dans les {public.period_days(buyer)} jours de la"
                " réception de la demande de paiement (ou de la fin de la formation si elle est"
                " postérieure)",
            )
        )
    return tuple(out)


def credit_note(
    order: Order,
    corrected: Bill,
    *,
    on: date,
    ttc: Decimal,
    ht: Decimal,
    vat: Decimal,
    clause: str,
    why_en: str,
    why_fr: str,
    to: Literal["client", "funder"] = "client",
) -> Bill:
    """A credit note for part or all of ``corrected`` (RULEBOOK §17): positive amounts, the
    corrected bill's kind and date, its VAT treatment (CGI 272-1: VAT collected on a sum no
    longer owed is credited)."""
    return _make(
        {
            **_common(order, to),
            "kind": BillKind.CREDIT_NOTE,
            "to": to,
            "issued_on": on,
            "due_on": None,
            "amount_excl_tax": ht,
            "vat": vat,
            "amount_incl_tax": ttc,
            "vat_rate": corrected.vat_rate,
            "vat_category": corrected.vat_category,
            "clause": clause,
            "description": f"Avoir sur la {_OF_FR[corrected.kind]} du"
            f" {fmt.day(corrected.issued_on)} ({fmt.money(ttc)}), {_training(order)}.",
            "corrects": corrected.kind,
            "corrects_issued_on": corrected.issued_on,
            "bears_interest": False,
            "citations": (
                cite(clause, why_en, why_fr),
                cite(
                    "Code général des impôts 272-1",
                    "the VAT invoiced on a sum no longer owed is credited by a credit note",
                    "la TVA facturée sur une somme qui n'est plus due est régularisée par un avoir",
                ),
            ),
        }
    )


def _reinvoice(order: Order, split: _Split, funder_bill: Bill | None, end: date) -> list[Bill]:
    """§8: what the OPCO has not paid by ``end + 1 month`` is invoiced to the client from the
    next day, payable on receipt of that invoice (§3.2), with a credit note to the OPCO for the
    same sum so that the training is not invoiced twice (docs/decisions.md)."""
    funding = order.funding
    if funding is None or funder_bill is None:
        return []
    funder_ttc = funder_bill.amount_incl_tax
    deadline = add_months(end, 1)
    paid = sum((p.amount for p in funding.payments if p.on <= deadline), ZERO)
    unpaid = funder_ttc - paid
    if unpaid <= 0:
        return []
    regime = regime_for(order.cgv)
    issued = add_days(deadline, 1)
    ht, vat = split.part(unpaid) if unpaid != funder_ttc else split.part(funder_ttc)
    reinvoice = _make(
        {
            **_common(order),
            "kind": BillKind.REINVOICE,
            "to": "client",
            "issued_on": issued,
            "due_on": issued,
            "payable": "receipt",
            "due_from": issued,
            "amount_excl_tax": ht,
            "vat": vat,
            "amount_incl_tax": unpaid,
            "vat_rate": split.rate,
            "vat_category": split.category,
            "clause": regime.clauses.funding,
            "description": f"Refacturation de la part non réglée par {funding.opco} au"
            f" {fmt.day(deadline)} ({fmt.money(unpaid)}), {_training(order)}.",
            "citations": (
                cite(
                    regime.clauses.funding,
                    f"the OPCO had not paid its share in full by {deadline} (end + 1 month): the"
                    f" client is invoiced the {unpaid} left unpaid, payable on receipt of this"
                    " invoice; interest runs from the day after its receipt",
                    f"l'OPCO n'avait pas réglé sa part au {fmt.day(deadline)} (fin + 1 mois) : le"
                    f" client est facturé des {fmt.money(unpaid)} restés impayés, payables à"
                    " réception de cette facture ; les intérêts courent du lendemain de sa"
                    " réception",
                ),
            ),
        }
    )
    note = credit_note(
        order,
        funder_bill,
        on=issued,
        ttc=unpaid,
        ht=ht,
        vat=vat,
        clause=regime.clauses.funding,
        why_en="the part the OPCO did not pay by its deadline is re-invoiced to the client: the"
        " OPCO's invoice is credited by as much",
        why_fr="la part non réglée par l'OPCO dans le délai est refacturée au client : la facture"
        " de l'OPCO est annulée à due concurrence",
        to="funder",
    )
    return [note, reinvoice]


def _fee_bill(
    order: Order,
    settlement: Settlement,
    lines: dict[str, Decimal],
    session: Session | None = None,
) -> Bill:
    """§17 "fee": a settlement's ``owed``, issued on the notice's receipt, due on the
    settlement's ``due_on`` (a public buyer: its period from the receipt of the bill, §11);
    ``session``: the session the notice concerned, when an earlier step of a history moved it
    (RULEBOOK §15: the next notice counts from the new start), else the order's."""
    received = settlement.received_on
    assert received is not None
    category = fee_category(settlement)
    buyer = order.client.public_buyer
    due: dict[str, Any] = {"due_on": settlement.due_on, "payable": "fixed"}
    if buyer is not None:
        due = {
            "due_on": None,
            "payable": "public",
            "due_from": received,
            "period_days": public.period_days(buyer),
        }
    elif settlement.due_on is None or settlement.due_on < received:
        due = {"due_on": received, "payable": "receipt", "due_from": received}
    what = "Frais de report" if settlement.status in _POSTPONED else "Frais d'annulation"
    if settlement.status == Status.RETRACTED or settlement.status not in Settlement.CLIENT_FEES:
        what = "Formation réalisée due"
    named = ", ".join(f"ligne {k}" for k in lines) if order.lines else ""
    return _make(
        {
            **_common(order),
            **(
                {"service_start": session.start, "service_end": session.end}
                if session is not None
                else {}
            ),
            "kind": BillKind.FEE,
            "to": "client",
            "issued_on": received,
            **due,
            "amount_excl_tax": settlement.owed_excl_tax,
            "vat": settlement.owed_vat,
            "amount_incl_tax": settlement.owed,
            "vat_rate": ZERO if category == "O" else settlement.vat_rate,
            "vat_category": category,
            "clause": settlement.decided_by,
            "description": f"{what} ({settlement.decided_by}), demande reçue le"
            f" {fmt.day(received)}{', ' + named if named else ''}, {_training(order, session)}.",
            "citations": settlement.citations,
            "caveats": settlement.caveats,
        }
    )


_POSTPONED = frozenset({Status.POSTPONED, Status.PENDING_RESCHEDULE})


def _history_bills(order: Order, history: History) -> list[Bill]:
    """RULEBOOK §15 and §17: the fees of each settlement, with the credit note of an invoiced
    deposit (the payments then go to the fee bill), credit notes for fees LEXOM's own
    cancellation cancels, and the balance of the lines still standing at their end."""
    split = _Split(order)
    regime = regime_for(order.cgv)
    found: list[Bill] = []
    settlements: tuple[Settlement, ...] = tuple(history.settlements)
    first = min((s.received_on for s in settlements if s.received_on), default=None)
    deposit = deposit_bill(order, split)
    if deposit is not None and first is not None and deposit.issued_on > first:
        deposit = None  # a notice before the deposit was due: it was never invoiced
    if deposit is not None:
        found.append(deposit)
    live = deposit
    fee_bills: list[tuple[Bill, dict[str, Decimal]]] = []
    for step, settlement in enumerate(settlements, 1):
        on = settlement.received_on
        assert on is not None
        by_line = {ls.line: ls.owed for ls in settlement.lines} if settlement.lines else {}
        if settlement.status == Status.CANCELLED_BY_PROVIDER:
            # §15: LEXOM's cancellation cancels the client's earlier fees on the line
            cancelled = set(by_line) or set(order.line_totals)
            for bill, lines in fee_bills:
                amount = sum((v for k, v in lines.items() if k in cancelled), ZERO)
                if amount <= 0:
                    continue
                for k in cancelled:
                    lines.pop(k, None)
                ht, vat = (
                    (bill.amount_excl_tax, bill.vat)
                    if amount == bill.amount_incl_tax
                    else (amount, ZERO)
                    if bill.vat_category == "O"
                    else split_ttc(amount, bill.vat_rate)
                )
                found.append(
                    credit_note(
                        order,
                        bill,
                        on=on,
                        ttc=amount,
                        ht=ht,
                        vat=vat,
                        clause=settlement.decided_by,
                        why_en="LEXOM's cancellation of the session cancels the fees charged on"
                        " it (RULEBOOK §15)",
                        why_fr="l'annulation de la session par LEXOM annule les frais facturés"
                        " sur celle-ci",
                    )
                )
        if settlement.owed <= 0:
            continue
        if live is not None:
            found.append(
                credit_note(
                    order,
                    live,
                    on=on,
                    ttc=live.amount_incl_tax,
                    ht=live.amount_excl_tax,
                    vat=live.vat,
                    clause=settlement.decided_by,
                    why_en="a fee after an invoiced deposit: the deposit invoice is cancelled and"
                    " the fee invoiced, the payments applied to it (RULEBOOK §17)",
                    why_fr="des frais après un acompte facturé : la facture d'acompte est annulée"
                    " et les frais facturés, les paiements leur étant imputés",
                )
            )
            live = None
        bill = _fee_bill(order, settlement, dict(by_line), _moved(order, history, step, by_line))
        found.append(bill)
        fee_bills.append((bill, dict(by_line) or {"1": settlement.owed}))
    standing: Decimal = history.standing
    last = max((s.received_on for s in settlements if s.received_on), default=order.signed_on)
    ends = [line.session.end if line.session else order.session.end for line in history.lines]
    end = max(ends, default=last)
    standing_ht, standing_vat = split.part(standing)
    funder_bill: Bill | None = None
    if standing > 0 and _funder_counts(order):
        # §8: the OPCO pays its approved share of the training held; the fees stay the client's
        assert order.funding is not None
        funder_ttc = min(order.funding.approved_amount, standing)
        funder_bill = _funder_bill(order, split, funder_ttc, end, ())
        found.append(funder_bill)
        standing -= funder_ttc
        standing_ht -= funder_bill.amount_excl_tax
        standing_vat -= funder_bill.vat
    rest = standing - (live.amount_incl_tax if live is not None else ZERO)
    if rest > 0:
        ht, vat = (
            (standing_ht, standing_vat)
            if live is None
            else _less((standing_ht, standing_vat), live)
        )
        due = _client_due(order)
        due.update({"due_on": end if due["due_on"] is not None else None, "due_from": end})
        found.append(
            _make(
                {
                    **_common(order),
                    "kind": BillKind.BALANCE,
                    "to": "client",
                    "issued_on": end,
                    **due,
                    "amount_excl_tax": ht,
                    "vat": vat,
                    "amount_incl_tax": rest,
                    "vat_rate": split.rate,
                    "vat_category": split.category,
                    "clause": regime.clauses.payment,
                    "deposit_deducted": live.amount_incl_tax if live is not None else ZERO,
                    "service_end": end,
                    "description": f"Solde des lignes maintenues, {_training(order)}"
                    + (
                        f", déduction faite de l'acompte facturé de {fmt.money(live.amount_incl_tax)}"
                        if live is not None
                        else ""
                    )
                    + ".",
                    "citations": _balance_citations(
                        order,
                        standing,
                        live.amount_incl_tax if live is not None else ZERO,
                        None,
                    ),
                }
            )
        )
    elif rest < 0 and live is not None:
        ht, vat = _less((standing_ht, standing_vat), live)
        found.append(
            credit_note(
                order,
                live,
                on=end if history.standing > 0 else last,
                ttc=-rest,
                ht=-ht,
                vat=-vat,
                clause=regime.clauses.deposit,
                why_en="the deposit invoiced exceeds what the order still owes: the difference"
                " is credited (RULEBOOK §17)",
                why_fr="l'acompte facturé dépasse ce que la commande doit encore : la différence"
                " fait l'objet d'un avoir",
            )
        )
    found.extend(_reinvoice(order, split, funder_bill, end))
    return found


def _less(whole: tuple[Decimal, Decimal], part: Bill) -> tuple[Decimal, Decimal]:
    return whole[0] - part.amount_excl_tax, whole[1] - part.vat


def indemnity_bill(order: Order, attendance: AttendanceSplit) -> Bill:
    """§16: the hours not attended, a contractual indemnity invoiced apart to the client, at the
    end of the training, payable on receipt; VAT per ``fee_vat`` (§12)."""
    regime = regime_for(order.cgv)
    ttc: Decimal = attendance.client_indemnity
    ht: Decimal = attendance.indemnity_excl_tax
    vat: Decimal = attendance.indemnity_vat
    outside = attendance.fee_vat == FeeVat.OUTSIDE_SCOPE
    category: VatCategory = "O" if outside else ("S" if order.vat_rate else "E")
    end = order.session.end
    return _make(
        {
            **_common(order),
            "kind": BillKind.INDEMNITY,
            "to": "client",
            "issued_on": end,
            **_client_due(order),
            "amount_excl_tax": ht,
            "vat": vat,
            "amount_incl_tax": ttc,
            "vat_rate": ZERO if category == "O" else order.vat_rate,
            "vat_category": category,
            # legacy §3.7 / new §3.5: "l'absence de stagiaires ne donne lieu à aucune réduction"
            "clause": regime.clauses.trainee_absence or regime.clauses.start,
            "description": "Indemnité contractuelle pour les heures non suivies (l'absence de"
            f" stagiaires ne donne lieu à aucune réduction), {_training(order)}.",
            "citations": tuple(attendance.citations),
            "caveats": attendance.caveats,
        }
    )


def fee_category(settlement: Settlement) -> VatCategory:
    """§12: a client's fee under ``outside_scope`` is category O; otherwise the training's."""
    if settlement.fee_vat == FeeVat.OUTSIDE_SCOPE and settlement.status in settlement.CLIENT_FEES:
        return "O"
    return "S" if settlement.vat_rate else "E"


display.register(Bill, display.bill_html)  # its notebook display, found by type
