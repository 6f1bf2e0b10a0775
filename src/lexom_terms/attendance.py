"""Attendance in hours (RULEBOOK §16): who is invoiced what once the training is over.

Training not given cannot be invoiced as training, to anyone (Code du travail L6354-1): per
line, ``delivered = total × attended / planned``; the OPCO pays only training delivered, on the
certificate of completion (R6332-26); the hours not attended are the client's contractual
indemnity (the CGV: absence "ne donne lieu à aucune réduction"), invoiced apart, never to the
OPCO, with the VAT treatment of a fee (§12).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from . import display, fmt
from . import explain as ex
from .cgv.engine import check_cgv_channel, fee_vat_argument
from .cgv.registry import regime_for
from .enums import FeeVat, PersonKind
from .errors import InvalidInputError
from .explain import Lang, pick
from .models import Attendance, Order
from .money import CENT, ZERO
from .results import Citation, Result, cite, trusted

__all__ = ["AttendanceSplit", "attendance_split"]


class AttendanceSplit(Result):
    """RULEBOOK §16: the OPCO's part, the client's training part and the client's indemnity for
    the hours not attended; the three add up to the total (with force majeure, to the delivered
    amount)."""

    total: Decimal
    delivered: Decimal
    """The training delivered: Σ line total × attended / planned, each half-up."""
    opco: Decimal
    """What the OPCO is invoiced: min(approved, total) × delivered / total (0 when no funding
    counts under §8)."""
    client_training: Decimal
    """delivered − opco: the client's part of the training."""
    client_indemnity: Decimal
    """total − delivered: the hours not attended, an indemnity invoiced apart (0 with force
    majeure for a self-funded trainee)."""
    indemnity_excl_tax: Decimal
    indemnity_vat: Decimal
    opco_excl_tax: Decimal
    opco_vat: Decimal
    client_training_excl_tax: Decimal
    client_training_vat: Decimal
    delivered_by_line: dict[str, Decimal]
    certificate_hours: dict[str, Decimal]
    """The hours the certificate of completion states, line by line."""
    planned_hours: dict[str, Decimal]
    vat_rate: Decimal
    fee_vat: FeeVat
    force_majeure: bool = False
    citations: tuple[Citation, ...] = ()
    caveats: tuple[Citation, ...] = ()

    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp"})

    def _paragraphs(self, lang: Lang) -> list[str]:
        return _paragraphs(self, lang)

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return _figures(self, lang)


