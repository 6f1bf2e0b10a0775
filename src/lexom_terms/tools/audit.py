"""``audit``: late-payment interest and recovery indemnity for every invoice of a ledger.

The ledger comes from :func:`lexom_terms.read_ledger` (a spreadsheet), :func:`read_fec` (the
FEC) or any iterable of :class:`Invoice`. Invoices are settled one by one, in ledger order, and
never kept: :func:`settle` yields one :class:`AuditRow` per invoice (the command line writes each
as it comes), :func:`audit` collects them into an :class:`AuditReport` for a script.

``workers=N`` (N > 1) settles chunks of the ledger in N processes; rows come back in ledger
order, and a bad row stops the audit at the same line and with the same message as one worker.

Report outputs (:func:`writer`): ``csv`` (data rows only, ISO dates, dot decimals), ``csv-fr``
(French Excel: ``;``, decimal comma, ``JJ/MM/AAAA``, French headers, ``oui``/``non``, UTF-8
byte-order mark) and ``json`` (real types: integers, booleans, money as exact decimal strings;
:func:`report_schema` is its JSON Schema). Totals are not a row: they go to the JSON document's
``totals`` and to the separate summary (:func:`summary_rows`). Every text cell of a CSV output
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``
(OWASP, "CSV injection"), so that a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import IO, Any, NamedTuple

from .. import display, fmt
from .._audit_columns import MONEY_COLUMNS
from ..api import late_interest  # the same dispatch as `interest` and `check`
from ..cgv.registry import versions
from ..enums import CgvVersion
from ..errors import InvalidInputError, MissingRateError
from ..interest import ClaimFigures, claim_figures, lapse_caveats
from ..ledgers._text import LedgerError
from ..ledgers._unique import Duplicate, UniqueNumbers, first_duplicate, read_run
from ..ledgers.spreadsheet import Layout, Ledger, read_ledger
from ..models import InterestPolicy, Invoice
from ..money import ZERO
from ..rates import RateTable, default_rates
from ..results import Citation, InterestClaim

__all__ = [
    "REPORT_COLUMNS",
    "AuditReport",
    "AuditRow",
    "LedgerError",
    "audit",
    "read_ledger",
    "report_schema",
    "settle",
    "settle_chunks",
    "settle_files",
]


class AuditRow(NamedTuple):
    """One invoice's figures, typed: money as ``Decimal``, days as ``int``, flags as ``bool``."""

    number: str
    cgv: str
    due_on: date
    amount_incl_tax: Decimal
    days_late: int
    principal_outstanding: Decimal
    interest: Decimal
    interest_settled: Decimal
    interest_outstanding: Decimal
    recovery_indemnity: Decimal
    total: Decimal
    provisional: bool
    caveats: tuple[str, ...]
    """the claim's caveats (consumer penalty clause, time bar...), ``source: French text``"""
    anomalies: tuple[str, ...]
    """facts of the ledger worth a look: a payment before the invoice date, payments above the
    amount"""


REPORT_COLUMNS = AuditRow._fields
#: the report's columns that add up into the totals
TOTALS = MONEY_COLUMNS[1:]
#: the columns that carry text the ledger gave (neutralised in CSV outputs)
TEXT_COLUMNS = ("number", "cgv", "caveats", "anomalies")
FRENCH_HEADERS = {
    "number": "numéro",
    "cgv": "cgv",
    "due_on": "échéance",
    "amount_incl_tax": "montant_ttc",
    "days_late": "jours_de_retard",
    "principal_outstanding": "principal_restant_dû",
    "interest": "intérêts",
    "interest_settled": "intérêts_réglés",
    "interest_outstanding": "intérêts_restant_dus",
    "recovery_indemnity": "indemnité_forfaitaire",
    "total": "total",
    "provisional": "provisoire",
    "caveats": "réserves",
    "anomalies": "anomalies",
}
FORMATS = ("csv", "csv-fr", "json")


def report_row(invoice: Invoice, claim: InterestClaim) -> AuditRow:
    """An invoice's report row."""
    return AuditRow(
        invoice.number,
        str(invoice.cgv),
        invoice.due_on,
        invoice.amount_incl_tax,
        claim.days_late,
        claim.principal_outstanding,
        claim.interest,
        claim.interest_settled,
        claim.interest_outstanding,
        claim.recovery_indemnity,
        claim.total,
        claim.is_provisional,
        # RULEBOOK §20: the quadrennial lapse date of a public claim, in the caveat column
        caveat_texts((*claim.caveats, *lapse_caveats(invoice.client, claim))),
        anomalies(invoice),
    )


