"""Run the independent hand-computed cases against the public API of ``lexom_terms``.

Not a pytest module (pytest collects ``test_*.py`` only): a standalone script.

    PYTHONPATH=src python tests/independent/run_cases.py [--json FILE] [--only ID ...] [-v]

Each case of ``cases_0_3.json`` names a public function, its arguments written as JSON, and the
figures a reader of RULEBOOK computed by hand. The script builds the models through the public
names of API.md only, calls the function, compares every expected field and prints one row per
case: ``agree``, ``disagree``, ``error`` (an unexpected exception), or ``missing`` (the function,
model or result field does not exist yet). Cases marked ``"open": true`` settle a point RULEBOOK
leaves open; they are counted apart.

Argument encoding (recursive):
- ``{"$model": "Order", ...fields}``: ``lexom_terms.Order.model_validate(fields)``;
- ``{"$call": "cancel", "args": [...], "kwargs": {...}}``: the result of that public call
  (e.g. the settlement that ``refund_surcharge`` takes);
- ``{"$decimal": "120.00"}``, ``{"$date": "2026-03-02"}``, ``{"$enum": "FeeVat", "value": "..."}``;
- a list is converted element by element; any other value is passed as is.

Expected values: a path (``owed``, ``lines.0.owed``, ``fees_by_line.B``,
``parts[invoice=F1][receipt=0].amount``, ``citations.*.source``) mapped to a string (Decimal,
date, enum value), a number, a bool, null, or a comparator ``{"contains": x}``,
``{"not_contains": x}``, ``{"unique": true}`` for lists. ``"raises": {"code": ...}`` expects an
error carrying that code (``InvalidInputError.code`` or a pydantic error type).
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import sys
import traceback
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CASES = HERE / "cases_0_3.json"


class Missing(Exception):
    """A public name or a result field that does not exist (yet)."""


@dataclass
class Outcome:
    case_id: str
    section: str
    is_open: bool
    status: str  # agree, disagree, error, missing
    details: list[str] = field(default_factory=list)


def _lt() -> Any:
    import lexom_terms

    return lexom_terms


def _public(name: str) -> Any:
    lt = _lt()
    if not hasattr(lt, name):
        raise Missing(f"lexom_terms.{name} does not exist")
    return getattr(lt, name)


def convert(value: Any) -> Any:
    if isinstance(value, list):
        return [convert(v) for v in value]
    if isinstance(value, dict):
        if "$model" in value:
            fields = {k: v for k, v in value.items() if k != "$model"}
            return _public(value["$model"]).model_validate(fields)
        if "$call" in value:
            func = _public(value["$call"])
            args = [convert(a) for a in value.get("args", [])]
            kwargs = {k: convert(v) for k, v in value.get("kwargs", {}).items()}
            return func(*args, **kwargs)
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$enum" in value:
            return _public(value["$enum"])(value["value"])
        return {k: convert(v) for k, v in value.items()}
    return value


_SEGMENT = re.compile(r"^([^\[\]]*)((?:\[[^\]]+\])*)$")


def _step(obj: Any, name: str) -> Any:
    if name == "*":
        return list(obj)
    if isinstance(obj, dict):
        if name not in obj:
            raise Missing(f"key {name!r} not in {sorted(map(str, obj))}")
        return obj[name]
    if isinstance(obj, (list, tuple)) and name.lstrip("-").isdigit():
        index = int(name)
        if index >= len(obj):
            raise Missing(f"index {index} out of range (length {len(obj)})")
        return obj[index]
    if not hasattr(obj, name):
        raise Missing(f"{type(obj).__name__} has no field {name!r}")
    return getattr(obj, name)


def _matches(item: Any, key: str, wanted: str) -> bool:
    got = getattr(item, key, None)
    if got is None and isinstance(item, dict):
        got = item.get(key)
    return _text(got) == wanted


def resolve(obj: Any, path: str) -> Any:
    current: Any = obj
    mapped = False  # True once a "*" or a filter made the current value a list of items
    for raw in path.split("."):
        match = _SEGMENT.match(raw)
        if match is None:
            raise ValueError(f"bad path segment {raw!r}")
        name, filters = match.group(1), match.group(2)
        if name:
            if mapped and name != "*":
                current = [_step(item, name) for item in current]
            else:
                current = _step(current, name)
                mapped = mapped or name == "*"
        for flt in re.findall(r"\[([^\]=]+)=([^\]]*)\]", filters):
            items = current if isinstance(current, (list, tuple)) else [current]
            current = [item for item in items if _matches(item, flt[0], flt[1])]
            mapped = True
    if mapped and isinstance(current, list) and "*" not in path:
        # a filter: one item is itself, several amounts are summed
        if len(current) == 1:
            return current[0]
        if current and all(isinstance(v, Decimal) for v in current):
            return sum(current, Decimal(0))
        if not current:
            raise Missing(f"no item matches {path!r}")
    return current


def _text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict):
        items = [_text(v) for v in got] if isinstance(got, (list, tuple)) else None
        if items is None:
            return False
        if "contains" in expected:
            return str(expected["contains"]) in items
        if "not_contains" in expected:
            return str(expected["not_contains"]) not in items
        if "unique" in expected:
            return len(items) == len(set(items))
        if "length" in expected:
            return len(items) == int(expected["length"])
        return False
    if expected is None:
        return got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(got, Decimal):
        try:
            return Decimal(str(expected)) == got
        except InvalidOperation:
            return False
    if isinstance(got, int) and not isinstance(expected, str):
        return bool(expected == got)
    return _text(got) == str(expected)


def _codes(exc: BaseException) -> list[str]:
    codes = []
    code = getattr(exc, "code", None)
    if code is not None:
        codes.append(str(code))
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            for err in errors():
                codes.append(str(err.get("type")))
                ctx = err.get("ctx") or {}
                if "code" in ctx:
                    codes.append(str(ctx["code"]))
                codes.append(str(err.get("msg", "")))
        except Exception:  # a non-pydantic errors() attribute
            pass
    return codes


def _not_there_yet(exc: BaseException) -> str | None:
    """An error that says the public API lacks a field or keyword, not that a figure differs."""
    if isinstance(exc, TypeError) and "unexpected keyword argument" in str(exc):
        return f"keyword not accepted yet: {exc}"
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            extra = [e for e in errors() if e.get("type") == "extra_forbidden"]
        except Exception:  # a non-pydantic errors() attribute
            return None
        if extra:
            where = ".".join(str(p) for p in extra[0].get("loc", ()))
            return f"model field not there yet: {where}"
    return None


def run_case(case: dict[str, Any]) -> Outcome:
    out = Outcome(case["id"], case.get("section", ""), bool(case.get("open", False)), "agree")
    expect: dict[str, Any] = case.get("expect", {})
    raises = case.get("raises")
    try:
        if case["function"] == "$model":
            result = convert(case["args"][0])
        else:
            func = _public(case["function"])
            args = [convert(a) for a in case.get("args", [])]
            kwargs = {k: convert(v) for k, v in case.get("kwargs", {}).items()}
            result = func(*args, **kwargs)
    except Missing as exc:
        out.status = "missing"
        out.details.append(str(exc))
        return out
    except Exception as exc:
        lacking = _not_there_yet(exc)
        if lacking is not None:
            out.status = "missing"
            out.details.append(lacking)
            return out
        if raises is not None:
            wanted = str(raises.get("code", ""))
            codes = _codes(exc)
            if any(wanted == c or (wanted and wanted in c) for c in codes):
                return out
            out.status = "disagree"
            out.details.append(
                f"raises: expected code {wanted!r}, got {type(exc).__name__} codes={codes[:3]}"
            )
            return out
        out.status = "error"
        out.details.append(f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
        if "-v" in sys.argv:
            out.details.append(traceback.format_exc())
        return out
    if raises is not None:
        out.status = "disagree"
        out.details.append(f"raises: expected code {raises.get('code')!r}, got a result")
        return out
    missing = False
    for path, wanted in expect.items():
        try:
            got = resolve(result, path)
        except Missing as exc:
            missing = True
            out.details.append(f"{path}: {exc}")
            continue
        if not same(wanted, got):
            out.status = "disagree"
            shown = [_text(v) for v in got] if isinstance(got, (list, tuple)) else _text(got)
            out.details.append(f"{path}: expected {wanted!r}, got {shown!r}")
    if missing and out.status == "agree":
        out.status = "missing"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=DEFAULT_CASES, help="the cases file")
    parser.add_argument("--only", nargs="*", default=None, help="case ids to run")
    parser.add_argument("-v", action="store_true", help="tracebacks of errors")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on a hard case that does not agree"
    )
    ns = parser.parse_args(argv)
    data = json.loads(ns.json.read_text(encoding="utf-8"))
    cases = [c for c in data["cases"] if ns.only is None or c["id"] in ns.only]
    outcomes = [run_case(c) for c in cases]
    width = max((len(o.case_id) for o in outcomes), default=4)
    print(f"{'case':<{width}}  {'section':<28} {'kind':<4}  result")
    for o in outcomes:
        kind = "open" if o.is_open else "hard"
        print(f"{o.case_id:<{width}}  {o.section[:28]:<28} {kind:<4}  {o.status}")
        for d in o.details:
            print(f"{'':<{width}}      {d}")
    print()
    for label, group in (
        ("hard", [o for o in outcomes if not o.is_open]),
        ("open", [o for o in outcomes if o.is_open]),
    ):
        counts = {
            s: sum(1 for o in group if o.status == s)
            for s in ("agree", "disagree", "error", "missing")
        }
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        print(f"{label}: {len(group)} cases: {summary}")
    print(f"total: {len(outcomes)} cases")
    bad = [o for o in outcomes if not o.is_open and o.status != "agree"]
    return 1 if ns.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
