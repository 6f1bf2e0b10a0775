"""Descriptions of the result models' fields for their JSON Schema (``lexom-terms schema
--results``), kept here, by field name, so that the result modules keep to figures and rules.
A field that describes itself (``Field(description=...)``) keeps its own text; the
``(model, field)`` entries override a name shared by models that mean different things by it.
``tests/test_cli.py`` fails on any result field left without a description."""

from __future__ import annotations

from typing import Any

from .cgv.registry import regimes

# The examples name real clauses, read from the declarations (issue 17: one place per fact).
_OLD, _NEW = regimes()[0], regimes()[-1]

BY_NAME: dict[str, str] = {
    "decided_by": "the source of the clause or statute that decided the settlement"
    f" (e.g. '{_NEW.clauses.reduced_fee}')",
    "fee_vat": "VAT treatment of a client fee: 'as_service' (the training's VAT) or 'outside_scope' (RULEBOOK §12)",
    "vat_rate": "the order's VAT rate, as a fraction (0.20 for 20 %)",
    "received_on": "the day LEXOM received the notice the settlement answers",
    "owed_excl_tax": "what is owed before VAT, euros (owed = owed_excl_tax + owed_vat, RULEBOOK §12)",
    "owed_vat": "the VAT within what is owed, euros (0 for a fee read as outside the scope of VAT)",
    "side": "'earlier' or 'later': on which side of the request's date the boundary lies",
    "through": "last day of the stretch the boundary's answer holds on; null when it holds to the end",
    "accessories_due_on": "public buyer: the day interest and indemnity are payable (principal paid + 45 days, R2192-36); null otherwise",
    "claimed_through": "interest through this day was claimed earlier; the periods start after it",
    "capitalise_from": "the day from which a court ordered capitalisation (Code civil 1343-2); null when never",
    "capitalised": "each capitalisation: interest added to the principal on that day",
    "advance_interest": "Code de la consommation L214-2: legal interest on a consumer's payments made more than three months before the training, accrued up to as_of, deducted from client_outstanding (RULEBOOK §19)",
    "refund": "the sum refunded to the consumer (the withdrawal's to_refund), euros",
    "refunded_on": "the day the refund is (or was) paid",
    "next_step_on": "the first day the L242-4 increase steps up to its next tier; null once the cap is reached",
    "capped": "true when the cap (the order total) reduced the increase",
    "cap_reached_on": "the first day the increase reached the order total; null when not reached",
    "amount_tomorrow": "the increase if the refund is paid one day later (what waiting a day costs); null when that day's legal rate is unknown",
    "lapses_after": "the last day before the claim's time bar: due + 2 years (consumer), 31 December of due's year + 4 (state, health: loi 68-1250), due + 5 years otherwise (RULEBOOK §20)",
    "overpaid": "client and OPCO payments above the total, euros (RULEBOOK §8)",
    "amount": "euros; null where the clause sets no figure",
    "annual_rate": "annual rate in percent (13.15 for 13.15 %)",
    "basis": "how the rate was set: 'ECB+10', '3x legal' or (public buyer) 'ECB+8'",
    "caveats": "legal exposure of a figure that stands (e.g. a consumer-law caveat)",
    "cgv": "the CGV version that governed the order",
    "citations": "the clauses and statutes behind the figures, each with why it applies",
    "claimed": "the amount LEXOM invoiced, euros",
    "client_outstanding": "what the client still owes, euros",
    "client_share": "the client's share of the total, euros",
    "computed": "the amount the rules give, euros",
    "credited": "payments credited to the rescheduled session (postponement), euros",
    "days": "number of days, both ends included",
    "days_late": "days from the due date to the last day interest ran",
    "denominator": "days in the year for this period (365, or 366 under act/act)",
    "difference": "claimed − computed (a check line) or new − legacy (a comparison), euros",
    "differing": "sources cited by one version and not the other",
    "due_on": "the day the amount to pay is due; null when nothing is to pay",
    "end": "last day of the period (inclusive)",
    "escalates_on": "the day the amount owed rises if no new date is set; null otherwise",
    "extended_for": "why the last day was pushed: holiday names, 'samedi', 'dimanche'",
    "first_day": "first receipt day of the step",
    "format_version": "version of this JSON format",
    "funder_outstanding": "what the OPCO still owes, euros",
    "funder_share": "the OPCO's share of the total, euros",
    "holidays_version": "version of the holidays package used",
    "interest": "interest, euros (a claim: accrued over all periods)",
    "interest_outstanding": "interest still owed: interest − interest_settled, euros",
    "interest_settled": "interest settled by payments (interest_first allocation), euros",
    "invoice_number": "the invoice's number, as given",
    "item": "what the line checks: fee, refund, interest, recovery_indemnity",
    "label": "the milestone in English",
    "label_fr": "the milestone in French",
    "last_day": "last day (inclusive); null for the open-ended last step",
    "legacy": f"the settlement under the oldest shipped version, {_OLD.name}",
    "library_version": "version of lexom_terms that computed the result",
    "lines": "one line per amount checked",
    "milestones": "the order's dated milestones, sorted",
    "new": f"the settlement under the newest shipped version, {_NEW.name}",
    "new_session_owed": "what the rescheduled session will still cost before credits, euros",
    "nominal_last_day": "the last day before any extension past week-ends and holidays",
    "ok": "true when every amount checked matches the rules",
    "on": "the date",
    "opco_deadline": "the day the OPCO must have paid; null without funding",
    "opens_on": "the day the window opens",
    "order_reference": "the session reference of the order",
    "owed": "the amount owed, euros",
    "owed_after_escalation": "what is owed from escalates_on, euros",
    "paid": "client payments on the order, euros",
    "paid_by_client": "what the client has paid, euros",
    "paid_by_funder": "what the OPCO has paid, euros",
    "periods": "the interest periods: constant principal, rate and denominator",
    "policy": "the interest policy used (RULEBOOK §9)",
    "principal": "the unpaid amount bearing interest over the period, euros",
    "principal_outstanding": "principal still unpaid on the day of the claim, euros",
    "provisional": "true when a rate used is not yet confirmed by an official source",
    "rates_id": "digest of the rate table used",
    "recovery_indemnity": "the flat recovery indemnity (40 EUR per late invoice), euros",
    "refund_due_on": "the day the refund is due; null when nothing is refunded",
    "source": f"the clause or statute, e.g. '{_OLD.clauses.reduced_fee}'",
    "stamp": "what produced the result: versions, rate table, provisional",
    "start": "first day of the period",
    "status": "the outcome: cancelled, postponed, retracted, refused...",
    "steps": "contiguous steps from the signature, the last open-ended",
    "text": "one sentence in English: why it applies here",
    "text_fr": "the same sentence in French",
    "to_pay": "what the client still has to pay: max(0, owed − paid), euros",
    "to_refund": "what LEXOM refunds: max(0, paid − owed) for a cancellation, euros",
    "total": "total, euros (a balance: TTC; a claim: interest outstanding + indemnity)",
    "varies": "which input moves: 'received_on' or 'new_start'",
    "boundaries": "the nearest dates at which the same request would be settled otherwise",
}

