"""lexom_terms: LEXOM's general terms of sale (CGV) as typed models and pure functions.

Every public name of API.md is importable from here. Names load on first use (as
python-holidays loads its countries), so ``import lexom_terms`` is nearly free and a script
pays only for what it touches. Nothing in the package reads the clock, prints, or touches the
network.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: public name → the module that defines it
_WHERE = {
    # rules and their dispatch (api.py)
    "balance": "api",
    "cancel": "api",
    "data_retention_until": "api",
    "deposit_due": "api",
    "dispute_forum": "api",
    "late_interest": "api",
    "liability_cap": "api",
    "payment_due": "api",
    "postpone": "api",
    "quote_expires_on": "api",
    "refund_surcharge": "api",
    "resolution_opens_on": "api",
    "retraction_window": "api",
    "timeline": "api",
    # calendar
    "Deadline": "calendar",
    "public_holiday": "calendar",
    "statutory_deadline": "calendar",
    # enums
    "Allocation": "enums",
    "CgvVersion": "enums",
    "Channel": "enums",
    "DayCount": "enums",
    "EcbReference": "enums",
    "FeeVat": "enums",
    "Initiator": "enums",
    "PersonKind": "enums",
    "PublicBuyer": "enums",
    "Reason": "enums",
    "SessionFormat": "enums",
    "Status": "enums",
    # errors
    "InvalidInputError": "errors",
    "MissingRateError": "errors",
    "OutsideCgvError": "errors",
    # input models
    "Client": "models",
    "InterestPolicy": "models",
    "Invoice": "models",
    "Notice": "models",
    "OpcoFunding": "models",
    "Order": "models",
    "Party": "models",
    "Payment": "models",
    "Session": "models",
    # rates
    "RateTable": "rates",
    "default_rates": "rates",
    # results
    "Amount": "results",
    "Balance": "results",
    "Boundary": "results",
    "Citation": "results",
    "Due": "results",
    "InterestClaim": "results",
    "InterestPeriod": "results",
    "RefundSurcharge": "results",
    "Milestone": "results",
    "RetractionWindow": "results",
    "Settlement": "results",
    "Stamp": "results",
    "Timeline": "results",
    # ledgers and their audit
    "AuditReport": "tools.audit",
    "AuditRow": "tools.audit",
    "audit": "tools.audit",
    "read_ledger": "ledgers.spreadsheet",
    "read_fec": "ledgers.fec",
    "read_invoice_xml": "ledgers.facturx",
    "read_invoices": "ledgers.einvoices",
    # tools
    "Check": "tools.check",
    "CheckLine": "tools.check",
    "Claimed": "tools.check",
    "check_invoice": "tools.check",
    "RegimeComparison": "tools.compare",
    "compare_regimes": "tools.compare",
    "FeeSchedule": "tools.schedule",
    "FeeStep": "tools.schedule",
    "fee_schedule": "tools.schedule",
    "Creditor": "tools.letters",
    "Letter": "tools.letters",
    "Statement": "tools.letters",
    "reminder": "tools.letters",
    "refund_letter": "tools.letters",
    "statement": "tools.letters",
    "aged_balance": "tools.plot",
    "plot_aged_balance": "tools.plot",
    # an order's life (issue 18: RULEBOOK §14–§16, §18)
    "Line": "models",
    "Cancel": "models",
    "Postpone": "models",
    "Attendance": "models",
    "Receipt": "models",
    "LineSettlement": "results",
    "History": "order_history",
    "history": "order_history",
    "AttendanceSplit": "attendance",
    "attendance_split": "attendance",
    "AllocatedPart": "allocation",
    "ReceiptAllocation": "allocation",
    "allocate": "allocation",
    # the invoices of an order (RULEBOOK §17)
    "Bill": "tools.bills",
    "BillKind": "enums",
    "bills": "tools.bills",
    "e_invoice": "tools.einvoice",
    "e_invoice_xml": "tools.einvoice",
    "journal": "tools.journal",
}

__all__ = [
    "AllocatedPart",
    "Allocation",
    "Amount",
    "Attendance",
    "AttendanceSplit",
    "AuditReport",
    "AuditRow",
    "Balance",
    "Bill",
    "BillKind",
    "Boundary",
    "Cancel",
    "CgvVersion",
    "Channel",
    "Check",
    "CheckLine",
    "Citation",
    "Claimed",
    "Client",
    "Creditor",
    "DayCount",
    "Deadline",
    "Due",
    "EcbReference",
    "FeeSchedule",
    "FeeStep",
    "FeeVat",
    "History",
    "Initiator",
    "InterestClaim",
    "InterestPeriod",
    "InterestPolicy",
    "InvalidInputError",
    "Invoice",
    "Letter",
    "Line",
    "LineSettlement",
    "Milestone",
    "MissingRateError",
    "Notice",
    "OpcoFunding",
    "Order",
    "OutsideCgvError",
    "Party",
    "Payment",
    "PersonKind",
    "Postpone",
    "PublicBuyer",
    "RateTable",
    "Reason",
    "Receipt",
    "ReceiptAllocation",
    "RefundSurcharge",
    "RegimeComparison",
    "RetractionWindow",
    "Session",
    "SessionFormat",
    "Settlement",
    "Stamp",
    "Statement",
    "Status",
    "Timeline",
    "__version__",
    "aged_balance",
    "allocate",
    "attendance_split",
    "audit",
    "balance",
    "bills",
    "cancel",
    "check_invoice",
    "compare_regimes",
    "data_retention_until",
    "default_rates",
    "deposit_due",
    "dispute_forum",
    "e_invoice",
    "e_invoice_xml",
    "fee_schedule",
    "history",
    "journal",
    "late_interest",
    "liability_cap",
    "payment_due",
    "plot_aged_balance",
    "postpone",
    "public_holiday",
    "quote_expires_on",
    "read_fec",
    "read_invoice_xml",
    "read_invoices",
    "read_ledger",
    "refund_letter",
    "refund_surcharge",
    "reminder",
    "resolution_opens_on",
    "retraction_window",
    "statement",
    "statutory_deadline",
    "timeline",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'lexom_terms' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from .allocation import AllocatedPart, ReceiptAllocation, allocate
    from .api import (
        balance,
        cancel,
        data_retention_until,
        deposit_due,
        dispute_forum,
        late_interest,
        liability_cap,
        payment_due,
        postpone,
        quote_expires_on,
        refund_surcharge,
        resolution_opens_on,
        retraction_window,
        timeline,
    )
    from .attendance import AttendanceSplit, attendance_split
    from .calendar import Deadline, public_holiday, statutory_deadline
    from .enums import (
        Allocation,
        BillKind,
        CgvVersion,
        Channel,
        DayCount,
        EcbReference,
        FeeVat,
        Initiator,
        PersonKind,
        PublicBuyer,
        Reason,
        SessionFormat,
        Status,
    )
    from .errors import InvalidInputError, MissingRateError, OutsideCgvError
    from .ledgers.einvoices import read_invoices
    from .ledgers.facturx import read_invoice_xml
    from .ledgers.fec import read_fec
    from .ledgers.spreadsheet import read_ledger
    from .models import (
        Attendance,
        Cancel,
        Client,
        InterestPolicy,
        Invoice,
        Line,
        Notice,
        OpcoFunding,
        Order,
        Party,
        Payment,
        Postpone,
        Receipt,
        Session,
    )
    from .order_history import History, history
    from .rates import RateTable, default_rates
    from .results import (
        Amount,
        Balance,
        Boundary,
        Citation,
        Due,
        InterestClaim,
        InterestPeriod,
        LineSettlement,
        Milestone,
        RefundSurcharge,
        RetractionWindow,
        Settlement,
        Stamp,
        Timeline,
    )
    from .tools.audit import AuditReport, AuditRow, audit
    from .tools.bills import Bill, bills
    from .tools.check import Check, CheckLine, Claimed, check_invoice
    from .tools.compare import RegimeComparison, compare_regimes
    from .tools.einvoice import e_invoice, e_invoice_xml
    from .tools.journal import journal
    from .tools.letters import Creditor, Letter, Statement, refund_letter, reminder, statement
    from .tools.plot import aged_balance, plot_aged_balance
    from .tools.schedule import FeeSchedule, FeeStep, fee_schedule
