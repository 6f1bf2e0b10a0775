"""Late-payment interest and the recovery indemnity (RULEBOOK §9; legacy and new §3.4, same text).

    « des intérêts de retard calculé sur le taux directeur (taux de refinancement ou Refi)
    semestriel de la Banque centrale européenne (BCE), en vigueur au 1er janvier, majoré de 10
    points, sans être inférieur à un taux égal à trois fois le taux de l'intérêt légal. Ce taux
    est appliqué sur le TTC de la facture. [...] Pour les clients personne morale (entreprises)
    [...] une indemnité forfaitaire pour frais de recouvrement d'un montant de 40 € »

The overdue span is cut at every semester anchor (where the ECB reference and the legal rate
change), every year boundary (where an act/act denominator changes) and every payment, never
looped day by day; neighbouring pieces equal in principal, rate, basis and denominator are
merged into one :class:`InterestPeriod`, rounded to the cent. The total is the sum of the
rounded periods, so the breakdown adds up.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, NamedTuple

from . import fmt
from .calendar import MAX_DATE as _MAX_DAY
from .calendar import MIN_DATE as _MIN_DAY
from .calendar import add_years, as_date, semester_start
from .enums import Allocation, DayCount, EcbReference, PersonKind, PublicBuyer
from .errors import InvalidInputError
from .models import Client, InterestPolicy, Invoice
from .money import HUNDRED, MAX_AMOUNT, ZERO, round_cents
from .rates import RateTable, default_rates
from .results import Capitalisation, Citation, InterestClaim, InterestPeriod, cite, trusted
from .statute.public_procurement import (
    ACCESSORIES_DAYS,
    PUBLIC_BASIS,
    PUBLIC_RECOVERY_INDEMNITY,
    PublicRate,
    accessories_due_on,
    public_interest_rate,
)

#: "majoré de 10 points"
ECB_MARGIN = Decimal(10)
#: "sans être inférieur à un taux égal à trois fois le taux de l'intérêt légal"
LEGAL_MULTIPLE = Decimal(3)
#: Code de commerce D441-5: "le montant de l'indemnité forfaitaire [...] est fixé à 40 euros".
RECOVERY_INDEMNITY = Decimal("40.00")

_ONE = timedelta(days=1)
_LEGAL = PersonKind.LEGAL


@cache
def _default_policy() -> InterestPolicy:
    # built on first use: building a model's validator at import would slow `import lexom_terms`
    return InterestPolicy()


@dataclass(frozen=True, slots=True)
class DailyRate:
    """The annual rate that applies to one day, and why."""

    percent: Decimal
    basis: str
    provisional: bool


def reference_date(day: date, policy: EcbReference) -> date:
    """The date whose ECB rate a day of interest uses (RULEBOOK §9, policy ``ecb_reference``)."""
    if policy == EcbReference.JANUARY:
        return date(day.year, 1, 1)
    return semester_start(day)


def daily_rate(day: date, rates: RateTable, policy: InterestPolicy) -> DailyRate:
    """max(ECB at the reference date + 10 points, 3 × legal rate "autres cas" of the semester);
    "ECB+10" wins a tie. The rate is the same for every day of a semester, and tables are
    immutable, so each (semester, reference policy) is looked up once per table."""
    key = (day.year, day.month <= 6, policy.ecb_reference)
    memo = rates.memo
    found: DailyRate | None = memo.get(key)
    if found is None:
        found = memo[key] = _daily_rate(day, rates, policy)
    return found


def _daily_rate(day: date, rates: RateTable, policy: InterestPolicy) -> DailyRate:
    ecb = rates.ecb_rate(reference_date(day, policy.ecb_reference))
    legal = rates.legal_rate(day)
    ecb_plus = ecb.percent + ECB_MARGIN
    floor = LEGAL_MULTIPLE * legal.other_percent
    provisional = not (ecb.confirmed and legal.confirmed)
    if ecb_plus >= floor:
        return DailyRate(ecb_plus, "ECB+10", provisional)
    return DailyRate(floor, "3x legal", provisional)


def denominator(day: date, day_count: DayCount) -> int:
    if day_count == DayCount.ACT_ACT and _stdlib_calendar.isleap(day.year):
        return 366
    return 365


#: denominator × 100, the divisor of the formula, for each day count's denominator.
_DIVISOR = {365: 365 * HUNDRED, 366: 366 * HUNDRED}


def _interest(start: date, end: date, principal: Decimal, rate: DailyRate, denom: int) -> Decimal:
    """A period's interest, rounded to the cent: principal × rate × days / (denominator × 100)."""
    return _rounded(principal, rate, (end - start).days + 1, denom)


def _rounded(principal: Decimal, rate: DailyRate, days: int, denom: int) -> Decimal:
    return round_cents(principal * rate.percent * days / _DIVISOR[denom])


def _periods(pieces: list[list[Any]]) -> tuple[list[InterestPeriod], Decimal]:
    """The merged pieces as periods, each rounded to the cent, and their sum (the claim's
    interest: the sum of the rounded periods, so the breakdown adds up)."""
    found = []
    total = ZERO
    for start, end, principal, rate, denom in pieces:
        days = (end - start).days + 1
        interest = _rounded(principal, rate, days, denom)
        total += interest
        found.append(
            trusted(
                InterestPeriod,
                {
                    "start": start,
                    "end": end,
                    "days": days,
                    "principal": principal,
                    "annual_rate": rate.percent,
                    "basis": rate.basis,
                    "denominator": denom,
                    "interest": interest,
                },
            )
        )
    return found, total


def _day_argument(value: object, name: str) -> date:
    """A date argument, or its ``YYYY-MM-DD`` string, within the supported range (RULEBOOK §0
    "Input strictness")."""
    return as_date(value, name)