BY_MODEL: dict[tuple[str, str], str] = {
    ("Settlement", "paid"): "every client payment listed on the order, euros",
    ("Boundary", "on"): "the nearest date on the other side of a threshold",
    ("Due", "on"): "the day the amount is due",
    (
        "Due",
        "caveats",
    ): "what the figures do not settle (an interruption ignored for a client that is not a public buyer, RULEBOOK §20)",
    (
        "RefundSurcharge",
        "due_on",
    ): "the last day to refund without increase: the withdrawal's receipt + 14 days (L221-24)",
    ("RefundSurcharge", "days_late"): "days from due_on to refunded_on, never below 0",
    (
        "RefundSurcharge",
        "amount",
    ): "the L242-4 increase owed on top of the refund, euros (capped at the order total, then legal interest)",
    (
        "RefundSurcharge",
        "percent",
    ): "the tier's nominal percentage (5, 10, 20, 50, 55...); null in the legal-interest tier (1 to 10 days late); 0 when not late",
    ("Milestone", "on"): "the milestone's date",
    ("RetractionWindow", "last_day"): "the last day a withdrawal can be sent (inclusive)",
    ("RetractionWindow", "days"): "length of the window in days (14 or 10)",
    # an order's life (issue 18, RULEBOOK §14–§16, §18)
    (
        "History",
        "settlements",
    ): "one settlement per step, in the order settled (by date of receipt)",
    (
        "History",
        "fees_by_line",
    ): "every line of the order with the fees it owes, euros (0.00 when none)",
    ("History", "fees"): "all fees, euros",
    ("History", "standing"): "what the standing lines' training will still cost, euros",
    ("History", "refund"): "max(0, paid − owed), euros",
    ("History", "moves"): "each line a step moved, with its new dates (the sessions' timeline)",
    ("SessionMove", "step"): "the step's number, from 1, in the order settled",
    ("SessionMove", "line"): "the line's id",
    (
        "AttendanceSplit",
        "delivered",
    ): "the training delivered: Σ line total × attended / planned, euros",
    (
        "AttendanceSplit",
        "opco",
    ): "what the OPCO is invoiced: min(approved, total) × delivered / total, euros",
    (
        "AttendanceSplit",
        "client_training",
    ): "delivered − opco: the client's part of the training, euros",
    (
        "AttendanceSplit",
        "client_indemnity",
    ): "total − delivered: the hours not attended, invoiced apart to the client, euros",
    ("AttendanceSplit", "indemnity_excl_tax"): "the indemnity before VAT (per fee_vat), euros",
    ("AttendanceSplit", "indemnity_vat"): "the VAT within the indemnity, euros",
    ("AttendanceSplit", "opco_excl_tax"): "the OPCO's part before VAT, euros",
    ("AttendanceSplit", "opco_vat"): "the VAT within the OPCO's part, euros",
    ("AttendanceSplit", "client_training_excl_tax"): "the client's training part before VAT, euros",
    ("AttendanceSplit", "client_training_vat"): "the VAT within the client's training part, euros",
    ("AttendanceSplit", "delivered_by_line"): "the training delivered, line by line, euros",
    (
        "AttendanceSplit",
        "certificate_hours",
    ): "the hours attended the certificate of completion states, line by line",
    ("AttendanceSplit", "planned_hours"): "the planned hours, line by line",
    (
        "AttendanceSplit",
        "force_majeure",
    ): "a self-funded trainee stopped by force majeure (L6353-7) was declared",
    (
        "ReceiptAllocation",
        "invoices",
    ): "the invoices given, each with the parts allocated to it appended to its payments",
    (
        "ReceiptAllocation",
        "parts",
    ): "each part of a receipt allocated to an invoice, in the order allocated",
    ("ReceiptAllocation", "unallocated"): "what exceeds every invoice, euros",
    ("AllocatedPart", "receipt"): "the receipt's index in the receipts given (from 0)",
    ("AllocatedPart", "invoice"): "the invoice number, as given",
}


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """Fill in the description of every property that has none (in place; returned)."""
    for model in [schema, *schema.get("$defs", {}).values()]:
        title = str(model.get("title", ""))
        for name, spec in model.get("properties", {}).items():
            if not spec.get("description"):
                text = BY_MODEL.get((title, name)) or BY_NAME.get(name)
                if text:
                    spec["description"] = text
    return schema