def caveat_texts(caveats: tuple[Citation, ...]) -> tuple[str, ...]:
    """The report's text of a claim's caveats: ``source: French text``."""
    return tuple(f"{c.source}: {c.text_fr or c.text}" for c in caveats)


def anomalies(invoice: Invoice) -> tuple[str, ...]:
    """What the ledger says that an accountant should look at (never a refusal: the figures
    follow the facts as given)."""
    payments = invoice.payments
    if not payments:
        return ()
    issued = invoice.issued_on
    paid = ZERO
    early = False
    for payment in payments:  # the common case in one pass: nothing to say
        paid += payment.amount
        if payment.on < issued:
            early = True
    if not early and paid <= invoice.amount_incl_tax:
        return ()
    found = [
        f"paiement de {fmt.money(p.amount)} le {fmt.day(p.on)}, avant la date de la facture"
        f" ({fmt.day(invoice.issued_on)})"
        for p in invoice.payments
        if p.on < invoice.issued_on
    ]
    paid = invoice.paid
    if paid > invoice.amount_incl_tax:
        found.append(
            f"paiements de {fmt.money(paid)} au-delà du montant TTC de"
            f" {fmt.money(invoice.amount_incl_tax)} (trop-perçu de"
            f" {fmt.money(paid - invoice.amount_incl_tax)})"
            " ; à rembourser à un consommateur rétracté : voir lexom-terms refund (L242-4)"
        )
    return tuple(found)


# --- settling ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    as_of: date
    rates: RateTable
    policy: InterestPolicy
    layout: Layout | None
    render: str | None
    """the output format a chunk is rendered to (None: keep the rows)"""
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """what the reader reports per invoice number (a FEC's advances and opening credits),
    added to the row's anomalies"""


@dataclass
class Chunk:
    """A run of consecutive invoices, settled: their rows (or their rendered text) and sums."""

    rows: list[AuditRow]
    text: str
    count: int
    sums: dict[str, Decimal]
    provisional: list[str]


def _settle_one(job: _Job, invoice: Invoice) -> AuditRow:
    try:
        # The common case without building the claim (its periods and citations are not in the
        # report); the same figures as late_interest's (tests/test_interest_fast.py).
        figures = claim_figures(invoice, job.as_of, job.rates, job.policy)
        if figures is None:
            claim = late_interest(invoice, job.as_of, rates=job.rates, policy=job.policy)
            row = report_row(invoice, claim)
            noted = job.notes.get(invoice.number)
            return row if noted is None else row._replace(anomalies=row.anomalies + noted)
    except MissingRateError as error:
        raise InvalidInputError(
            f"invoice {invoice.number!r}: {error}", field="rates", code="missing_rate"
        ) from error
    key = figures.caveats_key
    caveats = _CAVEAT_TEXT.get(key)
    if caveats is None:
        if len(_CAVEAT_TEXT) > 4096:
            _CAVEAT_TEXT.clear()
        caveats = _CAVEAT_TEXT[key] = caveat_texts(figures.caveats)
    # the row's tuple built at once; the claim's figures are taken by name (_FIGURES_OF)
    return _new_row(
        AuditRow,
        (
            invoice.number,
            _CGV_TEXT.get(invoice.cgv) or str(invoice.cgv),
            invoice.due_on,
            invoice.amount_incl_tax,
            *_FIGURES_OF(figures),
            caveats,
            anomalies(invoice) + job.notes.get(invoice.number, ())
            if job.notes
            else anomalies(invoice),
        ),
    )


_new_row = tuple.__new__
#: the report's columns that are the claim's figures, by name (``caveats`` is rendered as text)
_FIGURE_COLUMNS = tuple(
    name for name in REPORT_COLUMNS if name in ClaimFigures._fields and name != "caveats"
)
#: those figures read from a ClaimFigures by their names (the positions derived once, here)
_FIGURES_OF = itemgetter(*(ClaimFigures._fields.index(name) for name in _FIGURE_COLUMNS))
_CGV_TEXT = {version: str(version) for version in CgvVersion}
#: ClaimFigures.caveats_key → the caveats' report text (a ledger has a few hundred at most)
_CAVEAT_TEXT: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _settle_chunk(job: _Job, items: list[Any]) -> Chunk:
    if job.layout is not None:
        build = job.layout.invoice
        rows = [_settle_one(job, build(record)) for record in items]
    else:
        rows = [_settle_one(job, invoice) for invoice in items]
    sums = {key: sum(map(_GET[key], rows), ZERO) for key in TOTALS}
    provisional = [row.number for row in rows if row.provisional]
    if job.render is None:
        return Chunk(rows, "", len(rows), sums, provisional)
    return Chunk([], render(rows, job.render), len(rows), sums, provisional)