def _capitalisation_days(start: date, as_of: date) -> list[date]:
    """Code civil 1343-2: the day of the demand, then each anniversary, up to ``as_of``."""
    found: list[date] = []
    years = 0
    day = start
    while day <= as_of:
        found.append(day)
        years += 1
        day = add_years(start, years)
    return found


#: semester index (year × 2, + 1 for July–December) → its last day
_SEMESTER_ENDS: dict[int, date] = {}


def _semester_end(index: int) -> date:
    found = _SEMESTER_ENDS.get(index)
    if found is None:
        year, second = divmod(index, 2)
        found = _SEMESTER_ENDS[index] = date(year, 12, 31) if second else date(year, 6, 30)
    return found


def _walk(day: date, as_of: date, cuts: list[date]) -> Iterator[tuple[date, date, int]]:
    """THE interest period loop (RULEBOOK §9), shared by :func:`late_interest` and the audit's
    fast path :func:`claim_figures`: the pieces from ``day`` to ``as_of`` as (first day, last
    day, semester index). A piece runs to the earliest of the semester's last day (where rate
    and denominator may change: 30 June, 31 December), the next cut on or after its first day
    (``cuts`` sorted: a sum paid on p bears interest up to and including p) and ``as_of``. The
    caller merges, rounds and applies payments, and stops the walk (``break``) once nothing bears
    interest; it never loops day by day."""
    cut, cut_count = 0, len(cuts)
    index = day.year * 2 + (day.month > 6)
    ends, one = _SEMESTER_ENDS, _ONE  # locals: this loop is the hot path of an audit
    while day <= as_of:
        semester_end = ends.get(index) or _semester_end(index)
        end = semester_end if semester_end < as_of else as_of
        while cut < cut_count and cuts[cut] < day:
            cut += 1
        if cut < cut_count and cuts[cut] <= end:
            end = cuts[cut]
        yield day, end, index
        if end == semester_end:
            index += 1
        day = end + one