def _hours(value: Decimal) -> Decimal:
    """Hours as written: 14, 10.5 (not 14.00, 10.50)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _split(amount: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """RULEBOOK §12: (before VAT, VAT) of an amount including VAT."""
    if not amount:
        return ZERO, ZERO
    excl = _half_up(amount / (1 + rate))
    return excl, amount - excl


def _records(order: Order, attendance: Sequence[Attendance]) -> dict[str, Decimal]:
    ids = order.line_ids
    found: dict[str, Decimal] = {}
    for index, record in enumerate(attendance):
        if not isinstance(record, Attendance):
            raise InvalidInputError(
                f"attendance[{index}] is a {type(record).__name__}: give Attendance(line, hours)",
                field=f"attendance[{index}]",
                code="invalid_input",
            )
        if record.line not in ids:
            raise InvalidInputError(
                f"attendance[{index}] names line {record.line!r}, which is not a line of the"
                f" order; its lines are {', '.join(repr(i) for i in ids)}",
                field=f"attendance[{index}].line",
                code="unknown_line",
            )
        if record.line in found:
            raise InvalidInputError(
                f"attendance[{index}]: line {record.line!r} has two records; give one per line",
                field=f"attendance[{index}].line",
                code="attendance_repeated",
            )
        found[record.line] = record.hours
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInputError(
            f"attendance: no record for line(s) {', '.join(repr(i) for i in missing)}; every"
            " line needs the hours its trainee attended (0 when absent)",
            field="attendance",
            code="attendance_missing",
        )
    return found


def _planned(order: Order) -> dict[str, Decimal]:
    own = {line.id: line for line in order.lines}
    planned: dict[str, Decimal] = {}
    for line_id in order.line_ids:
        line = own.get(line_id)
        session = line.session if line is not None and line.session is not None else None
        hours = (session.hours if session is not None else None) or order.session.hours
        if hours is None:
            raise InvalidInputError(
                f"line {line_id!r}: neither its session nor the order's states its planned hours"
                " (Session.hours): an attendance in hours cannot be split without them",
                field="order.session.hours",
                code="hours_required",
            )
        planned[line_id] = hours
    return planned


def _funding_counts(order: Order) -> Decimal | None:
    """RULEBOOK §16 "Precisions": requested on or before the start and approved."""
    funding = order.funding
    if funding is None or funding.approved_on is None:
        return None
    if funding.requested_on > order.session.start:
        return None
    return funding.approved_amount


def attendance_split(
    order: Order,
    attendance: Sequence[Attendance],
    *,
    fee_vat: FeeVat = FeeVat.AS_SERVICE,
    force_majeure: bool = False,
) -> AttendanceSplit:
    """RULEBOOK §16: split the order's total by the hours attended, line by line."""
    check_cgv_channel(order)
    vat_policy = fee_vat_argument(fee_vat)
    attended = _records(order, attendance)
    planned = _planned(order)
    for line_id, hours in attended.items():
        if hours > planned[line_id]:
            raise InvalidInputError(
                f"line {line_id!r}: {hours} hours attended, above the {planned[line_id]} planned;"
                " hours attended are at most the planned hours",
                field="attendance",
                code="attendance_above_planned",
            )
    totals = order.line_totals
    delivered_by_line = {i: _half_up(totals[i] * attended[i] / planned[i]) for i in order.line_ids}
    total = order.total
    delivered = sum(delivered_by_line.values(), ZERO)
    approved = _funding_counts(order)
    opco = ZERO
    if approved is not None and total > 0:
        opco = _half_up(min(approved, total) * delivered / total)
    client_training = delivered - opco
    self_funded = order.client.kind == PersonKind.NATURAL and order.funding is None
    excused = bool(force_majeure) and self_funded
    indemnity = ZERO if excused else total - delivered
    rate = order.vat_rate
    if vat_policy is FeeVat.OUTSIDE_SCOPE:
        indemnity_split = (indemnity, ZERO)
    else:
        indemnity_split = _split(indemnity, rate)
    opco_split = _split(opco, rate)
    training_split = _split(client_training, rate)
    citations, caveats = _reasons(
        order, attended, planned, delivered, opco, approved, indemnity, vat_policy, force_majeure
    )
    values: dict[str, Any] = {
        "total": total,
        "delivered": delivered,
        "opco": opco,
        "client_training": client_training,
        "client_indemnity": indemnity,
        "indemnity_excl_tax": indemnity_split[0],
        "indemnity_vat": indemnity_split[1],
        "opco_excl_tax": opco_split[0],
        "opco_vat": opco_split[1],
        "client_training_excl_tax": training_split[0],
        "client_training_vat": training_split[1],
        "delivered_by_line": delivered_by_line,
        "certificate_hours": dict(attended),
        "planned_hours": planned,
        "vat_rate": rate,
        "fee_vat": vat_policy,
        "force_majeure": bool(force_majeure),
        "citations": citations,
        "caveats": caveats,
    }
    return trusted(AttendanceSplit, values)