_GET = {key: itemgetter(REPORT_COLUMNS.index(key)) for key in TOTALS}

_JOB: _Job | None = None


def _init_worker(job: _Job) -> None:
    global _JOB
    _JOB = job
    gc.disable()  # see collector_paused
    # Ctrl-C reaches the whole process group: the parent handles it (and stops the pool)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_chunk(items: list[Any]) -> Chunk:
    assert _JOB is not None
    return _settle_chunk(_JOB, items)


#: invoices per chunk: large enough that the pool's per-task cost (a future, two pickles, a
#: wake-up) stays far below the chunk's work, small enough to keep memory bounded
CHUNK = 4000


def _chunks(items: Iterator[Any]) -> Iterator[tuple[list[Any], Exception | None]]:
    """Consecutive runs of ``items``; when the reader fails, the run read so far comes with its
    error, so that the rows before it are settled (and their errors win) first."""
    while True:
        chunk: list[Any] = []
        try:
            for item in items:
                chunk.append(item)
                if len(chunk) == CHUNK:
                    break
        except InvalidInputError as error:
            yield chunk, error
            return
        if not chunk:
            return
        yield chunk, None


def settle_chunks(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    workers: int = 1,
    render: str | None = None,
) -> Iterator[Chunk]:
    """The ledger settled in chunks, in ledger order. ``workers`` > 1: in that many processes,
    at most two chunks ahead per worker (memory stays bounded). ``render``: each chunk comes
    rendered in that output format (done in the workers, so the parent only writes)."""
    job = replace(_job(as_of, rates, policy, workers, render), notes=_reader_notes(invoices))
    if isinstance(invoices, Ledger):
        job = replace(job, layout=invoices.layout)
    items: Iterator[Any] = invoices.records() if isinstance(invoices, Ledger) else iter(invoices)
    try:
        yield from _settled(job, items, workers)
    except LedgerError as error:
        # the first error in ledger order: a duplicate number found by the bounded check's
        # merge (after later rows were read) comes before a later row's error
        earlier = invoices.earliest(error) if isinstance(invoices, Ledger) else error
        if earlier is error:
            raise
        raise earlier from None


def _job(
    as_of: date,
    rates: RateTable | None,
    policy: InterestPolicy | None,
    workers: int,
    render: str | None,
) -> _Job:
    if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= 64:
        raise InvalidInputError(
            f"workers must be a whole number from 1 to 64, got {workers!r}",
            field="workers",
            code="bad_workers",
        )
    if render is not None and render not in FORMATS:
        raise InvalidInputError(
            f"format {render!r}: use one of {', '.join(FORMATS)}", field="format", code="bad_format"
        )
    return _Job(
        as_of,
        rates if rates is not None else default_rates(),
        policy if policy is not None else InterestPolicy(),
        None,
        render,
    )


def _settled(job: _Job, items: Iterator[Any], workers: int) -> Iterator[Chunk]:
    with collector_paused():
        if workers == 1:
            for chunk, error in _chunks(items):
                yield _settle_chunk(job, chunk)
                if error is not None:
                    raise error
            return
        pending: deque[Future[Chunk]] = deque()
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(job,)) as pool:
            try:
                for chunk, error in _chunks(items):
                    pending.append(pool.submit(_worker_chunk, chunk))
                    if error is not None:
                        while pending:
                            yield pending.popleft().result()
                        raise error
                    if len(pending) >= 2 * workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()


# --- several files: one worker per file -------------------------------------------------------


@dataclass(frozen=True)
class _FilePart:
    """What a worker sends back for one input file: its rendered rows are in a file of the
    shared folder (the parent copies them, in file order), its sorted numbers in another."""

    index: int
    text: str
    numbers: str
    count: int
    sums: dict[str, Decimal]
    provisional: list[str]
    error: InvalidInputError | None
    error_at: int
    """the line (or the invoice's place in the file) of ``error``: errors compare by (file, line)"""
    lines: bool
    """whether the places are the file's lines (a ledger), or the invoices' order (a FEC)"""