def late_interest(
    invoice: Invoice,
    as_of: date | str,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    claimed_through: date | str | None = None,
    capitalise_from: date | str | None = None,
) -> InterestClaim:
    """Interest and recovery indemnity owed on ``as_of`` (RULEBOOK §9; §11 for a public buyer).

    ``claimed_through``: interest through that day was claimed earlier (a first reminder); the
    claim holds only the interest accrued after it, and no second indemnity. ``capitalise_from``:
    the day capitalisation was asked for (a court demand, Code civil 1343-2): interest due for at
    least a whole year is added to the principal at the end of that day and of each anniversary.
    """
    if type(as_of) is not date:
        as_of = _day_argument(as_of, "as_of")
    through = None if claimed_through is None else _day_argument(claimed_through, "claimed_through")
    capitalise = (
        None if capitalise_from is None else _day_argument(capitalise_from, "capitalise_from")
    )
    if through is not None and through > as_of:
        raise InvalidInputError(
            f"claimed_through {through.isoformat()} is after as_of {as_of.isoformat()}: interest"
            " can only have been claimed up to the day of this claim; pass a date on or before"
            " as_of",
            field="claimed_through",
            code="claimed_after_as_of",
        )
    table = rates if rates is not None else default_rates()
    chosen = policy if policy is not None else _default_policy()
    # (day, amount) pairs: the loop below reads them often, attribute access costs.
    payments = [(p.on, p.amount) for p in invoice.payments if p.on <= as_of]
    payments.sort()
    due = invoice.due_on
    public = invoice.client.public_buyer is not None
    # RULEBOOK §11: a public buyer's payments go to the principal first whatever the policy says
    # (R2192-36 pays the accessories after the principal).
    interest_first = chosen.allocation == Allocation.INTEREST_FIRST and not public
    day_count = chosen.day_count
    fixed: DailyRate | None = None
    public_rate: PublicRate | None = None
    capital_days = _capitalisation_days(capitalise, as_of) if capitalise is not None else []
    # Where a piece must end: payment days (a sum paid on p bears interest up to and including
    # p), the day already claimed and the capitalisation days. Where it must also not be merged
    # with the next one: under interest_first, payment days (RULEBOOK §9: a period never runs
    # across a payment date), the day already claimed, the capitalisation days.
    cuts = [on for on, _ in payments]
    stops: set[date] = set(cuts) if interest_first else set()
    if through is not None or capital_days:
        extra = [*capital_days, *([through] if through is not None else [])]
        stops.update(extra)
        cuts = sorted({*cuts, *extra})

    principal = invoice.amount_incl_tax
    # Payments made on or before the due date reduce the principal before any interest runs.
    index, count = 0, len(payments)
    while index < count and payments[index][0] <= due:
        principal = max(ZERO, principal - payments[index][1])
        index += 1

    # Pieces as [start, end, base, rate, denominator]; a piece equal to the previous one in base,
    # rate, basis and denominator extends it (the merge of RULEBOOK §9).
    pieces: list[list[Any]] = []
    settled = ZERO
    spare = ZERO  # what payments left above the principal and the interest (RULEBOOK §9)
    capital = ZERO  # interest capitalised so far (Code civil 1343-2)
    capitalised: list[Capitalisation] = []
    accrual_start = due + _ONE  # first day of the interest not yet capitalised
    provisional = False
    last_unpaid: date | None = None
    paid_in_full_on: date | None = None
    semesters = table.memo.get(("fast", chosen.ecb_reference, day_count))
    if semesters is None:
        semesters = _semesters(table, chosen)
    base = principal
    for day, end, semester in _walk(due + _ONE, as_of, cuts) if base > ZERO else ():
        if public:
            if fixed is None:
                # R2192-31: one rate, read once, for the whole delay.
                public_rate = public_interest_rate(day, table)
                fixed = DailyRate(public_rate.percent, PUBLIC_BASIS, public_rate.provisional)
            rate = fixed
            denom = denominator(day, day_count)
        else:
            found = semesters.get(semester) or _semester(semesters, semester, day, table, chosen)
            rate, denom = found[3], found[4]
        if rate.provisional:
            provisional = True
        previous = pieces[-1] if pieces else None
        if (
            previous is not None
            and previous[2] == base
            # RULEBOOK §9 merges on the rate and its basis, not on where the rate came from: a
            # January-reference July with the same rate as June is one period, even though a
            # (provisional) legal rate of another semester was looked up for it.
            and (
                previous[3] is rate
                or (previous[3].percent == rate.percent and previous[3].basis == rate.basis)
            )
            and previous[4] == denom
            and previous[1] not in stops
        ):
            previous[1] = end
        else:
            pieces.append([day, end, base, rate, denom])
        last_unpaid = end
        following = end + _ONE
        while index < count and payments[index][0] <= end:
            paid = payments[index][1]
            if interest_first:
                # Code civil 1343-1: the payment settles the accrued interest first.
                accrued = sum((_interest(*p) for p in pieces), ZERO)
                to_interest = min(paid, accrued - settled)
                settled += to_interest
                paid -= to_interest
            to_principal = paid if paid < principal else principal
            principal -= to_principal
            if paid > to_principal and not interest_first:
                # principal_first (and every public buyer): the part above the unpaid principal
                # settles the interest accrued to its date, oldest first (capitalised interest
                # included, Code civil 1343-1), then the indemnity (RULEBOOK §9).
                settled, spare = _beyond_principal(pieces, settled, spare, paid - to_principal)
            if not principal and paid_in_full_on is None:
                paid_in_full_on = payments[index][0]
            index += 1
        if capital_days and end in capital_days:
            # 1343-2: "les intérêts échus, dus au moins pour une année entière": the interest not
            # yet capitalised joins the principal once it covers at least a whole year.
            accrued = sum((_interest(*p) for p in pieces), ZERO)
            fresh = accrued - settled - max(ZERO, capital - settled)
            if fresh > 0 and add_years(accrual_start, 1) <= following:
                capital += fresh
                capitalised.append(trusted(Capitalisation, {"on": end, "amount": fresh}))
                accrual_start = following
        base = principal + max(ZERO, capital - settled) if capital else principal
        if base <= ZERO:
            break

    periods, accrued = _periods(pieces)
    # Payments after the last day of interest (the principal was paid; on or before as_of) settle
    # the interest still owed (oldest first), then, under principal_first, the indemnity.
    while index < count:
        paid = payments[index][1]
        to_principal = paid if paid < principal else principal
        principal -= to_principal
        if paid > to_principal:
            rest = paid - to_principal
            to_interest = min(rest, accrued - settled)
            settled += to_interest
            if not interest_first:
                spare += rest - to_interest
        index += 1
    days_late = (last_unpaid - due).days if last_unpaid is not None else 0
    if through is not None:
        # Interest through ``through`` was claimed earlier: keep what accrued after it. What
        # payments settled goes to the oldest interest first (the one claimed before).
        before = sum((p.interest for p in periods if p.end <= through), ZERO)
        periods = [p for p in periods if p.end > through]
        settled = max(ZERO, settled - before)
        accrued -= before
    kind = "trader" if public else _kind(invoice.client)
    # The indemnity is owed once per late invoice: a claim that follows one made after the
    # first late day does not ask for it again.
    first_claim = through is None or through <= due
    owes_indemnity = kind == "trader"
    indemnity = RECOVERY_INDEMNITY if (days_late > 0 and owes_indemnity and first_claim) else ZERO
    outstanding = accrued - settled
    # What payments left above the principal and the interest settles the indemnity; the rest is
    # overpaid, never counted in the claim (RULEBOOK §9).
    indemnity_settled = min(spare, indemnity)
    # R2192-36: interest and indemnity payable 45 days after the principal (public buyers only).
    accessories = accessories_due_on(paid_in_full_on, days_late) if public else None
    _within_ceiling(invoice, accrued + indemnity)
    return trusted(
        InterestClaim,
        {
            "invoice_number": invoice.number,
            "days_late": days_late,
            "periods": tuple(periods),
            "interest": accrued,
            "interest_settled": settled,
            "interest_outstanding": outstanding,
            "principal_outstanding": principal,
            "recovery_indemnity": indemnity,
            "total": outstanding + indemnity - indemnity_settled,
            "policy": chosen,
            "citations": _with_notes(
                _citations(
                    invoice, kind, days_late, public_rate, first_claim and owes_indemnity, chosen
                ),
                _claim_notes(invoice, through, capitalise, paid_in_full_on, accessories),
            ),
            "caveats": _caveats(invoice, kind, as_of, days_late, accrued)
            + _capitalisation_caveats(invoice, capitalise),
            "accessories_due_on": accessories,
            "claimed_through": through,
            "capitalise_from": capitalise,
            "capitalised": tuple(capitalised),
            "lapses_after": lapses_after(invoice.client, due),
        },
        _rates_id=table.digest,
        _provisional=provisional,
        _cgv=invoice.cgv,
    )


def _beyond_principal(
    pieces: list[list[Any]], settled: Decimal, spare: Decimal, excess: Decimal
) -> tuple[Decimal, Decimal]:
    """A payment's part above the unpaid principal: the interest accrued to its date (the
    rounded pieces so far) first, the rest set aside for the indemnity."""
    accrued = sum((_interest(*p) for p in pieces), ZERO)
    to_interest = min(excess, accrued - settled)
    return settled + to_interest, spare + excess - to_interest


