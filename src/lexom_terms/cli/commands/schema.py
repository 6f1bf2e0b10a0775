"""``lexom-terms schema``: the JSON Schema of the input models, or of the results."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pydantic import BaseModel

from ...models import InterestPolicy, Invoice, Notice, Order, Party
from ...tools.check import Claimed
from ...tools.letters import Creditor
from .._core import Command, UsageError

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "Order": Order,
    "Notice": Notice,
    "Invoice": Invoice,
    "Claimed": Claimed,
    "InterestPolicy": InterestPolicy,
    # the letters' --recipient and --creditor files (issue 20 item 4), the e-invoice's
    # --seller and --buyer (issue 19)
    "Party": Party,
    "Creditor": Creditor,
}

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def result_models() -> dict[str, type[BaseModel]]:
    """The models of what the library returns (``--json`` output), by name."""
    from ... import allocation, attendance, order_history, results
    from ...tools import bills, check, compare, schedule

    return {
        "Settlement": results.Settlement,
        "RetractionWindow": results.RetractionWindow,
        "Due": results.Due,
        "Balance": results.Balance,
        "InterestClaim": results.InterestClaim,
        "Timeline": results.Timeline,
        "Amount": results.Amount,
        "Check": check.Check,
        "FeeSchedule": schedule.FeeSchedule,
        "RegimeComparison": compare.RegimeComparison,
        "Bill": bills.Bill,
        # an order's life (issue 18)
        "History": order_history.History,
        "AttendanceSplit": attendance.AttendanceSplit,
        "ReceiptAllocation": allocation.ReceiptAllocation,
    }


def json_schema(model: type[BaseModel], *, output: bool = False) -> dict[str, Any]:
    """A model's JSON Schema (draft 2020-12, as pydantic writes it), with ``$schema``; an
    output model's schema describes its JSON form (computed fields included)."""
    if output:
        from ...result_docs import describe

        schema = describe(model.model_json_schema(mode="serialization"))
    else:
        schema = model.model_json_schema(mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


class Schema(Command):
    name = "schema"
    help = "JSON Schema of the input models (or, --results, the outputs)"
    example = "lexom-terms schema Order"
    details = (
        ". Input models validate the JSON files the other commands read; --results"
        " describes what --json prints."
    )
    rank = 140

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "model",
            nargs="?",
            default="all",
            help=f"one model (input: {', '.join(SCHEMA_MODELS)}, AuditReport; default all)",
        )
        parser.add_argument(
            "--results", action="store_true", help="the result models (what --json prints) instead"
        )

    def run(self, args: argparse.Namespace) -> None:
        models = result_models() if args.results else SCHEMA_MODELS
        if args.model == "AuditReport":  # the JSON report of `audit`, not an input model
            from ...tools.audit import report_schema

            schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT, **report_schema()}
        elif args.model == "all":
            schema = {
                name: json_schema(model, output=args.results) for name, model in models.items()
            }
        elif args.model in models:
            schema = json_schema(models[args.model], output=args.results)
        else:
            kind = "result" if args.results else "input"
            raise UsageError(
                f"{args.model!r} is not an {kind} model; choose from {', '.join(models)}"
                + ("" if args.results else " (or add --results for the result models)")
            )
        sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