def _settle_file(
    job: _Job, index: int, reader: Callable[[], Iterable[Invoice]], folder: str
) -> _FilePart:
    """Read and settle one input file in this process: the parent reads nothing."""
    text = os.path.join(folder, f"{index}.txt")
    numbers = os.path.join(folder, f"{index}.run")
    count, sums, provisional = 0, dict.fromkeys(TOTALS, ZERO), []
    error: InvalidInputError | None = None
    error_at = 0
    unique: UniqueNumbers | None = None
    lines = True  # a ledger's places are its lines; a FEC's, its invoices' order
    with open(text, "w", encoding="utf-8", newline="") as out, collector_paused():
        try:
            invoices = reader()
            job = replace(job, notes=_reader_notes(invoices))
            if isinstance(invoices, Ledger):
                job = replace(job, layout=invoices.layout)
                items: Iterator[Any] = invoices.records()
                unique = invoices._unique  # the reader's own check holds the numbers
            else:
                unique, lines = UniqueNumbers(part=index), False
                items = _numbered(iter(invoices), unique)
            try:
                for chunk, read_error in _chunks(items):
                    settled = _settle_chunk(job, chunk)
                    out.write(settled.text)
                    count += settled.count
                    for key in TOTALS:
                        sums[key] += settled.sums[key]
                    provisional += settled.provisional
                    if read_error is not None:
                        raise read_error
            except LedgerError as found:
                earlier = invoices.earliest(found) if isinstance(invoices, Ledger) else found
                if earlier is found:
                    raise
                raise earlier from None
        except InvalidInputError as found:
            error, error_at = found, getattr(found, "line", 0)
    with open(numbers, "w", encoding="utf-8") as run:
        if unique is not None:
            unique.write(run)
    return _FilePart(index, text, numbers, count, sums, provisional, error, error_at, lines)


def _numbered(invoices: Iterator[Invoice], unique: UniqueNumbers) -> Iterator[Invoice]:
    """The invoices of a reader that checked its own numbers (a FEC), each recorded with its
    place for the check across files."""
    for place, invoice in enumerate(invoices, 1):
        unique.add(invoice.number, place)
        yield invoice


def _file_worker(index: int, reader: Callable[[], Iterable[Invoice]], folder: str) -> _FilePart:
    assert _JOB is not None
    return _settle_file(_JOB, index, reader, folder)


def settle_files(
    sources: Sequence[tuple[str, Callable[[], Iterable[Invoice]]]],
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    workers: int = 1,
    render: str = "csv",
) -> Iterator[Chunk]:
    """Several input files (a group's FECs, one per company and year; ledgers), each read and
    settled whole by one worker, so that the parent's reading no longer caps the pool. Chunks
    come in file order, then row order: the same bytes with any number of workers, and the same
    rows as one file holding them all. ``sources``: (name, reader) pairs, ``reader()`` returning
    the file's invoices (picklable: a module-level function or a ``functools.partial``).

    An invoice number may appear once in all the files (the report names an invoice by its
    number alone: docs/decisions.md). The first error in (file, line) order wins, as in one
    file; its ``source`` names the file. Memory stays bounded: rows go through files on disk,
    the duplicate check across files merges each file's sorted numbers."""
    job = _job(as_of, rates, policy, workers, render)
    folder = tempfile.mkdtemp(prefix="lexom-audit-")
    names = [name for name, _ in sources]
    parts = _file_parts(job, sources, workers, folder)
    try:
        failed: _FilePart | None = None
        done: list[_FilePart] = []
        for part in parts:
            done.append(part)
            if part.error is not None:
                failed = part
                break
            yield from _part_chunks(part)
        parts.close()  # the files after a failed one are not started
        runs = [open(part.numbers, encoding="utf-8") for part in done]  # noqa: SIM115
        try:
            before = None if failed is None else (failed.index, failed.error_at)
            numbered = [read_run(run, part.index) for run, part in zip(runs, done, strict=True)]
            twice = first_duplicate(numbered, before)
        finally:
            for run in runs:
                run.close()
        if twice is not None:
            raise _twice(twice, names, done)
        if failed is not None and failed.error is not None:
            failed.error.source = names[failed.index]  # type: ignore[attr-defined]
            raise failed.error
    finally:
        parts.close()
        shutil.rmtree(folder, ignore_errors=True)