def lapses_after(client: Client, due: date) -> date:
    """RULEBOOK §9, §20 (``InterestClaim.lapses_after``): the last day before the claim's time
    bar. A consumer: due + 2 years (Code de la consommation L218-2); the State, a local
    authority or a public establishment (``state``, ``health``): 31 December of the fourth year
    after the year it fell due (loi 68-1250 art. 1, the quadrennial lapse); anyone else
    (a public undertaking included): due + 5 years (Code de commerce L110-4, Code civil 2224)."""
    if client.public_buyer in _QUADRENNIAL:
        return date(due.year + 4, 12, 31)
    if client.public_buyer is None and _kind(client) == "consumer":
        return add_years(due, 2)
    return add_years(due, 5)


def lapse_caveats(client: Client, claim: InterestClaim) -> tuple[Citation, ...]:
    """RULEBOOK §20: a late claim on the State, a local authority or a public establishment
    states the day its quadrennial lapse falls (the audit's caveat column, a letter's notes for
    the sender); once it has lapsed, the claim's own caveat says so instead (§11)."""
    lapses = claim.lapses_after
    if client.public_buyer not in _QUADRENNIAL or claim.days_late <= 0 or lapses is None:
        return ()
    if any(c.source == "Loi 68-1250 article 1" for c in claim.caveats):
        return ()
    return (_lapses_on(lapses),)


@lru_cache(maxsize=256)
def _lapses_on(lapses: date) -> Citation:
    return cite(
        "Loi 68-1250 article 1",
        f"a claim on the State, a local authority or a public establishment lapses after"
        f" {fmt.day(lapses, 'en')} (déchéance quadriennale) unless a written request, a reminder,"
        " a claim in court or a partial payment interrupts it",
        f"une créance sur l'État, une collectivité ou un établissement public est prescrite après"
        f" le {fmt.day(lapses)} (déchéance quadriennale), sauf interruption par une réclamation"
        " écrite, une relance, une action en justice ou un paiement partiel",
    )


@lru_cache(maxsize=64)
def _public_capitalisation(capitalise: date) -> Citation:
    return cite(
        "Code civil 1343-2",
        "toward a public buyer the administrative judge capitalises from the first date on which"
        " a whole year of interest is due, then yearly from that date: pass that date as"
        f" capitalise_from to follow it (here {fmt.day(capitalise, 'en')})",
        "envers un acheteur public, le juge administratif capitalise à compter de la première"
        " date à laquelle une année entière d'intérêts est due, puis chaque année à cette date :"
        " passer cette date comme capitalise_from pour le suivre (ici le"
        f" {fmt.day(capitalise)})",
    )


def _capitalisation_caveats(invoice: Invoice, capitalise: date | None) -> tuple[Citation, ...]:
    """RULEBOOK §9: the administrative judge's own reading of 1343-2, for a public buyer."""
    if capitalise is None or invoice.client.public_buyer is None:
        return ()
    return (_public_capitalisation(capitalise),)


# --- citations and caveats ---------------------------------------------------------------------
# The same few sentences serve every late invoice of a ledger: each set is built once per key.
_LATE_CITATIONS: dict[tuple[Any, ...], tuple[Citation, ...]] = {}


def _kind(client: Client) -> str:
    """ "trader" (a professional), "consumer" (a natural person not acting professionally) or
    "non_professional" (a legal person with ``professional=False``: RULEBOOK §0)."""
    if client.professional is None:
        return "trader" if client.kind == _LEGAL else "consumer"
    if client.professional:
        return "trader"
    return "non_professional" if client.kind == _LEGAL else "consumer"


def _citations(
    invoice: Invoice,
    kind: str,
    days_late: int,
    public_rate: PublicRate | None,
    indemnity_asked: bool,
    policy: InterestPolicy,
) -> tuple[Citation, ...]:
    """Why the claim is what it is: the clause (or the Code de la commande publique), the rate's
    reading and the indemnity."""
    if days_late <= 0:
        return (_on_time(_interest_clause(invoice), invoice),)
    if public_rate is not None:
        key: tuple[Any, ...] = ("public", public_rate, indemnity_asked)
    else:
        key = (kind, invoice.cgv, policy.ecb_reference, indemnity_asked)
    found = _LATE_CITATIONS.get(key)
    if found is None:
        found = _LATE_CITATIONS[key] = _build_citations(key, _interest_clause(invoice))
    return found


def _interest_clause(invoice: Invoice) -> str:
    """The interest clause of the invoice's CGV version, as cited (``legacy-15 §3.4``): the
    version's declaration says where it sits (``Regime.clauses.interest``)."""
    from .cgv.registry import regime_for  # the registry imports the engine, which imports this

    return regime_for(invoice.cgv).clauses.interest


def _on_time(clause: str, invoice: Invoice) -> Citation:
    return cite(
        clause,
        f"invoice {invoice.number} was not late on the day considered (due"
        f" {fmt.day(invoice.due_on, 'en')}): no interest and no indemnity",
        f"la facture {invoice.number} n'était pas en retard au jour considéré (échéance le"
        f" {fmt.day(invoice.due_on)}) : ni intérêts ni indemnité",
    )