def _reasons(
    order: Order,
    attended: dict[str, Decimal],
    planned: dict[str, Decimal],
    delivered: Decimal,
    opco: Decimal,
    approved: Decimal | None,
    indemnity: Decimal,
    fee_vat: FeeVat,
    force_majeure: bool,
) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    total = order.total
    hours = sum(attended.values(), ZERO)
    of = sum(planned.values(), ZERO)
    citations = [
        cite(
            "Code du travail L6354-1",
            f"only training given is invoiced as training: {_hours(hours)} of {_hours(of)} hours"
            " planned,"
            f" {delivered} of {total}",
            f"seule la formation dispensée est facturée comme formation : {fmt.number(_hours(hours))} h"
            f" sur {fmt.number(_hours(of))} h prévues, soit {ex.eur(delivered, 'fr')} sur"
            f" {ex.eur(total, 'fr')}",
        ),
        cite(
            "Code du travail R6332-26",
            "the OPCO pays the training delivered, on the certificate of completion, which"
            " states the hours attended line by line",
            "l'OPCO paie la formation réalisée, sur le certificat de réalisation, qui indique les"
            " heures suivies ligne par ligne",
        ),
    ]
    if approved is not None:
        share = min(approved, total)
        citations.append(
            cite(
                "Code du travail R6332-26",
                f"OPCO: {share} approved × {delivered} delivered / {total} = {opco}; the client"
                f" pays {delivered - opco} of the training",
                f"OPCO : {ex.eur(share, 'fr')} accordés × {ex.eur(delivered, 'fr')} réalisés /"
                f" {ex.eur(total, 'fr')} = {ex.eur(opco, 'fr')} ; le client paie"
                f" {ex.eur(delivered - opco, 'fr')} de formation",
            )
        )
    elif order.funding is not None:
        citations.append(
            cite(
                _funding_clause(order),
                "the funding does not count (requested after the start, or not approved): the"
                " OPCO is invoiced nothing and the client pays the training delivered",
                "la prise en charge ne compte pas (demandée après le début ou non accordée) :"
                " rien n'est facturé à l'OPCO, le client paie la formation réalisée",
            )
        )
    # the clause by which the absence of trainees gives no reduction (legacy §3.7, new §3.5)
    clauses = regime_for(order.cgv).clauses
    absence = clauses.trainee_absence or clauses.start
    missed = total - delivered
    caveats: list[Citation] = []
    self_funded = order.client.kind == PersonKind.NATURAL and order.funding is None
    if force_majeure and self_funded:
        citations.append(
            cite(
                "Code du travail L6353-7",
                f"a self-funded trainee stopped by force majeure owes only the hours delivered:"
                f" no indemnity for the {missed} not attended",
                f"le stagiaire qui finance lui-même sa formation, arrêté par force majeure, ne doit"
                f" que les heures réalisées : aucune indemnité pour les {ex.eur(missed, 'fr')}"
                " non suivis",
            )
        )
    elif indemnity > 0:
        citations.append(
            cite(
                absence,
                f"the absence of trainees gives no reduction: the hours not attended, {indemnity},"
                " are a contractual indemnity owed by the client, invoiced apart from the"
                " training and never to the OPCO",
                f"l'absence de stagiaires ne donne lieu à aucune réduction : les heures non"
                f" suivies, {ex.eur(indemnity, 'fr')}, sont un dédit dû par le client, facturé à"
                " part de la formation et jamais à l'OPCO",
            )
        )
        if force_majeure:
            citations.append(
                cite(
                    "Code civil 1218",
                    "force majeure does not excuse a debt of money: the indemnity stands for a"
                    " client other than a self-funded natural person",
                    "la force majeure n'exonère pas d'une dette d'argent : le dédit reste dû par"
                    " un client autre qu'une personne physique finançant sa formation",
                )
            )
        if fee_vat is FeeVat.OUTSIDE_SCOPE and order.vat_rate > 0:
            caveats.append(
                cite(
                    "Conseil d'État 472257",
                    "fee_vat='outside_scope' reads this indemnity as outside VAT, a reading the"
                    " Conseil d'État rejected on 9 October 2024 (n° 472257)",
                    "la lecture « hors champ » (fee_vat='outside_scope') traite ce dédit comme une"
                    " indemnité hors du champ de la TVA, lecture écartée par le Conseil d'État le"
                    " 9 octobre 2024 (n° 472257)",
                )
            )
        if order.client.is_consumer:
            caveats.append(
                cite(
                    "Code de la consommation R212-2",
                    "an indemnity charged to a consumer while the CGV give the consumer nothing"
                    " when LEXOM cancels is presumed abusive (2°); LEXOM may rebut the"
                    " presumption",
                    "un dédit mis à la charge d'un consommateur alors que les CGV ne lui accordent"
                    " rien en cas d'annulation par LEXOM est présumé abusif (2°) ; LEXOM peut"
                    " renverser la présomption",
                )
            )
            caveats.append(
                cite(
                    "Code civil 1231-5",
                    "an indemnity for hours not attended is a penalty clause a judge may reduce",
                    "le dédit pour heures non suivies est une clause pénale que le juge peut"
                    " modérer",
                )
            )
        if order.client.public_buyer is not None:
            caveats.append(
                cite(
                    "Code de la commande publique",
                    "a public contract's own terms (its CCAP, or the CCAG-FCS it cites) may set"
                    " the CGV's fees and indemnities aside",
                    "les pièces du marché public (son CCAP, ou le CCAG-FCS auquel il renvoie)"
                    " peuvent écarter les frais et dédits des CGV",
                )
            )
    return tuple(citations), tuple(caveats)