def _twice(twice: Duplicate, names: list[str], parts: list[_FilePart]) -> InvalidInputError:
    """An invoice number found in two files: named with both files, and the line of each in a
    ledger (a FEC's invoices are counted in its order: its lines are not kept)."""
    (first_file, first_at), (second_file, second_at) = twice.first, twice.second
    first = f"line {first_at}" if parts[first_file].lines else f"its invoice {first_at}"
    message = f"invoice {twice.number!r} appears twice (first in {names[first_file]}, {first})"
    error: InvalidInputError
    if parts[second_file].lines:
        error = LedgerError(second_at, "number", message, code="duplicate_invoice")
    else:
        error = InvalidInputError(
            f"its invoice {second_at}: {message}", field="number", code="duplicate_invoice"
        )
    error.source = names[second_file]  # type: ignore[attr-defined]
    return error


def _file_parts(
    job: _Job,
    sources: Sequence[tuple[str, Callable[[], Iterable[Invoice]]]],
    workers: int,
    folder: str,
) -> Generator[_FilePart, None, None]:
    """Each file's part, in file order; with a pool, a file is read while earlier ones are
    handed on, and the files after a failed one are not started."""
    if workers == 1 or len(sources) == 1:
        for index, (_, reader) in enumerate(sources):
            yield _settle_file(job, index, reader, folder)
        return
    with ProcessPoolExecutor(
        min(workers, len(sources)), initializer=_init_worker, initargs=(job,)
    ) as pool:
        futures = [
            pool.submit(_file_worker, index, reader, folder)
            for index, (_, reader) in enumerate(sources)
        ]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _part_chunks(part: _FilePart) -> Iterator[Chunk]:
    """A file's rendered rows, copied in blocks (the totals with the first block)."""
    with open(part.text, encoding="utf-8", newline="") as text:
        first = True
        while True:
            block = text.read(1 << 20)
            if not block and not first:
                return
            if first:
                yield Chunk([], block, part.count, part.sums, part.provisional)
                first = False
            else:
                yield Chunk([], block, 0, dict.fromkeys(TOTALS, ZERO), [])


def _reader_notes(invoices: Iterable[Invoice]) -> dict[str, tuple[str, ...]]:
    """A FEC's anomalies per invoice (``FecLedger.anomalies``), else none."""
    found = getattr(invoices, "anomalies", None)
    return dict(found) if isinstance(found, dict) else {}


