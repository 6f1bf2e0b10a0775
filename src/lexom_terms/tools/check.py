"""``check_invoice``: what LEXOM invoiced against what the rules give, line by line — the
disputed-invoice workflow ("the client cancelled 20 days before: what do they owe, and why?")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import display, fmt
from .. import explain as ex
from ..api import cancel, late_interest, postpone
from ..calendar import as_date
from ..errors import InvalidInputError
from ..explain import Lang
from ..interest_text import formula
from ..models import InterestPolicy, Invoice, Notice, Order
from ..money import Money
from ..rates import RateTable
from ..results import InterestClaim, Result


class Claimed(BaseModel):
    """The amounts LEXOM invoiced; only the lines given are checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    event: Literal["cancellation", "postponement"] = Field(
        default="cancellation", description="what the fee was invoiced for"
    )
    fee: Money | None = Field(default=None, description="the fee invoiced, euros")
    refund: Money | None = Field(default=None, description="the refund granted, euros")
    interest: Money | None = Field(default=None, description="the interest invoiced, euros")
    recovery_indemnity: Money | None = Field(
        default=None, description="the recovery indemnity invoiced, euros"
    )


class CheckLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    item: str
    claimed: Decimal
    computed: Decimal
    difference: Decimal
    """``claimed − computed``."""
    source: str
    text: str
    text_fr: str = ""


_ITEMS_FR = {
    "fee": "frais",
    "refund": "remboursement",
    "interest": "intérêts de retard",
    "recovery_indemnity": "indemnité forfaitaire de recouvrement",
}


class Check(Result):
    ok: bool
    lines: tuple[CheckLine, ...]

    def _paragraphs(self, lang: Lang) -> list[str]:
        head = ex.pick(
            lang,
            "Vérification de la facture : tous les montants sont conformes aux CGV."
            if self.ok
            else "Vérification de la facture : certains montants ne sont pas conformes aux CGV.",
            "Invoice check: every amount matches the CGV."
            if self.ok
            else "Invoice check: some amounts do not match the CGV.",
        )
        rows = []
        for line in self.lines:
            item = _ITEMS_FR.get(line.item, line.item) if lang == "fr" else line.item
            verdict = (
                ex.pick(lang, "conforme", "matches")
                if line.difference == 0
                else ex.pick(
                    lang,
                    f"écart de {ex.eur(line.difference, lang)}",
                    f"off by {ex.eur(line.difference, lang)}",
                )
            )
            rows.append(
                ex.pick(
                    lang,
                    f"{item} : facturé {ex.eur(line.claimed, lang)}, dû selon les CGV"
                    f" {ex.eur(line.computed, lang)} — {verdict} ({line.source} :"
                    f" {_french_text(line)})",
                    f"{item}: invoiced {ex.eur(line.claimed, lang)}, computed"
                    f" {ex.eur(line.computed, lang)} — {verdict} ({line.source}: {line.text})",
                )
            )
        provisional = (
            ex.pick(
                lang,
                "Attention : au moins un taux utilisé n'est pas encore confirmé par une source"
                " officielle ; ce calcul est provisoire.",
                "Warning: at least one rate used is not yet confirmed by an official source; this"
                " figure is provisional.",
            )
            if self.is_provisional
            else ""
        )
        return [head, ex.bullet_list(rows), provisional]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (
                _ITEMS_FR.get(line.item, line.item) if lang == "fr" else line.item,
                f"{ex.eur(line.claimed, lang)} / {ex.eur(line.computed, lang)}",
            )
            for line in self.lines
        ]


def _french_text(line: CheckLine) -> str:
    # The French sentence was written with French figures where it was produced; an interest
    # line shows its formulas as a spreadsheet would recheck them.
    return line.text_fr or line.text


def _line(
    item: str, claimed: Decimal, computed: Decimal, source: str, text: str, text_fr: str = ""
) -> CheckLine:
    return CheckLine(
        item=item,
        claimed=claimed,
        computed=computed,
        difference=claimed - computed,
        source=source,
        text=text,
        text_fr=text_fr,
    )


