"""``read_invoices``: a folder of e-invoices (Factur-X PDFs, CII or UBL XML) audited as a ledger
(``lexom-terms audit --invoices DIR``).

Each file is read by :func:`~lexom_terms.ledgers.facturx.read_invoice_xml`, with the same
checks. The client of each invoice is not in the CGV's terms but in the XML's buyer: it is
matched in a clients file (the FEC's: ``account``, ``kind``, optionally ``name``,
``professional``, ``country``, ``subdivision``, ``public_buyer``, ``cgv``) whose ``account`` is one
of the buyer's identifiers as written (BT-46 buyer identifier, BT-47 legal registration — SIREN
—, BT-48 VAT number) or its name (BT-44); else the default client. Credit notes reduce the
invoice they name (BT-25) when the folder holds it; one that names no invoice of the folder is
an error (``orphan_credit_note``), never applied to a guess. Files are taken in name order; a
file that is not an e-invoice is an error naming it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import fmt
from ..enums import CgvVersion
from ..errors import InvalidInputError
from ..models import Client, Invoice
from .facturx import EInvoice, parse_xml, read_root
from .facturx import _xml_bytes as xml_bytes
from .fec import _client, read_clients

#: the files read in a folder
SUFFIXES = (".pdf", ".xml")
#: a folder holding more files than this is refused (an audit is a ledger, not a disk scan)
MAX_FILES = 100_000


@dataclass(frozen=True)
class EInvoiceLedger:
    """The invoices of a folder of e-invoices, in file-name order."""

    invoices: tuple[Invoice, ...]
    files: dict[str, str]
    """invoice number → the file it was read from"""
    credit_notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """invoice number → the credit notes (their numbers) deducted from its amount"""
    anomalies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """invoice number → what the audit reports in its ``anomalies`` column"""

    def __iter__(self) -> Any:
        return iter(self.invoices)

    def __len__(self) -> int:
        return len(self.invoices)


def _located(path: Path, error: InvalidInputError) -> InvalidInputError:
    located = InvalidInputError(f"{path.name}: {error}", field=str(path), code=error.code)
    return located


def read_invoices(
    folder: str | os.PathLike[str],
    *,
    cgv: CgvVersion | str,
    clients: Any = None,
    default_client: Client | None = None,
    receipt_delay_days: int | None = None,
) -> EInvoiceLedger:
    """Every e-invoice of ``folder`` (``*.pdf``, ``*.xml``) as a ledger (see the module's
    text). ``clients``: a clients file, or a dict ``identifier`` → ``Client``."""
    version = CgvVersion(cgv)
    base = Path(folder)
    if not base.is_dir():
        raise InvalidInputError(
            f"{base}: not a folder (give the folder that holds the e-invoices)",
            field=str(base),
            code="not_a_folder",
        )
    paths = sorted(p for p in base.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())[
        : MAX_FILES + 1
    ]
    if len(paths) > MAX_FILES:
        raise InvalidInputError(
            f"{base}: more than {MAX_FILES} files", field=str(base), code="too_many_files"
        )
    if not paths:
        raise InvalidInputError(
            f"{base}: no e-invoice (*.pdf, *.xml) in the folder", field=str(base), code="no_files"
        )
    if clients is None and default_client is None:
        raise InvalidInputError(
            "the e-invoices do not say who their buyers are in the CGV's terms: give a clients"
            " file (--clients) or a default client (--default-client)",
            field="clients",
            code="unknown_clients",
        )
    table: dict[str, Any] = (
        {} if clients is None else clients if isinstance(clients, dict) else read_clients(clients)
    )
    read: list[tuple[Path, EInvoice, Client, CgvVersion]] = []
    missing: list[str] = []
    placeholder = default_client or Client(name="(client)", kind="legal_person")
    for path in paths:
        try:
            root = parse_xml(xml_bytes(path))
            # read once with a placeholder client to learn the buyer, then with its own
            first = read_root(root, cgv=version, client=placeholder, receipt_delay_days=0)
            client, own = _match(first, table, default_client)
            if client is None:
                missing.append(f"{path.name} ({', '.join(first.buyer) or 'no buyer'})")
                continue
            einvoice = read_root(
                root, cgv=own or version, client=client, receipt_delay_days=receipt_delay_days
            )
        except InvalidInputError as error:
            raise _located(path, error) from None
        read.append((path, einvoice, client, own or version))
    if missing:
        raise InvalidInputError(
            f"{len(missing)} e-invoice(s) whose buyer is not in the clients file: "
            + "; ".join(missing[:10])
            + ("…" if len(missing) > 10 else "")
            + "; add an account named by one of the buyer's identifiers, or a default client",
            field="clients",
            code="unknown_clients",
        )
    invoices: dict[str, Invoice] = {}
    files: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    for path, einvoice, _, _ in read:
        if einvoice.invoice is None:
            continue
        if einvoice.number in invoices:
            raise InvalidInputError(
                f"{path.name}: invoice {einvoice.number} is also in {files[einvoice.number]}",
                field=str(path),
                code="duplicate_invoice",
            )
        invoices[einvoice.number] = einvoice.invoice
        files[einvoice.number] = path.name
    anomalies: dict[str, list[str]] = {}
    for path, einvoice, _, _ in read:
        if einvoice.invoice is not None:
            if einvoice.prepaid_from == "BT-115":
                anomalies.setdefault(einvoice.number, []).append(
                    f"montant déjà payé déduit du net à payer (BT-115) :"
                    f" {fmt.money(einvoice.prepaid)} compté payé à la date de la facture"
                )
            continue
        target = einvoice.refers_to
        if target is None or target not in invoices:
            raise InvalidInputError(
                f"{path.name}: credit note {einvoice.number} names "
                + (f"invoice {target}, not in the folder" if target else "no invoice (BT-25)")
                + ": it cannot be applied to a guess",
                field=str(path),
                code="orphan_credit_note",
            )
        try:
            invoices[target] = einvoice.apply_to(invoices[target])
        except InvalidInputError as error:
            if error.code != "cancelled_invoice":
                raise _located(path, error) from None
            del invoices[target]  # cancelled whole: nothing is owed, nothing to audit
        notes.setdefault(target, []).append(einvoice.number)
    return EInvoiceLedger(
        tuple(invoices.values()),
        files,
        {k: tuple(v) for k, v in notes.items()},
        {k: tuple(v) for k, v in anomalies.items() if k in invoices},
    )


def _match(
    einvoice: EInvoice, table: dict[str, Any], default: Client | None
) -> tuple[Client | None, CgvVersion | None]:
    for key in einvoice.buyer:
        known = table.get(key)
        if known is None:
            continue
        if isinstance(known, Client):
            return known, None
        client, own = _client(known, key, int(known.get("_line", "0")))
        return client, CgvVersion(own) if own else None
    if default is None:
        return None, None
    name = einvoice.buyer[-1] if einvoice.buyer else default.name
    return default.model_copy(update={"name": name}), None