def _build_citations(key: tuple[Any, ...], clause: str) -> tuple[Citation, ...]:
    if key[0] == "public":
        return _public_citations(key[1], key[2])
    kind, _, reference, indemnity_asked = key
    found = [_clause_citation(kind, clause, reference)]
    if kind == "trader":
        found.append(_l441_10(reference))
        if indemnity_asked:
            found.append(
                cite(
                    "Code de commerce D441-5",
                    "a professional client owes a flat EUR 40.00 recovery indemnity per late"
                    " invoice",
                    f"un client professionnel doit une indemnité forfaitaire de"
                    f" {fmt.money(RECOVERY_INDEMNITY)} par facture payée en retard",
                ),
            )
        else:
            found.append(_indemnity_claimed_before(clause))
    elif kind == "consumer":
        found.append(
            cite(
                clause,
                'the EUR 40.00 recovery indemnity applies to professional clients only ("personne'
                ' morale (entreprises)"): a consumer owes none',
                f"l'indemnité forfaitaire de {fmt.money(RECOVERY_INDEMNITY)} ne s'applique qu'aux"
                " clients professionnels (« personne morale (entreprises) ») : un consommateur"
                " n'en doit pas",
            )
        )
    else:
        found.append(
            cite(
                clause,
                'the EUR 40.00 recovery indemnity is for companies ("personne morale'
                ' (entreprises)") and Code de commerce L441-10 binds professionals only: a'
                " non-professional legal person owes none",
                f"l'indemnité forfaitaire de {fmt.money(RECOVERY_INDEMNITY)} vise les entreprises"
                " (« personne morale (entreprises) ») et l'article L441-10 du Code de commerce ne"
                " lie que les professionnels : une personne morale non professionnelle n'en doit"
                " pas",
            )
        )
    return tuple(found)


_REFERENCE = {
    EcbReference.SEMESTER: (
        "the ECB rate in force on 1 January applies to January–June, the one in force on 1 July"
        " to July–December",
        "le taux BCE en vigueur au 1er janvier s'applique de janvier à juin, celui du 1er juillet"
        " de juillet à décembre",
    ),
    EcbReference.JANUARY: (
        "reading chosen: the ECB rate in force on 1 January applies all year, as the clause's"
        " words say",
        "lecture retenue : le taux BCE en vigueur au 1er janvier s'applique toute l'année, à la"
        " lettre de la clause",
    ),
}


def _clause_citation(kind: str, clause: str, reference: EcbReference) -> Citation:
    rate_en = "at max(ECB main refinancing rate + 10 points, 3 × the legal rate)"
    rate_fr = "au taux max(taux de refinancement BCE + 10 points, 3 × le taux légal)"
    if kind == "trader":
        # The reading of the ECB reference day goes with Code de commerce L441-10's citation.
        return cite(
            clause,
            "interest runs from the day after the due date on the unpaid amount incl. VAT,"
            f" {rate_en}, without any formal notice",
            "les intérêts courent dès le lendemain de l'échéance sur le TTC impayé,"
            f" {rate_fr}, sans mise en demeure",
        )
    en, fr = _REFERENCE[reference]
    rate_en = f"{rate_en} ({en}), without any formal notice"
    rate_fr = f"{rate_fr} ({fr}), sans mise en demeure"
    who_en, who_fr = (
        ("a consumer", "un consommateur")
        if kind == "consumer"
        else ("a non-professional", "un non-professionnel")
    )
    # Code de commerce L441-10 governs dealings between professionals only: toward a consumer or
    # a non-professional the §3.4 rate stands as a contractual penalty (RULEBOOK §9).
    return cite(
        clause,
        f"toward {who_en} the clause applies as a contractual penalty: interest from the day"
        f" after the due date on the unpaid amount incl. VAT, {rate_en}; Code de commerce L441-10"
        " (formerly L441-6, the number the CGV cite) governs dealings between professionals only"
        " and does not govern this claim",
        f"envers {who_fr}, la clause s'applique comme clause pénale : intérêts dès le lendemain de"
        f" l'échéance sur le TTC impayé, {rate_fr} ; l'article L441-10 du Code de commerce"
        " (anciennement L441-6, cité par les CGV) ne régit que les relations entre professionnels"
        " et ne fonde pas cette réclamation",
    )


def _l441_10(reference: EcbReference) -> Citation:
    en, fr = _REFERENCE[reference]
    return cite(
        "Code de commerce L441-10",
        "governs late payment between professionals (the CGV still cite its former number,"
        f' L441-6): {en}; the legal rate is the one for "tous les autres cas", LEXOM being a'
        " company",
        "régit les retards de paiement entre professionnels (anciennement L441-6, cité par les"
        f" CGV) : {fr} ; le taux légal retenu est celui des « autres cas », LEXOM étant une"
        " société",
    )


def _indemnity_claimed_before(source: str) -> Citation:
    return cite(
        source,
        "the flat EUR 40.00 indemnity is owed once per late invoice: it was part of the earlier"
        " claim and is not asked again",
        f"l'indemnité forfaitaire de {fmt.money(RECOVERY_INDEMNITY)} est due une fois par facture"
        " : elle figurait dans la réclamation précédente et n'est pas demandée à nouveau",
    )