def check_invoice(
    subject: Order | Invoice,
    *,
    claimed: Claimed,
    notice: Notice | None = None,
    new_start: date | str | None = None,
    as_of: date | str | None = None,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    claimed_through: date | str | None = None,
) -> Check:
    """Each claimed line against the rule: fee and refund from an order and its notice, interest
    and indemnity from an invoice on ``as_of`` (``claimed_through``: interest through that day
    was claimed earlier, see :func:`~lexom_terms.late_interest`). A line the subject cannot
    answer is an ``InvalidInputError``."""
    lines: list[CheckLine] = []
    claim_used: InterestClaim | None = None
    settlement_lines = {"fee": claimed.fee, "refund": claimed.refund}
    claim_lines = {"interest": claimed.interest, "recovery_indemnity": claimed.recovery_indemnity}
    asked_settlement = {k: v for k, v in settlement_lines.items() if v is not None}
    asked_claim = {k: v for k, v in claim_lines.items() if v is not None}
    if not asked_settlement and not asked_claim:
        raise InvalidInputError(
            "claimed: give at least one of fee, refund, interest, recovery_indemnity",
            field="claimed",
            code="nothing_claimed",
        )
    if isinstance(subject, Order):
        if asked_claim:
            raise InvalidInputError(
                f"claimed.{next(iter(asked_claim))}: an Order cannot answer interest or the"
                " recovery indemnity; check them against the Invoice, with as_of",
                field=f"claimed.{next(iter(asked_claim))}",
                code="line_not_answerable",
            )
        if notice is None:
            raise InvalidInputError(
                "notice: checking a fee or a refund needs the notice",
                field="notice",
                code="notice_required",
            )
        if claimed.event == "postponement":
            settlement = postpone(subject, notice, new_start)
            if "refund" in asked_settlement:
                raise InvalidInputError(
                    "claimed.refund: a postponement refunds nothing (payments are credited to"
                    " the new session)",
                    field="claimed.refund",
                    code="line_not_answerable",
                )
        else:
            if new_start is not None:
                raise InvalidInputError(
                    "new_start: only a postponement has a new start date",
                    field="new_start",
                    code="new_start_not_applicable",
                )
            settlement = cancel(subject, notice)
        # The deciding clause is named by the settlement, never inferred from citation order.
        why = next(
            (c for c in settlement.citations if c.source == settlement.decided_by),
            settlement.citations[0],
        )
        computed = {"fee": settlement.owed, "refund": settlement.to_refund}
        for item, amount in asked_settlement.items():
            lines.append(
                _line(item, amount, computed[item], settlement.decided_by, why.text, why.text_fr)
            )
    else:
        if asked_settlement:
            raise InvalidInputError(
                f"claimed.{next(iter(asked_settlement))}: an Invoice cannot answer a fee or a"
                " refund; check them against the Order, with its notice",
                field=f"claimed.{next(iter(asked_settlement))}",
                code="line_not_answerable",
            )
        if as_of is None:
            raise InvalidInputError(
                "as_of: checking interest needs the day of the claim",
                field="as_of",
                code="as_of_required",
            )
        as_of = as_date(as_of, "as_of")
        claim = claim_used = late_interest(
            subject, as_of, rates=rates, policy=policy, claimed_through=claimed_through
        )
        computed = {
            "interest": claim.interest_outstanding,
            "recovery_indemnity": claim.recovery_indemnity,
        }
        formulas = "; ".join(p.formula() for p in claim.periods) or "-"
        formulas_fr = " ; ".join(formula(p, "fr") for p in claim.periods) or "-"
        indemnity = claim.citations[-1]
        texts = {
            "interest": (
                claim.citations[0].source,
                f"{claim.days_late} days late; periods: {formulas}",
                f"{claim.days_late} jours de retard ; périodes : {formulas_fr}",
            ),
            "recovery_indemnity": (indemnity.source, indemnity.text, indemnity.text_fr),
        }
        if claimed.interest is not None and subject.client.public_buyer is not None:
            texts["interest"] = _public_overclaim(
                subject, claim, claimed.interest, texts["interest"], as_of, rates, policy
            )
        for item, amount in asked_claim.items():
            lines.append(_line(item, amount, computed[item], *texts[item]))
    result = Check(ok=all(line.difference == 0 for line in lines), lines=tuple(lines))
    if claim_used is not None:
        # the interest line rests on the claim's rates: its stamp says so (provisional when a
        # rate it used is unconfirmed), as late_interest's and the audit's do
        result._rates_id = claim_used.stamp.rates_id
        result._provisional = claim_used.is_provisional
    return result


def _public_overclaim(
    invoice: Invoice,
    claim: InterestClaim,
    claimed: Decimal,
    plain: tuple[str, str, str],
    as_of: date,
    rates: RateTable | None,
    policy: InterestPolicy | None,
) -> tuple[str, str, str]:
    """RULEBOOK §11: a public buyer owes R2192-31's rate (ECB + 8, fixed), never the CGV §3.4
    rate; interest claimed above it is an overclaim, and the line says so, naming the CGV figure
    when that is what was claimed."""
    if claimed <= claim.interest_outstanding:
        return plain
    as_private = invoice.model_copy(
        update={"client": invoice.client.model_copy(update={"public_buyer": None})}
    )
    cgv = late_interest(as_private, as_of, rates=rates, policy=policy).interest_outstanding
    over = claimed - claim.interest_outstanding
    if claimed == cgv:
        why_en = f"the amount claimed is the CGV §3.4 figure ({fmt.money(cgv, 'en')})"
        why_fr = f"le montant réclamé est celui du taux des CGV, article 3.4 ({fmt.money(cgv)})"
    else:
        why_en = "the amount claimed is above what R2192-31 allows"
        why_fr = "le montant réclamé dépasse ce que permet l'article R2192-31"
    return (
        "Code de la commande publique R2192-31",
        f"overclaim of {fmt.money(over, 'en')}: a public buyer owes ECB + 8 points, fixed for"
        f" the whole delay, not the CGV rate; {why_en}. {plain[1]}",
        f"réclamation excessive de {fmt.money(over)} : un acheteur public ne doit que le taux"
        f" BCE + 8 points, fixe pour toute la durée du retard, et non le taux des CGV ; {why_fr}."
        f" {plain[2]}",
    )


display.register(Check, display.check_html)  # its notebook display, found by type
