"""``lexom-terms history``: successive notices on one order (``lexom_terms.history``,
RULEBOOK §15)."""

from __future__ import annotations

import argparse
import json

from pydantic import ValidationError

from ...models import Cancel, Order, Postpone
from ...order_history import history
from .._core import (
    Command,
    UsageError,
    emit,
    fee_vat_option,
    json_text,
    output_options,
    read_model,
    validation_message,
)


def read_steps(path: str) -> list[Cancel | Postpone]:
    """A JSON array of steps, each ``{"step": "cancel" | "postpone", "notice": {...}, ...}``
    (a postponement may add ``new_start``, ``waive_fee``; either may add ``proposal_cost``)."""
    text = json_text(path)
    try:
        items = json.loads(text)
    except ValueError as error:
        raise UsageError(f"{path}: not a JSON array of steps ({error})") from None
    if not isinstance(items, list):
        raise UsageError(
            f'{path}: give a JSON array of steps, each with "step": "cancel" or "postpone"'
        )
    steps: list[Cancel | Postpone] = []
    for index, item in enumerate(items):
        kind = item.get("step") if isinstance(item, dict) else None
        model: type[Cancel] | type[Postpone] | None = None
        if kind == "cancel":
            model = Cancel
        elif kind == "postpone":
            model = Postpone
        if model is None:
            raise UsageError(f'{path}: step {index + 1} needs "step": "cancel" or "postpone"')
        fields = {k: v for k, v in item.items() if k != "step"}
        try:
            steps.append(model.model_validate(fields))
        except ValidationError as error:
            raise UsageError(f"{path}: step {index + 1}: {validation_message(error)}") from None
    return steps


class History(Command):
    name = "history"
    help = "successive notices on one order, settled one after the other"
    example = "lexom-terms history examples/company_order.json examples/life/steps.json"
    details = (
        'STEPS is a JSON array, each step {"step": "cancel" | "postpone", "notice":'
        ' {...}, "new_start": ..., "waive_fee": ..., "proposal_cost": ...}; a notice may'
        ' name the order\'s lines ("lines": [...]). RULEBOOK §15: a later fee on a line is the'
        " scale at its date less the fees already charged on it."
    )
    positional = (("order", "an Order as JSON"), ("steps", "the steps, a JSON array"))
    rank = 210

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        fee_vat_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        emit(history(order, read_steps(args.steps), fee_vat=args.fee_vat), args)