def settle(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[AuditRow]:
    """One row per invoice, in ledger order, as each chunk is settled. ``progress(n)`` is called
    every 10 000 invoices."""
    done = 0
    for chunk in settle_chunks(invoices, as_of, rates=rates, policy=policy, workers=workers):
        yield from chunk.rows
        done = progress_marks(done, chunk.count, progress)


def progress_marks(done: int, more: int, progress: Callable[[int], None] | None) -> int:
    after = done + more
    if progress is not None:
        for mark in range((done // 10_000 + 1) * 10_000, after + 1, 10_000):
            progress(mark)
    return after


def audit(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> AuditReport:
    """Interest and indemnity per invoice on ``as_of`` (RULEBOOK §9), for a script: every row
    is kept in the report. A bad row raises before any report exists."""
    table = rates if rates is not None else default_rates()
    chosen = policy if policy is not None else InterestPolicy()
    rows = tuple(
        settle(invoices, as_of, rates=table, policy=chosen, workers=workers, progress=progress)
    )
    delay = getattr(invoices, "receipt_delay_days", None)  # a FEC records its receipt delay
    return AuditReport(
        as_of=as_of,
        policy=chosen,
        rates_id=table.digest,
        lines=rows,
        receipt_delay_days=delay if isinstance(delay, int) else None,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """A ledger run allocates millions of short-lived objects that hold no reference cycles;
    the cyclic garbage collector would only rescan the heap (measured: about twice the time per
    invoice at 100 000 invoices). Paused for the batch, then restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- the report --------------------------------------------------------------------------------


class Totals:
    """The running totals of a report (kept while rows stream past)."""

    def __init__(self) -> None:
        self.count = 0
        self.sums = dict.fromkeys(TOTALS, ZERO)
        self.provisional: list[str] = []

    def add(self, row: AuditRow) -> None:
        self.count += 1
        for key in TOTALS:
            self.sums[key] += getattr(row, key)
        if row.provisional:
            self.provisional.append(row.number)

    def add_chunk(self, chunk: Chunk) -> None:
        self.count += chunk.count
        for key in TOTALS:
            self.sums[key] += chunk.sums[key]
        self.provisional += chunk.provisional


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Every invoice's :class:`AuditRow`, with the policy and rate table used."""

    as_of: date
    policy: InterestPolicy
    rates_id: str
    lines: tuple[AuditRow, ...]
    receipt_delay_days: int | None = None
    """for a FEC, the delay assumed between an invoice's date and its receipt (§3.2)"""

    def rows(self) -> Iterator[AuditRow]:
        """The typed rows, in ledger order."""
        return iter(self.lines)

    @property
    def totals(self) -> dict[str, Decimal]:
        return self._totals().sums

    def _totals(self) -> Totals:
        totals = Totals()
        for row in self.lines:
            totals.add(row)
        return totals

    @property
    def provisional_invoices(self) -> tuple[str, ...]:
        return tuple(row.number for row in self.lines if row.provisional)

    @property
    def provisional(self) -> bool:
        """True when any invoice's claim used an unconfirmed rate."""
        return any(row.provisional for row in self.lines)

    @property
    def count(self) -> int:
        return len(self.lines)

    def records(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict of its typed values."""
        for row in self.lines:
            yield row._asdict()

    def to_csv(self, format: str = "csv") -> str:
        out = io.StringIO()
        write = writer(format, out, self._meta())
        for row in self.lines:
            write.row(row)
        write.close(self._totals())
        return out.getvalue()

    def to_json(self) -> dict[str, Any]:
        out = io.StringIO()
        write = writer("json", out, self._meta())
        for row in self.lines:
            write.row(row)
        write.close(self._totals())
        document: dict[str, Any] = json.loads(out.getvalue())
        return document

    def _meta(self) -> ReportMeta:
        return ReportMeta(self.as_of, self.policy, self.rates_id, self.receipt_delay_days)

    def _repr_html_(self) -> str:
        from .. import display

        return display.html_for(self)

    def _arrow(self) -> Any:
        import pyarrow as pa

        money = pa.decimal128(18, 2)
        types = {name: money for name in MONEY_COLUMNS}
        types |= {"days_late": pa.int64(), "provisional": pa.bool_(), "due_on": pa.date32()}
        columns = {name: [getattr(row, name) for row in self.lines] for name in REPORT_COLUMNS}
        for name in ("caveats", "anomalies"):
            columns[name] = [" | ".join(values) for values in columns[name]]
        return pa.table(
            {
                name: pa.array(values, type=types.get(name, pa.string()))
                for name, values in columns.items()
            }
        )

    def to_pandas(self) -> Any:
        """A pandas DataFrame, money as Arrow ``decimal128(18, 2)`` (exact; never float).
        Needs the ``pandas`` extra."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - the extra is installed in the tests
            raise ImportError("to_pandas() needs: pip install 'lexom-terms[pandas]'") from None
        return self._arrow().to_pandas(types_mapper=pd.ArrowDtype)

    def to_polars(self) -> Any:
        """A polars DataFrame, money as ``pl.Decimal(18, 2)``. Needs the ``polars`` extra."""
        try:
            import polars as pl
        except ImportError:  # pragma: no cover - the extra is installed in the tests
            raise ImportError("to_polars() needs: pip install 'lexom-terms[polars]'") from None
        money = pl.Decimal(18, 2)
        data = {name: [getattr(row, name) for row in self.lines] for name in REPORT_COLUMNS}
        for name in ("caveats", "anomalies"):
            data[name] = [" | ".join(values) for values in data[name]]
        schema: dict[str, Any] = {name: pl.String for name in TEXT_COLUMNS}
        schema |= {name: money for name in MONEY_COLUMNS}
        schema |= {"days_late": pl.Int64, "provisional": pl.Boolean, "due_on": pl.Date}
        return pl.DataFrame(data, schema={name: schema[name] for name in REPORT_COLUMNS})


# --- writers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportMeta:
    as_of: date
    policy: InterestPolicy
    rates_id: str
    receipt_delay_days: int | None = None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """OWASP's rule against CSV injection: a cell that a spreadsheet would run as a formula
    (starting with ``= + - @``, tab or carriage return) is prefixed with ``'``."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _decimal_fr(value: Decimal) -> str:
    return str(value).replace(".", ",")


def csv_cells(row: AuditRow, french: bool) -> list[str]:
    """A row's CSV cells: ISO (``1800.00``, ``2025-06-10``, ``true``) or French (``1800,00``,
    ``10/06/2025``, ``oui``); text cells neutralised."""
    money = [str(row[i]) for i in _MONEY_AT]
    if french:
        money = [m.replace(".", ",") for m in money]
        due = row.due_on.strftime("%d/%m/%Y")
        flag = "oui" if row.provisional else "non"
    else:
        due = row.due_on.isoformat()
        flag = "true" if row.provisional else "false"
    return [
        neutralise(row.number),
        neutralise(row.cgv),
        due,
        money[0],
        str(row.days_late),
        *money[1:],
        flag,
        neutralise(" | ".join(row.caveats)) if row.caveats else "",
        neutralise(" | ".join(row.anomalies)) if row.anomalies else "",
    ]


_MONEY_AT = tuple(REPORT_COLUMNS.index(name) for name in MONEY_COLUMNS)


def render(rows: list[AuditRow], format: str) -> str:
    """Rows as the text of ``format``'s data lines (the same bytes whoever renders them)."""
    if format == "json":
        return "".join(",\n    " + _dumps(json_row(row)) for row in rows)
    french = format == "csv-fr"
    if not french:
        return "".join([_iso_line(row) for row in rows])
    delimiter, end = ";", "\r\n"
    lines = []
    for row in rows:
        cells = csv_cells(row, french)
        # The csv module quotes a cell holding the separator, a quote or a line break; no other
        # cell changes. Cells free of those (numbers, dates, nearly every text) are joined here;
        # a row with one goes through the csv module (the same bytes, tests/test_audit_render).
        for at in _TEXT_AT:
            text = cells[at]
            if delimiter in text or '"' in text or "\n" in text or "\r" in text or "\0" in text:
                out = io.StringIO()
                _csv_writer(out, french).writerow(cells)
                lines.append(out.getvalue())
                break
        else:
            lines.append(delimiter.join(cells) + end)
    return "".join(lines)


def _iso_line(row: AuditRow) -> str:
    """A row's ``csv`` line: :func:`csv_cells` joined as the csv module joins them, in one
    format (tests/test_audit_render.py compares both on any text)."""
    (number, cgv, due, amount, days, principal, interest, settled, outstanding, indemnity) = row[
        :10
    ]
    total, provisional, caveats, anomalies = row[10:]
    caveat = _JOINED.get(caveats) if caveats else ""
    if caveat is None:
        if len(_JOINED) > 4096:
            _JOINED.clear()
        caveat = _JOINED[caveats] = neutralise(" | ".join(caveats))
    noted = neutralise(" | ".join(anomalies)) if anomalies else ""
    if number.startswith(_FORMULA_START):
        number = "'" + number
    if cgv.startswith(_FORMULA_START):
        cgv = "'" + cgv
    line = (
        f"{number},{cgv},{due.isoformat()},{amount!s},{days!s},{principal!s},{interest!s},"
        f"{settled!s},{outstanding!s},{indemnity!s},{total!s},"
        f"{'true' if provisional else 'false'},{caveat},{noted}\n"
    )
    # No cell holds a separator, a quote or a line break (the only cells the csv module
    # quotes) exactly when the line has its 13 separators, its one line break and nothing else.
    if line.count(",") == 13 and line.count("\n") == 1 and not _QUOTED.search(line):
        return line
    out = io.StringIO()
    _csv_writer(out, False).writerow(csv_cells(row, False))
    return out.getvalue()


_QUOTED = re.compile('["\r\0]')

#: caveats → their report cell (a ledger has a few distinct sets)
_JOINED: dict[tuple[str, ...], str] = {}

_TEXT_AT = tuple(REPORT_COLUMNS.index(name) for name in TEXT_COLUMNS)


def _csv_writer(out: IO[str], french: bool) -> Any:
    if french:  # French Excel's own: ";" and CRLF
        return csv.writer(out, delimiter=";", lineterminator="\r\n")
    return csv.writer(out, delimiter=",", lineterminator="\n")


def json_row(row: AuditRow) -> dict[str, Any]:
    """A row as JSON values: money as exact decimal strings, days as int, flags as bool."""
    out: dict[str, Any] = {}
    for name, value in zip(REPORT_COLUMNS, row, strict=True):
        if isinstance(value, Decimal):
            out[name] = str(value)
        elif isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


class ReportWriter:
    """Writes a report chunk by chunk (streaming); :meth:`close` ends it with the totals."""

    format = "csv"

    def text(self, text: str) -> None:  # pragma: no cover - every writer defines
        raise NotImplementedError

    def row(self, row: AuditRow) -> None:
        self.text(render([row], self.format))

    def close(self, totals: Totals) -> None:  # pragma: no cover - every writer defines
        raise NotImplementedError


class _CsvWriter(ReportWriter):
    def __init__(self, out: IO[str], french: bool) -> None:
        self.out = out
        self.format = "csv-fr" if french else "csv"
        if french:
            out.write("\ufeff")
        header = [FRENCH_HEADERS[name] for name in REPORT_COLUMNS] if french else REPORT_COLUMNS
        _csv_writer(out, french).writerow(header)

    def text(self, text: str) -> None:
        self.out.write(text)

    def close(self, totals: Totals) -> None:
        pass


class _JsonWriter(ReportWriter):
    format = "json"

    def __init__(self, out: IO[str], meta: ReportMeta) -> None:
        self.out = out
        self.first = True
        head = {
            "as_of": meta.as_of.isoformat(),
            "policy": meta.policy.model_dump(mode="json"),
            "rates_id": meta.rates_id,
            "receipt_delay_days": meta.receipt_delay_days,
        }
        out.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "invoices": [')

    def text(self, text: str) -> None:
        if text:
            self.out.write(text[1:] if self.first else text)  # the first row has no comma
            self.first = False

    def close(self, totals: Totals) -> None:
        tail = {
            "count": totals.count,
            "provisional": bool(totals.provisional),
            "totals": {k: str(v) for k, v in totals.sums.items()},
        }
        body = json.dumps(tail, indent=2, ensure_ascii=False)[1:]
        self.out.write(("\n  ]," if not self.first else "],") + body + "\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def writer(format: str, out: IO[str], meta: ReportMeta) -> ReportWriter:
    """A streaming writer of ``format`` (``csv``, ``csv-fr`` or ``json``) onto ``out``."""
    if format == "json":
        return _JsonWriter(out, meta)
    if format in ("csv", "csv-fr"):
        return _CsvWriter(out, french=format == "csv-fr")
    raise InvalidInputError(
        f"format {format!r}: use one of {', '.join(FORMATS)}", field="format", code="bad_format"
    )


def summary_rows(totals: Totals, meta: ReportMeta) -> list[tuple[str, str]]:
    """The report's summary, apart from its rows: count, provisional flag, each total."""
    rows = [
        ("as_of", meta.as_of.isoformat()),
        ("rates_id", meta.rates_id),
        ("count", str(totals.count)),
        ("provisional", "true" if totals.provisional else "false"),
    ]
    if meta.receipt_delay_days is not None:
        rows.append(("receipt_delay_days", str(meta.receipt_delay_days)))
    rows += [(key, str(value)) for key, value in totals.sums.items()]
    return rows


_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}


def report_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of the JSON report."""
    row: dict[str, Any] = {name: dict(_MONEY) for name in MONEY_COLUMNS}
    row |= {
        "number": {"type": "string"},
        "cgv": {"enum": [str(version) for version in versions()]},
        "due_on": {"type": "string", "format": "date"},
        "days_late": {"type": "integer", "minimum": 0},
        "provisional": {"type": "boolean"},
        "caveats": {"type": "array", "items": {"type": "string"}},
        "anomalies": {"type": "array", "items": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "lexom-terms audit report",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "as_of",
            "policy",
            "rates_id",
            "receipt_delay_days",
            "invoices",
            "count",
            "provisional",
            "totals",
        ],
        "properties": {
            "as_of": {"type": "string", "format": "date"},
            "policy": {"type": "object"},
            "rates_id": {"type": "string"},
            "receipt_delay_days": {"type": ["integer", "null"], "minimum": 0},
            "invoices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(REPORT_COLUMNS),
                    "properties": {name: row[name] for name in REPORT_COLUMNS},
                },
            },
            "count": {"type": "integer", "minimum": 0},
            "provisional": {"type": "boolean"},
            "totals": {
                "type": "object",
                "additionalProperties": False,
                "required": list(TOTALS),
                "properties": {name: dict(_MONEY) for name in TOTALS},
            },
        },
    }


display.register(AuditReport, display.audit_report_html)  # its notebook display, found by type