def _public_citations(rate: PublicRate, indemnity_asked: bool) -> tuple[Citation, ...]:
    found = [
        cite(
            "Code de la commande publique L2192-13",
            "a public buyer's late payment makes late-payment interest and a flat recovery"
            " indemnity run of right; they replace the CGV §3.4 rate and indemnity",
            "le retard de paiement d'un acheteur public fait courir de plein droit des intérêts"
            " moratoires et une indemnité forfaitaire pour frais de recouvrement ; ils"
            " remplacent le taux et l'indemnité de l'article 3.4 des CGV",
        ),
        cite(
            "Code de la commande publique R2192-31",
            f"ECB main refinancing rate in force on {fmt.day(rate.reference, 'en')}, the first"
            " day of the semester in which interest started"
            f" ({fmt.percent(rate.ecb_percent, 'en', places=2)}), + 8 points ="
            f" {fmt.percent(rate.percent, 'en', places=2)}, fixed for the whole delay (no change on"
            " 1 January or 1 July, no 3 × legal-rate floor)",
            f"taux de refinancement BCE en vigueur le {fmt.day(rate.reference)}, premier jour du"
            " semestre au cours duquel les intérêts ont commencé à courir"
            f" ({fmt.percent(rate.ecb_percent, places=2)}), majoré de 8 points :"
            f" {fmt.percent(rate.percent, places=2)}, fixe pour toute la durée du retard (sans changement"
            " au 1er janvier ni au 1er juillet, sans plancher de 3 × le taux légal)",
        ),
    ]
    if indemnity_asked:
        found.append(
            cite(
                "Code de la commande publique D2192-35",
                "a flat EUR 40.00 recovery indemnity per late invoice, whatever the public buyer",
                f"une indemnité forfaitaire de {fmt.money(PUBLIC_RECOVERY_INDEMNITY)} par facture"
                " payée en retard, quel que soit l'acheteur public",
            )
        )
    else:
        found.append(_indemnity_claimed_before("Code de la commande publique D2192-35"))
    return tuple(found)