def _funding_clause(order: Order) -> str:
    return regime_for(order.cgv).clauses.funding


# --- explanation ---------------------------------------------------------------------------


def _paragraphs(r: AttendanceSplit, lang: Lang) -> list[str]:
    hours = ", ".join(
        f"{pick(lang, 'ligne', 'line')} {k}{' : ' if lang == 'fr' else ': '}"
        f"{fmt.number(_hours(v), lang)} h / {fmt.number(_hours(r.planned_hours[k]), lang)} h"
        for k, v in r.certificate_hours.items()
    )
    out = [
        pick(
            lang,
            f"Présence en heures ({hours}) : formation réalisée {ex.eur(r.delivered, lang)} sur"
            f" {ex.eur(r.total, lang)}.",
            f"Attendance in hours ({hours}): training delivered {ex.eur(r.delivered, lang)} of"
            f" {ex.eur(r.total, lang)}.",
        ),
        pick(
            lang,
            f"À facturer : à l'OPCO {ex.eur(r.opco, lang)} ; au client, formation"
            f" {ex.eur(r.client_training, lang)} et dédit pour heures non suivies"
            f" {ex.eur(r.client_indemnity, lang)} (facture à part).",
            f"To invoice: the OPCO {ex.eur(r.opco, lang)}; the client, training"
            f" {ex.eur(r.client_training, lang)} and an indemnity for hours not attended"
            f" {ex.eur(r.client_indemnity, lang)} (a separate invoice).",
        ),
    ]
    if r.client_indemnity > 0:
        if r.indemnity_vat == 0 and r.vat_rate > 0:
            vat = pick(
                lang,
                f"Dédit hors champ de la TVA (indemnité) : {ex.eur(r.indemnity_excl_tax, lang)}.",
                f"Indemnity outside the scope of VAT: {ex.eur(r.indemnity_excl_tax, lang)}.",
            )
        elif r.vat_rate == 0:
            vat = pick(
                lang,
                "Exonération de TVA — article 261-4-4° a du CGI.",
                "VAT exempt — CGI article 261-4-4° a.",
            )
        else:
            rate = fmt.rate(r.vat_rate, lang)
            vat = pick(
                lang,
                f"Dédit : {ex.eur(r.indemnity_excl_tax, lang)} HT et TVA {rate} :"
                f" {ex.eur(r.indemnity_vat, lang)}.",
                f"Indemnity: {ex.eur(r.indemnity_excl_tax, lang)} before VAT and VAT {rate}:"
                f" {ex.eur(r.indemnity_vat, lang)}.",
            )
        out.append(vat)
    out.append(
        pick(lang, "Pourquoi :", "Why:")
        + "\n"
        + ex.bullet_list([c.line(lang) for c in r.citations])
    )
    out.append(ex.citation_block(pick(lang, "Réserves :", "Caveats:"), r.caveats, lang))
    return out


def _figures(r: AttendanceSplit, lang: Lang) -> list[tuple[str, str]]:
    return [
        (pick(lang, "Total", "Total"), ex.eur(r.total, lang)),
        (pick(lang, "Formation réalisée", "Delivered"), ex.eur(r.delivered, lang)),
        ("OPCO", ex.eur(r.opco, lang)),
        (pick(lang, "Client : formation", "Client: training"), ex.eur(r.client_training, lang)),
        (pick(lang, "Client : dédit", "Client: indemnity"), ex.eur(r.client_indemnity, lang)),
    ]


display.register(
    AttendanceSplit, display.attendance_split_html
)  # its notebook display, found by type
