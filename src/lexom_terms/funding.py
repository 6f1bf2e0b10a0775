"""OPCO funding (RULEBOOK §8; legacy §3.3 and §3.6 "subrogation", new §3.3 — same text).

« faire une demande de prise en charge avant le début de la formation et de s'assurer de
l'acceptation de sa demande [...] Si l'OPCO n'a pas réglé LEXOM dans un délai d'un mois à
compter de la fin de la prestation, le CLIENT sera facturé de la totalité du coût de la
prestation. »
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import fmt
from .calendar import add_months
from .models import Order
from .money import ZERO
from .results import Balance, Citation, cite
from .statute.consumer_refund import advance_citation, advance_interest, bears_advance_interest

#: §3.3: "dans un délai d'un mois à compter de la fin de la prestation".
OPCO_DEADLINE_MONTHS = 1


def opco_deadline(order: Order) -> date | None:
    """``session.end + 1 month`` (relativedelta, month-end clipping), when there is funding.
    Memoised on the (frozen) order: a ledger asks it of every balance."""
    if order.funding is None:
        return None
    memo = order.derived
    found: date | None = memo.get("opco_deadline")
    if found is None:
        found = memo["opco_deadline"] = add_months(order.session.end, OPCO_DEADLINE_MONTHS)
    return found


def client_outstanding(order: Order, as_of: date) -> Decimal:
    """Figures only: what the client still owes of its share on ``as_of`` (RULEBOOK §8), as
    ``balance(...).client_outstanding``, without building the balance."""
    if order.funding is None:
        paid = sum([p.amount for p in order.payments if p.on <= as_of], ZERO)
        if bears_advance_interest(order):  # L214-2: a consumer's advances bear interest (§19)
            paid += advance_interest(order, as_of).amount
        return max(ZERO, order.total - paid)
    return balance(order, as_of, clause="").client_outstanding


def balance(order: Order, as_of: date, *, clause: str) -> Balance:
    """The split of the total between client and OPCO as known on ``as_of``; ``clause`` is the
    version's OPCO clause (§3.3), given by its regime. Figures now, sentences on first read."""
    total = order.total
    paid_by_client = order.paid_by(as_of)
    funding = order.funding
    share = ZERO
    paid_by_funder = ZERO
    deadline = opco_deadline(order)
    case = "none"
    if funding is not None:
        paid_by_funder = sum((p.amount for p in funding.payments if p.on <= as_of), ZERO)
        if funding.requested_on > order.session.start:
            case = "late_request"
        elif funding.approved_on is None or funding.approved_on > as_of:
            case = "not_approved"
        else:
            share = min(funding.approved_amount, total)
            assert deadline is not None
            if as_of > deadline and paid_by_funder < share:
                share = paid_by_funder
                case = "deadline_missed"
            else:
                case = "approved"
    approved_share = share
    # What the OPCO actually paid always counts, even above its approved share: the client's
    # share is never more than the total less the OPCO's payments (RULEBOOK §8).
    funder_paid_more = paid_by_funder > share
    if funder_paid_more:
        share = min(paid_by_funder, total)
    client_share = total - share
    overpaid = max(ZERO, paid_by_client + paid_by_funder - total)
    # Code de la consommation L214-2 (RULEBOOK §19): a consumer's advance paid more than three
    # months before the training bears legal interest, deducted from what it still owes.
    advance = advance_interest(order, as_of) if bears_advance_interest(order) else None
    credit = advance.amount if advance is not None else ZERO

    def reasons() -> tuple[Citation, ...]:
        found = _reasons(
            order, as_of, clause, case, approved_share, paid_by_funder, funder_paid_more, overpaid
        )
        if advance is not None and advance.through is not None:
            found = (*found, advance_citation(advance))
        return found

    return Balance.build(
        reasons,
        total=total,
        funder_share=share,
        client_share=client_share,
        paid_by_client=paid_by_client,
        paid_by_funder=paid_by_funder,
        client_outstanding=max(ZERO, client_share - paid_by_client - credit),
        funder_outstanding=max(ZERO, share - paid_by_funder),
        opco_deadline=deadline,
        overpaid=overpaid,
        advance_interest=credit,
    )


def _reasons(
    order: Order,
    as_of: date,
    clause: str,
    case: str,
    share: Decimal,
    paid_by_funder: Decimal,
    funder_paid_more: bool,
    overpaid: Decimal,
) -> tuple[Citation, ...]:
    """The sentences behind a balance, built when first read."""
    funding = order.funding
    deadline = opco_deadline(order)
    citations: list[Citation] = []
    if case == "none":
        citations.append(
            cite(
                clause,
                "no OPCO funding: the client owes the total",
                "pas de prise en charge OPCO : le client doit le total",
            )
        )
    elif case == "late_request":
        assert funding is not None
        citations.append(
            cite(
                clause,
                f"the funding request of {funding.requested_on} came after the start"
                f" {order.session.start}: it is ignored and the client owes the total",
                f"la demande de prise en charge du {fmt.day(funding.requested_on)} est"
                f" postérieure au début de la formation ({fmt.day(order.session.start)}) : le"
                " client doit le total",
            )
        )
    elif case == "not_approved":
        citations.append(
            cite(
                clause,
                f"the OPCO had not approved the funding by {as_of}: its share is 0 and the"
                " client is responsible for the total",
                f"l'OPCO n'avait pas accordé sa prise en charge au {fmt.day(as_of)} : sa part"
                " est nulle et le client répond du total",
            )
        )
    elif case == "deadline_missed":
        assert deadline is not None
        citations.append(
            cite(
                clause,
                f"the OPCO had not paid its share in full by {deadline} (one month after"
                f" the end): the client owes the total less the {paid_by_funder} the OPCO"
                " paid",
                f"l'OPCO n'avait pas réglé sa part au {fmt.day(deadline)} (un mois après la"
                f" fin) : le client doit le total moins les {fmt.money(paid_by_funder)} versés"
                " par l'OPCO",
            )
        )
    else:
        assert funding is not None and funding.approved_on is not None
        citations.append(
            cite(
                clause,
                f"the OPCO approved {funding.approved_amount} on {funding.approved_on};"
                f" its share is {share} and the client owes the balance",
                f"l'OPCO a accordé {fmt.money(funding.approved_amount)} le"
                f" {fmt.day(funding.approved_on)} ; sa part est de {fmt.money(share)}, le client"
                " doit le solde",
            )
        )
    if funder_paid_more:
        citations.append(
            cite(
                clause,
                f"the OPCO paid {paid_by_funder}: what it actually paid counts, so the client's"
                " share is at most the total less that",
                f"l'OPCO a versé {fmt.money(paid_by_funder)} : ce qu'il a réellement payé compte,"
                " la part du client est au plus le total moins ce montant",
            )
        )
    if overpaid > 0:
        citations.append(
            cite(
                clause,
                f"client and OPCO paid {overpaid} more than the total: it is refunded, to the"
                " OPCO first for its part above its approved share, then to the client",
                f"le client et l'OPCO ont versé {fmt.money(overpaid)} de plus que le total : ce"
                " trop-perçu est remboursé, d'abord à l'OPCO pour sa part au-delà de la prise en"
                " charge accordée, puis au client",
            )
        )
    return tuple(citations)
