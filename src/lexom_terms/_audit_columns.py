"""The audit report's money columns, named below both the audit (:mod:`lexom_terms.tools.audit`)
and the notebook display (:mod:`lexom_terms.display`), so that the display formats them without
importing the audit (and, through it, the ledger readers)."""

from __future__ import annotations

MONEY_COLUMNS = (
    "amount_incl_tax",
    "principal_outstanding",
    "interest",
    "interest_settled",
    "interest_outstanding",
    "recovery_indemnity",
    "total",
)
