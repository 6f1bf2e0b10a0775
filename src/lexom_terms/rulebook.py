"""The registry of RULEBOOK rows: id → citation → implementing function.

A test (``tests/rules/test_registry.py``) fails when a row has no importable implementation, no
example test, or — for a row with a threshold — no boundary test. ``docs/rules.md`` lists the
same ids. Keeping the registry as data means no clause can be parsed and forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    citation: str
    implementation: str
    summary: str
    threshold: bool = True
    """True when the row has a date or amount threshold, so a boundary-day test is owed."""

    def resolve(self) -> Any:
        if self.implementation.startswith("step:"):  # a row of a regime's ladder
            return step_for(self.implementation.removeprefix("step:"))
        if ":" in self.implementation:  # "module:Class.attribute"
            module, _, name = self.implementation.partition(":")
        else:
            module, _, name = self.implementation.rpartition(".")
        target: Any = import_module(module)
        for part in name.split("."):
            target = getattr(target, part)
        return target


def steps() -> dict[str, list[Any]]:
    """Every ladder step of every shipped regime, by the RULEBOOK row it implements."""
    from .api import REGIMES

    found: dict[str, list[Any]] = {}
    for regime in REGIMES.values():
        for step in (*regime.cancellation, *(regime.postponement or ())):
            found.setdefault(step.key, []).append(step)
    return found


def step_for(key: str) -> Any:
    """The first step implementing row ``key`` (AttributeError when none does)."""
    found = steps().get(key)
    if not found:
        raise AttributeError(f"no regime declares a step for {key!r}")
    return found[0]


L = "lexom_terms.cgv.legacy_15"
N = "lexom_terms.cgv.new_30"
C = "lexom_terms.cgv.common"
R = "lexom_terms.statute.retraction"

ROWS: tuple[Row, ...] = (
    # §1 contract formation and quote validity
    Row(
        "§1 quote validity",
        "legacy-15 §2.1 / new-30 §2.1",
        "lexom_terms.cgv.general.quote_expires_on",
        "last day to accept = issued_on + 30 days",
    ),
    Row(
        "§1 acceptance after expiry",
        "legacy-15 §2.1 / new-30 §2.1",
        "lexom_terms.models:Order._dates",
        "the order model rejects signed_on > quote expiry",
    ),
    Row(
        "§1 formation legacy-15",
        "legacy-15 §2.2",
        "step:§2 unpaid deposit legacy-15",
        "concluded when payments reach the deposit (or at signature with a window)",
    ),
    Row(
        "§1 formation new-30",
        "new-30 §2.1",
        "lexom_terms.cgv.new_30.cancel",
        "firm on signature; the deposit does not condition it",
        threshold=False,
    ),
    # §2 deposit
    Row(
        "§2 deposit amount",
        "legacy-15 §2.1 / new-30 §2.2",
        "lexom_terms.money.thirty_percent",
        "30 % of the total, rounded half-up",
        threshold=False,
    ),
    Row(
        "§2 deposit due",
        "legacy-15 §2.1 / new-30 §2.2",
        f"{L}.deposit_due",
        "due with the signature / at the order",
        threshold=False,
    ),
    Row(
        "§2 deposit deferred by a window",
        "Code du travail L6353-6",
        f"{N}.deposit_due",
        "due the day after the withdrawal window closes",
    ),
    Row(
        "§2 unpaid deposit legacy-15",
        "legacy-15 §2.2",
        "step:§2 unpaid deposit legacy-15",
        "contract not concluded: proposal cost policy value",
    ),
    Row(
        "§2 unpaid deposit new-30",
        "new-30 §2.2",
        "lexom_terms.cgv.new_30.cancel",
        "no money consequence: fees due deposit paid or not",
        threshold=False,
    ),
    # §3 retraction
    Row(
        "§3 consumer window",
        "Code de la consommation L221-18",
        f"{R}.windows",
        "14 days for a consumer: new-30 every order, legacy-15 distance orders",
    ),
    Row(
        "§3 training window",
        "Code du travail L6353-5",
        f"{R}.windows",
        "10 days for a natural person paying for their own training",
    ),
    Row(
        "§3 counting and extension",
        "Code de la consommation L221-19",
        "lexom_terms.calendar.statutory_deadline",
        "event day not counted; weekend/holiday extension",
    ),
    Row(
        "§3 sending date counts",
        "Code de la consommation L221-21",
        f"{R}.withdrawal",
        "sent_on, else received_on, by the end of the last day",
    ),
    Row(
        "§3 early start pro rata",
        "Code de la consommation L221-25",
        f"{R}.withdrawal",
        "delivered days owed pro rata only after an express early start",
    ),
    Row(
        "§3 full delivery",
        "Code de la consommation L221-28",
        f"{R}.withdrawal",
        "no right once fully delivered after an express early start",
    ),
    Row(
        "§3 training window delivered days",
        "Code du travail L6353-5",
        f"{R}.withdrawal",
        "training window only: delivered days owed whatever the request",
    ),
    Row(
        "§3 refund within 14 days",
        "Code de la consommation L221-24",
        f"{R}.withdrawal",
        "refund_due_on = received_on + 14 days",
        threshold=False,
    ),
    Row(
        "§3 window reported",
        "RULEBOOK §3",
        f"{R}.reported",
        "the window that ends last; the consumer window on a tie",
    ),
    # §4 cancellation by the client
    Row(
        "§4 notice before signature",
        "RULEBOOK §4",
        "lexom_terms.cgv.engine.check_notice",
        "an input error",
        threshold=False,
    ),
    Row(
        "§4 not written",
        "legacy-15 §3.5 / new-30 §3.5",
        "lexom_terms.cgv.precedence:WRITTEN_FORM.decide",
        "not receivable: the total stays owed on the normal schedule",
    ),
    Row(
        "§4 legacy-15 INTRA trainee absence",
        "legacy-15 §3.5",
        "step:§4 legacy-15 INTRA trainee absence",
        "refused: held from one trainee on",
        threshold=False,
    ),
    Row(
        "§4 legacy-15 started",
        "legacy-15 §3.5",
        "step:§4 legacy-15 started",
        "on the start day or later: the total",
    ),
    Row(
        "§4 legacy-15 15 days or more",
        "legacy-15 §3.5",
        "step:§4 legacy-15 15 days or more",
        "the deposit is kept",
    ),
    Row(
        "§4 legacy-15 1 to 14 days",
        "legacy-15 §3.5",
        "step:§4 legacy-15 1 to 14 days",
        "the total, from the cancellation",
    ),
    Row(
        "§4 new-30 started",
        "new-30 §3.5",
        "step:§4 new-30 started",
        "a training begun is owed in full",
    ),
    Row("§4 new-30 1 to 29 days", "new-30 §3.6", "step:§4 new-30 1 to 29 days", "the total"),
    Row(
        "§4 new-30 30 days or more",
        "new-30 §3.6",
        "step:§4 new-30 30 days or more",
        "30 % of the total",
    ),
    Row(
        "§4 force majeure self-funded",
        "Code du travail L6353-7",
        "lexom_terms.statute.training:SELF_FUNDED_FORCE_MAJEURE.decide",
        "only the delivered days, pro rata",
    ),
    Row(
        "§4 force majeure other clients",
        "Code civil 1218",
        "lexom_terms.statute.civil.force_majeure_no_excuse",
        "the CGV steps apply unchanged",
        threshold=False,
    ),
    Row(
        "§4 consumer caveats",
        "Code de la consommation R212-2",
        "lexom_terms.statute.consumer.consumer_caveats",
        "presumed abusive fee; 100 % is a penalty (Code civil 1231-5)",
        threshold=False,
    ),
    # §5 postponement by the client
    Row(
        "§5 inside a window",
        "RULEBOOK §5",
        "lexom_terms.statute.retraction:CONSUMER_WINDOW.decide",
        "costs what a withdrawal the same day would cost",
    ),
    Row(
        "§5 waived fee",
        "legacy-15 §3.6 / new-30 §3.5",
        "lexom_terms.cgv.engine:Rules._waived",
        "LEXOM may always waive",
        threshold=False,
    ),
    Row(
        "§5 legacy-15 INTRA absence",
        "legacy-15 §3.6",
        "step:§5 legacy-15 INTRA absence",
        "refused",
        threshold=False,
    ),
    Row(
        "§5 legacy-15 during training",
        "legacy-15 §3.6",
        "step:§5 legacy-15 during training",
        "the total, new session not billed",
    ),
    Row(
        "§5 legacy-15 unpaid deposit",
        "legacy-15 §2.2",
        "step:§5 legacy-15 unpaid deposit",
        "deposit unpaid: the proposal cost (default 0), new session owed in full, no escalation",
    ),
    Row(
        "§5 legacy-15 within six months",
        "legacy-15 §3.6",
        "step:§5 legacy-15 within six months",
        "30 % flat, new session owed in full",
    ),
    Row(
        "§5 legacy-15 after six months",
        "legacy-15 §3.6",
        "step:§5 legacy-15 after six months",
        "the total",
    ),
    Row(
        "§5 legacy-15 no new date",
        "legacy-15 §3.6",
        "step:§5 legacy-15 no new date",
        "pending: 30 % now, total from horizon + 1 day",
    ),
    Row(
        "§5 new-30 fee",
        "new-30 §3.6",
        "lexom_terms.cgv.engine:Rules._postpone_as_cancellation",
        "the cancellation fee at the same date",
    ),
    Row(
        "§5 new-30 new session owed",
        "new-30 §3.6",
        "lexom_terms.cgv.engine:Rules._postpone_as_cancellation",
        "the total when the fee is below it, else 0",
    ),
    # §6 provider
    Row(
        "§6 provider cancellation",
        "legacy-15 §3.5 / new-30 §3.7",
        "lexom_terms.cgv.engine:Rules._provider",
        "nothing owed before the start, every payment refunded",
    ),
    Row(
        "§6 provider force majeure",
        "Code civil 1218",
        "lexom_terms.cgv.engine._provider_citations",
        "same amounts, Code civil 1218/1229",
        threshold=False,
    ),
    Row(
        "§6 provider other reason",
        "Code civil 1229",
        "lexom_terms.cgv.engine._provider_citations",
        "legacy silent: restitution",
        threshold=False,
    ),
    Row(
        "§6 provider postponement",
        "new-30 §3.7",
        "lexom_terms.cgv.engine:Rules._provider",
        "payments credited, new session owed",
    ),
    Row(
        "§6 provider notice after start",
        "Code du travail L6354-1",
        "lexom_terms.cgv.engine:Rules._provider",
        "delivered days pro rata",
    ),
    # §7 payment terms
    Row(
        "§7 payment due",
        "legacy-15 §3.2 / new-30 §3.2",
        f"{L}.payment_due",
        "max(session end, invoice receipt)",
    ),
    Row(
        "§7 foreign prepayment",
        "new-30 §3.2",
        f"{N}.foreign_prepayment_check",
        "balance due start − 1 day; check start − 1 month, cancel right the next day",
    ),
    Row(
        "§7 foreign self-funded natural person",
        "Code du travail L6353-6",
        "lexom_terms.cgv.engine:Rules._prepays",
        "no prepayment",
        threshold=False,
    ),
    # §8 OPCO
    Row(
        "§8 request after the start",
        "legacy-15 §3.3 / new-30 §3.3",
        "lexom_terms.funding.balance",
        "ignored",
    ),
    Row(
        "§8 before approval",
        "legacy-15 §3.3 / new-30 §3.3",
        "lexom_terms.funding.balance",
        "share 0",
    ),
    Row(
        "§8 approved share",
        "legacy-15 §3.3 / new-30 §3.3",
        "lexom_terms.funding.balance",
        "min(approved, total)",
    ),
    Row(
        "§8 OPCO deadline",
        "legacy-15 §3.3 / new-30 §3.3",
        "lexom_terms.funding.balance",
        "after end + 1 month, the client owes total − OPCO paid",
    ),
    Row(
        "§8 fees are the client's",
        "legacy-15 §3.6 / new-30 §3.3",
        "lexom_terms.cgv.engine:Rules._ladder",
        "cancellation and postponement fees",
        threshold=False,
    ),
    # §9 interest
    Row(
        "§9 rate",
        "legacy-15 §3.4 / new-30 §3.4",
        "lexom_terms.interest.daily_rate",
        "max(ECB + 10, 3 × legal 'autres cas')",
    ),
    Row(
        "§9 reference date",
        "Code de commerce L441-10",
        "lexom_terms.interest.reference_date",
        "semester (default) or january",
    ),
    Row(
        "§9 day count",
        "RULEBOOK §9",
        "lexom_terms.interest.denominator",
        "act/365 default, act/act alternative",
    ),
    Row(
        "§9 periods",
        "RULEBOOK §9",
        "lexom_terms.interest.late_interest",
        "cut, merged, rounded, summed",
    ),
    Row(
        "§9 partial payments",
        "RULEBOOK §9",
        "lexom_terms.interest.late_interest",
        "principal_first (default), interest_first (Code civil 1343-1)",
    ),
    Row(
        "§9 recovery indemnity",
        "Code de commerce D441-5",
        "lexom_terms.interest.late_interest",
        "40 EUR per late invoice, professionals only",
    ),
    Row(
        "§9 consumer caveat",
        "Code civil 1231-5",
        "lexom_terms.interest._caveats",
        "the rate is a penalty toward a consumer",
        threshold=False,
    ),
    Row(
        "§9 time bar",
        "Code de la consommation L218-2 / Code de commerce L110-4 / Code civil 2224",
        "lexom_terms.interest.late_interest",
        "caveat after due + 2 years (consumer) or + 5 years (others)",
    ),
    Row(
        "§9 interest already claimed",
        "RULEBOOK §9 (issue 13: claimed_through)",
        "lexom_terms.interest.late_interest",
        "only interest accrued after claimed_through, no second indemnity",
    ),
    Row(
        "§9 capitalisation",
        "Code civil 1343-2",
        "lexom_terms.interest.late_interest",
        "off by default; interest due for a whole year joins the principal at the demand and"
        " each anniversary",
    ),
    Row(
        "§9 provisional and missing rates",
        "RULEBOOK §9",
        "lexom_terms.rates:RateTable.ecb_rate",
        "unconfirmed → provisional; beyond known_through → MissingRateError",
    ),
    # §10 other clauses
    Row(
        "§10 resolution",
        "legacy-15 §4.7 / new-30 §4.7",
        "lexom_terms.cgv.general.resolution_opens_on",
        "formal notice D: resolution from D + 9",
    ),
    Row(
        "§10 liability cap",
        "legacy-15 §4.4 / new-30 §4.4",
        f"{L}.liability_cap",
        "the order's total; none toward a consumer",
        threshold=False,
    ),
    Row(
        "§10 non-solicitation",
        "legacy-15 §5.2 / new-30 §5.2",
        f"{L}.non_solicitation_penalty",
        "12 × monthly cost; subcontractor: a year's revenue",
        threshold=False,
    ),
    Row(
        "§10 data retention",
        "legacy-15 §5.5",
        f"{L}.data_retention_until",
        "5 years (legacy); none (new)",
    ),
    Row(
        "§10 forum",
        "legacy-15 §5.4 / new-30 §5.3",
        f"{L}.dispute_forum",
        "Aubenas; consumers: statutory rules and mediator",
        threshold=False,
    ),
    # §0 conventions added in 0.2
    Row(
        "§0 legal person never a consumer",
        "Code de la consommation L221-18 / L212-2",
        "lexom_terms.statute.consumer.is_consumer",
        "no window for a legal person; abusive-clause caveats kept for a non-professional",
        threshold=False,
    ),
    Row(
        "§3 citations follow the window",
        "Code du travail L6353-5 / L6353-6 / L6354-1",
        "lexom_terms.statute.retraction._training_withdrawal",
        "training-contract window: labour code only; refund due on receipt",
    ),
    Row(
        "§5 legacy-15 request after the horizon",
        "legacy-15 §3.6",
        "step:§5 legacy-15 request after the horizon",
        "no new date, received after signed_on + 6 months: the total at once",
    ),
    Row(
        "§7 no milestone before the signature",
        "Code civil 1190",
        "lexom_terms.cgv.engine:Rules.timeline",
        "milestones before the signature are dropped; the prepayment check says why",
    ),
    Row(
        "§8 OPCO overpaid",
        "legacy-15 §3.3 / new-30 §3.3",
        "lexom_terms.funding.balance",
        "what the OPCO paid counts; payments above the total are overpaid",
    ),
    # §11 public buyers
    Row(
        "§11 public buyer deposit",
        "Code de la commande publique R2191-3",
        "lexom_terms.statute.public_procurement.deposit_citation",
        "no deposit: 0.00 on the signature date",
        threshold=False,
    ),
    Row(
        "§11 public buyer payment due",
        "Code de la commande publique R2192-10 / R2192-11 / R2192-12 / R2192-14",
        "lexom_terms.statute.public_procurement.due_on",
        "max(receipt, session end) + 30/50/60 days; receipt = sent + 2 days",
    ),
    Row(
        "§11 public buyer interest",
        "Code de la commande publique L2192-13 / R2192-31 / D2192-35",
        "lexom_terms.statute.public_procurement.public_interest_rate",
        "ECB of the semester interest started + 8 points, fixed; 40 EUR per late invoice",
    ),
    Row(
        "§11 accessories due",
        "Code de la commande publique R2192-36",
        "lexom_terms.statute.public_procurement.accessories_due_on",
        "interest and indemnity payable within 45 days of the principal's payment",
    ),
    Row(
        "§11 public buyer fees",
        "legacy-15 §3.5 / new-30 §3.6",
        "lexom_terms.cgv.engine.deposit_unpaid",
        "CGV fees as for a professional; legacy step 4 never applies",
    ),
    # §12 VAT on fees
    Row(
        "§12 VAT split",
        "Conseil d'État 472257",
        "lexom_terms.cgv.engine.settle",
        "owed_excl_tax = round(owed / (1 + vat)), owed_vat = owed − owed_excl_tax",
        threshold=False,
    ),
    Row(
        "§12 fee outside the scope of VAT",
        "Conseil d'État 472257",
        "lexom_terms.cgv.engine.settle",
        "client fees only: owed_vat 0, caveat and credit note",
        threshold=False,
    ),
    # §13 CPF
    Row(
        "§13 CPF orders",
        "Mon Compte Formation (CPF)",
        "lexom_terms.cgv.engine.check_cgv_channel",
        "OutsideCgvError; the timeline keeps signature, start, end",
        threshold=False,
    ),
    # §19 refunds LEXOM owes
    Row(
        "§19 L242-4 increase",
        "Code de la consommation L242-4",
        "lexom_terms.statute.consumer_refund.refund_surcharge",
        "withdrawal refund paid late: legal interest 1–10 days, 5/10/20/50 %, + 5 points a month"
        " begun after 90 days, capped at the order total, then legal interest",
    ),
    Row(
        "§19 L214-2 advance interest",
        "Code de la consommation L214-2",
        "lexom_terms.statute.consumer_refund.advance_interest",
        "a consumer's advance bears legal interest from payment + 3 months to the day before the"
        " start, deducted from the balance",
    ),
    # §20 public buyers on Chorus Pro
    Row(
        "§20 interruption of the period",
        "Code de la commande publique R2192-29",
        "lexom_terms.statute.public_procurement.interrupted_due_on",
        "once, between the request's receipt and the period's end: completed + max(30, the days"
        " left on the interruption)",
    ),
)

ROW_KEYS = frozenset(row.key for row in ROWS)