def _with_notes(cited: tuple[Citation, ...], notes: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The claim's own sentences go before the indemnity's, which stays last (as ``check_invoice``
    and the audit read it)."""
    if not notes:
        return cited
    return (*cited[:-1], *notes, cited[-1])


def _claim_notes(
    invoice: Invoice,
    through: date | None,
    capitalise: date | None,
    principal_paid_on: date | None,
    accessories: date | None,
) -> tuple[Citation, ...]:
    """The sentences proper to this claim: interest claimed before, capitalisation, and a public
    buyer's 45 days (R2192-36). Each is memoised on its dates: a ledger's second reminders
    share one ``claimed_through``."""
    if through is None and capitalise is None and accessories is None:
        return ()
    found: list[Citation] = []
    if through is not None:
        public = invoice.client.public_buyer is not None
        source = "Code de la commande publique R2192-31" if public else _interest_clause(invoice)
        found.append(_claimed_before(source, through))
    if capitalise is not None:
        found.append(_capitalisation_note(capitalise))
    if principal_paid_on is not None and accessories is not None:
        found.append(_accessories_note(principal_paid_on, accessories))
    return tuple(found)


@lru_cache(maxsize=1024)
def _claimed_before(source: str, through: date) -> Citation:
    after = through + _ONE
    return cite(
        source,
        f"interest through {fmt.day(through, 'en')} was claimed earlier: this claim counts only"
        f" the interest accrued from {fmt.day(after, 'en')} on",
        f"les intérêts jusqu'au {fmt.day(through)} inclus ont déjà été réclamés : cette"
        f" réclamation ne compte que les intérêts courus à partir du {fmt.day(after)}",
    )


@lru_cache(maxsize=1024)
def _capitalisation_note(capitalise: date) -> Citation:
    return cite(
        "Code civil 1343-2",
        f"capitalisation ordered by a court from {fmt.day(capitalise, 'en')} (the CGV have no"
        " anatocism clause): interest due for at least a whole year is added to the principal at"
        " the end of that day and of each anniversary, and bears interest from the next day",
        f"capitalisation ordonnée par le juge à compter du {fmt.day(capitalise)} (les CGV ne"
        " prévoient pas d'anatocisme) : les intérêts dus pour au moins une année entière"
        " s'ajoutent au principal à la fin de ce jour et de chaque date anniversaire, et"
        " produisent intérêt dès le lendemain",
    )


@lru_cache(maxsize=1024)
def _accessories_note(principal_paid_on: date, due: date) -> Citation:
    return cite(
        "Code de la commande publique R2192-36",
        f"the principal was paid in full on {fmt.day(principal_paid_on, 'en')}: interest and"
        f" indemnity are payable within {ACCESSORIES_DAYS} days, by {fmt.day(due, 'en')}",
        f"le principal a été payé en totalité le {fmt.day(principal_paid_on)} : intérêts et"
        f" indemnité sont payables dans les {ACCESSORIES_DAYS} jours, au plus tard le"
        f" {fmt.day(due)}",
    )


_PENALTY_CAVEATS = (
    (
        "Code civil 1231-5",
        "toward {who} the §3.4 rate is a contractual penalty a judge may reduce",
        "envers {who_fr}, le taux de l'article 3.4 est une clause pénale que le juge peut modérer",
    ),
    (
        "Code civil 1231-6",
        "without the clause, {who} would owe legal interest only from a formal notice",
        "sans la clause, {who_fr} ne devrait que l'intérêt légal à compter d'une mise en demeure",
    ),
)


def _caveats(
    invoice: Invoice, kind: str, as_of: date, days_late: int, accrued: Decimal
) -> tuple[Citation, ...]:
    """RULEBOOK §9: the penalty caveats toward a consumer (and a non-professional), and the time
    bar once ``as_of`` is past it (a public buyer counts as a "trader" here: never a consumer).
    The figures stay as computed."""
    found: tuple[Citation, ...] = ()
    if kind != "trader" and accrued > 0:
        key = ("penalty", kind)
        cached = _LATE_CITATIONS.get(key)
        if cached is None:
            who, who_fr = (
                ("a consumer", "un consommateur")
                if kind == "consumer"
                else ("a non-professional", "un non-professionnel")
            )
            cached = _LATE_CITATIONS[key] = tuple(
                cite(source, en.format(who=who), fr.format(who_fr=who_fr))
                for source, en, fr in _PENALTY_CAVEATS
            )
        found = cached
    if days_late > 0:
        years = 2 if kind == "consumer" else 5
        due = invoice.due_on
        buyer = invoice.client.public_buyer
        if buyer in _QUADRENNIAL:
            # Loi 68-1250 art. 1 (docs/decisions.md): a debt of the State, a local authority or
            # a public establishment lapses four years from 1 January of the year after the one
            # it fell due in — before the five years of L110-4 that RULEBOOK §9 names.
            barred_after = date(due.year + 4, 12, 31)
            if as_of > barred_after:
                found += (_quadrennial(barred_after),)
        # Cheap test first: a claim within the bar's years cannot be barred.
        elif as_of.year - due.year >= years and as_of > (barred_after := add_years(due, years)):
            found += _time_bar(kind == "consumer", barred_after)
    return found


#: Public buyers whose debts fall under the déchéance quadriennale (loi 68-1250: the State,
#: local authorities, their public establishments); not public undertakings.
_QUADRENNIAL = frozenset({PublicBuyer.STATE, PublicBuyer.HEALTH})


def _quadrennial(barred_after: date) -> Citation:
    since_en, since_fr = fmt.day(barred_after, "en"), fmt.day(barred_after)
    return cite(
        "Loi 68-1250 article 1",
        "a claim on the State, a local authority or a public establishment lapses four years"
        " from 1 January of the year after it fell due (déchéance quadriennale), here since the"
        f" end of {since_en}: the public accountant will plead it",
        "une créance sur l'État, une collectivité ou un établissement public est prescrite"
        " quatre ans après le 1er janvier de l'année suivant son échéance (déchéance"
        f" quadriennale), ici depuis la fin du {since_fr} : le comptable public l'opposera",
    )


def _time_bar(consumer: bool, barred_after: date) -> tuple[Citation, ...]:
    since_en, since_fr = fmt.day(barred_after, "en"), fmt.day(barred_after)
    if consumer:
        return (
            cite(
                "Code de la consommation L218-2",
                "a professional's claim against a consumer is time-barred two years after the"
                f" due date, here since the end of {since_en}: the consumer may plead it",
                "l'action d'un professionnel contre un consommateur se prescrit par deux ans à"
                f" compter de l'échéance, ici depuis la fin du {since_fr} : le consommateur peut"
                " l'opposer",
            ),
        )
    return (
        cite(
            "Code de commerce L110-4",
            "claims arising from trade are time-barred five years after the due date, here since"
            f" the end of {since_en}: the debtor may plead it",
            "les obligations nées du commerce se prescrivent par cinq ans à compter de"
            f" l'échéance, ici depuis la fin du {since_fr} : le débiteur peut l'opposer",
        ),
        cite(
            "Code civil 2224",
            "personal actions are time-barred five years after the creditor could act",
            "les actions personnelles se prescrivent par cinq ans à compter du jour où le"
            " créancier a pu agir",
        ),
    )


# --- the audit's fast path ---------------------------------------------------------------------


class ClaimFigures(NamedTuple):
    """The figures of an :class:`InterestClaim` that a ledger audit reports, without its periods
    and citations (see :func:`claim_figures`)."""

    days_late: int
    principal_outstanding: Decimal
    interest: Decimal
    interest_settled: Decimal
    interest_outstanding: Decimal
    recovery_indemnity: Decimal
    total: Decimal
    provisional: bool
    caveats: tuple[Citation, ...]
    caveats_key: tuple[Any, ...]
    """what the caveats depend on (equal keys, equal caveats): lets a caller memoise their
    rendering"""


def _semesters(rates: RateTable, policy: InterestPolicy) -> dict[int, Any]:
    """The table's semesters as the fast path reads them (filled by :func:`_semester`), kept
    in the table's memo per ECB reference and day count."""
    memo = rates.memo
    key = ("fast", policy.ecb_reference, policy.day_count)
    found: dict[int, Any] | None = memo.get(key)
    if found is None:
        found = memo[key] = {}
    return found


#: (percent, basis, denominator) → a small integer: the periods' merge key
_MERGE_KEYS: dict[tuple[Decimal, str, int], int] = {}


def _semester(
    semesters: dict[int, Any], index: int, day: date, rates: RateTable, policy: InterestPolicy
) -> tuple[int, tuple[int, int], bool, DailyRate, int]:
    """Semester ``index`` (year × 2, + 1 for July–December), as the period loop reads it: the
    merge key of its rate (equal keys: equal percent, basis and denominator, the merge of
    RULEBOOK §9), the divisor-ready integer ratio of its rate (the fast path's), whether the
    rate is provisional, the rate and the denominator. Raises :class:`MissingRateError` as
    :func:`daily_rate` does for a semester the table lacks, naming ``day``, the semester's first
    day of interest (both paths look a semester up on that day)."""
    rate = daily_rate(day, rates, policy)
    denom = denominator(day, policy.day_count)
    num, den = rate.percent.as_integer_ratio()
    merge = _MERGE_KEYS.setdefault((rate.percent, rate.basis, denom), len(_MERGE_KEYS))
    # cents × percent × days / (denominator × 100): the rate's own denominator joins the divisor
    found = semesters[index] = (merge, (num, den * denom * 100), rate.provisional, rate, denom)
    return found


#: (due date, years) → the day a claim is time-barred after (add_years is dateutil's, slow)
_BARRED: dict[tuple[date, int], date] = {}
#: caveats_key → the caveats (the time bar's date is in the key: bounded, see _fast_caveats)
_FAST_CAVEATS: dict[tuple[Any, ...], tuple[Citation, ...]] = {}


def claim_figures(
    invoice: Invoice, as_of: date, rates: RateTable, policy: InterestPolicy
) -> ClaimFigures | None:
    """The figures :func:`late_interest` would give for ``invoice`` on ``as_of`` (no earlier
    claim, no capitalisation), computed without building the claim, for the common case of a
    ledger audit: a client that is not a public buyer, the ``principal_first`` allocation, any
    day count and ECB reference, any number of payments, a positive rate. ``None`` outside that
    case: the caller then calls :func:`late_interest` (``test_interest_fast`` checks both give
    the same figures, to the exponent).

    Each period's interest is principal × rate × days / (denominator × 100), rounded half-up to
    the cent, computed exactly in integers: cents × numerator × days against denominator × 100 ×
    the rate's own denominator. Decimal's 28 digits hold every such product of amounts up to
    :data:`~lexom_terms.money.MAX_AMOUNT` exactly, so both roundings see the same quotient."""
    if (
        type(as_of) is not date
        or not _MIN_DAY <= as_of <= _MAX_DAY
        or policy.allocation is not Allocation.PRINCIPAL_FIRST
    ):
        return None
    client = invoice.client
    if client.public_buyer is not None:
        return None
    given = invoice.payments
    payments = [(p.on, p.amount) for p in given if p.on <= as_of] if given else []
    count = len(payments)
    if count > 1:
        payments.sort()
    due = invoice.due_on
    principal = invoice.amount_incl_tax
    index = 0
    while index < count and payments[index][0] <= due:
        principal = max(ZERO, principal - payments[index][1])
        index += 1
    semesters = rates.memo.get(("fast", policy.ecb_reference, policy.day_count))
    if semesters is None:
        semesters = _semesters(rates, policy)
    provisional = False
    total = 0  # cents
    last_unpaid: date | None = None
    # the open period: first and last day, the rate's merge key, its integer ratio, the cents
    start = end = due
    key_open = -1
    num = den = cents = 0
    base = principal
    fresh = True  # base changed since the cents were taken
    # payment days after the due date end a piece (the period loop's cuts)
    cuts = [on for on, _ in payments[index:]] if index < count else []
    for day, piece_end, semester in _walk(due + _ONE, as_of, cuts) if base > ZERO else ():
        found = semesters.get(semester) or _semester(semesters, semester, day, rates, policy)
        key, ratio, rate_provisional, _, _ = found
        if rate_provisional:
            provisional = True
        if key == key_open and not fresh:
            end = piece_end
        else:
            if key_open >= 0:
                total += (2 * cents * num * ((end - start).days + 1) + den) // (2 * den)
            if fresh:
                scaled = base.scaleb(2)
                cents = int(scaled)
                if cents != scaled:
                    return None  # a principal below the cent (a hand-built invoice)
                fresh = False
            num, den = ratio
            if num <= 0:  # pragma: no cover - ECB + 10 points is never below zero
                return None
            start, end, key_open = day, piece_end, key
        last_unpaid = piece_end
        while index < count and payments[index][0] <= piece_end:
            paid = payments[index][1]
            if paid > principal:
                return None  # the excess settles interest and indemnity: the general path
            principal -= paid
            index += 1
        if principal != base:
            fresh = True
            base = principal
            if base <= ZERO:
                break
    if key_open >= 0:
        total += (2 * cents * num * ((end - start).days + 1) + den) // (2 * den)
    if index < count:
        return None  # a payment after the principal settles interest, indemnity: general path
    while index < count:
        principal = max(ZERO, principal - payments[index][1])
        index += 1
    days_late = (last_unpaid - due).days if last_unpaid is not None else 0
    # the sum of the rounded periods, two places as the general path's sum of cents has
    accrued = Decimal(total).scaleb(-2) if total else ZERO
    professional = client.professional
    if professional is None:
        kind = "trader" if client.kind == _LEGAL else "consumer"
    else:
        kind = _kind(client)
    indemnity = RECOVERY_INDEMNITY if days_late > 0 and kind == "trader" else ZERO
    outstanding = accrued  # nothing settled: interest_settled is ZERO under principal_first
    barred: date | None = None
    if days_late > 0:
        years = 2 if kind == "consumer" else 5
        if as_of.year - due.year >= years:
            barred_after = _BARRED.get((due, years))
            if barred_after is None:
                if len(_BARRED) > 8192:
                    _BARRED.clear()
                barred_after = _BARRED[due, years] = add_years(due, years)
            if as_of > barred_after:
                barred = barred_after
    if accrued + indemnity > MAX_AMOUNT:
        return None  # late_interest refuses it, with its code
    caveats_key = (kind, total > 0, barred)
    caveats = _FAST_CAVEATS.get(caveats_key)
    if caveats is None:
        if len(_FAST_CAVEATS) > 4096:
            _FAST_CAVEATS.clear()
        caveats = _FAST_CAVEATS[caveats_key] = _caveats(invoice, kind, as_of, days_late, accrued)
    return _new_figures(
        ClaimFigures,
        (
            days_late,
            principal,
            accrued,
            ZERO,
            outstanding,
            indemnity,
            outstanding + indemnity if indemnity else outstanding,
            provisional,
            caveats,
            caveats_key,
        ),
    )


_new_figures = tuple.__new__


def _within_ceiling(invoice: Invoice, total: Decimal) -> None:
    """A claim's figures are amounts a caller passes back (a payment of the interest, a claimed
    line, a model): none may exceed the money ceiling every amount is read within (RULEBOOK §0,
    :data:`~lexom_terms.money.MAX_AMOUNT`). Refused rather than returned unusable."""
    if total > MAX_AMOUNT:
        raise InvalidInputError(
            f"invoice {invoice.number}: the interest and indemnity owed ({total}) exceed"
            f" {MAX_AMOUNT}, the largest amount the library reads back",
            field="invoice",
            code="total_too_large",
        )
