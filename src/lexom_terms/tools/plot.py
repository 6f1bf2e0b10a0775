"""Charts (optional extra ``plot``: matplotlib): the fee schedule as a step chart, and the aged
balance of an audit. Labels are French ("2 mars", "1 800,00 €"), placed so that none overlaps
another or the axis labels: each is measured after a draw and put on the first free row
(``tests/test_plot.py`` checks every label's box).

:func:`aged_balance` is the chart's arithmetic, kept apart and pure (no matplotlib): Decimal
sums per bucket of days late.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import fmt
from ..errors import InvalidInputError
from ..money import ZERO

if TYPE_CHECKING:
    from ..models import Order
    from .schedule import FeeSchedule

#: CLDR fr abbreviated month names (format context), as French charts print them
MONTHS_FR_SHORT = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
#: the aged-balance buckets: (label, first day late, last day late or None)
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–30 jours", 0, 30),
    ("31–60 jours", 31, 60),
    ("61–90 jours", 61, 90),
    ("> 90 jours", 91, None),
)
_LINE = "#1f4e79"
_NOTICE = "#c0392b"
_LABEL_SIZE = 8
_ROW_INCHES = 0.22
_GAP_PX = 6.0


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("charts need matplotlib: pip install 'lexom-terms[plot]'") from error
    return plt


def _dates() -> Any:
    """``matplotlib.dates``, typed loosely (matplotlib's date helpers are untyped)."""
    from importlib import import_module

    return import_module("matplotlib.dates")


def _x(day: date) -> float:
    """A date as matplotlib's x coordinate."""
    return float(_dates().date2num(day))


def short_day(day: date) -> str:
    """``2 mars``, ``1er juil.``: a chart label's date."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR_SHORT[day.month - 1]}"


def _month_ticks(ax: Any, left: date, right: date) -> None:
    from matplotlib.ticker import FuncFormatter

    dates = _dates()

    months = (right.year - left.year) * 12 + right.month - left.month + 1
    ax.xaxis.set_major_locator(dates.MonthLocator(interval=max(1, -(-months // 8))))
    shown: list[int] = []

    def label(value: float, position: int | None) -> str:
        day = dates.num2date(value).date()
        # the year under the first tick and under every January
        with_year = day.month == 1 or position == 0 or not shown
        shown.append(day.year)
        month = MONTHS_FR_SHORT[day.month - 1]
        return f"{month}\n{day.year}" if with_year else month

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.tick_params(axis="x", labelsize=_LABEL_SIZE)


def _euro_ticks(ax: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: f"{fmt.number(round(v))}{fmt.NBSP}€" if v >= 0 else "")
    )
    ax.tick_params(axis="y", labelsize=_LABEL_SIZE)


def _free(
    span: tuple[float, float],
    tick: float | None,
    spans: list[tuple[float, float]],
    ticks: list[float],
) -> bool:
    """Whether a label's span (and its date tick) clears a row's labels and ticks."""
    return not (
        any(span[0] < b + _GAP_PX and a < span[1] + _GAP_PX for a, b in spans)
        or any(span[0] - _GAP_PX <= t <= span[1] + _GAP_PX for t in ticks)
        or (tick is not None and any(a - _GAP_PX <= tick <= b + _GAP_PX for a, b in spans))
    )


def _rows(
    ax: Any, renderer: Any, items: list[tuple[date, str]]
) -> list[tuple[date, str, int, float, bool]]:
    """Give each label the first row where it overlaps no label and no date tick already placed:
    right of its date when it fits, else ending at its date, never past the axes' edges. A label
    too long for either side is shifted inside the edges without its tick (its text names the
    date). Returns (date, text, row, x where the text starts, whether to draw the tick)."""
    figure = ax.figure
    left_edge, right_edge = ax.get_window_extent(renderer).intervalx
    spans: list[list[tuple[float, float]]] = []
    ticks: list[list[float]] = []
    placed = []
    for on, text in items:
        probe = figure.text(0, 0, text, fontsize=_LABEL_SIZE)
        width = probe.get_window_extent(renderer).width
        probe.remove()
        x = float(ax.transData.transform((_x(on), 0))[0])
        start = x + 4 if x + 4 + width <= right_edge else x - 4 - width
        start = min(max(start, left_edge), right_edge - width)
        span = (start, start + width)
        mark = not (span[0] - 2 <= x <= span[1] + 2)

        row = 0
        while row < len(spans) and not _free(span, x if mark else None, spans[row], ticks[row]):
            row += 1
        if row == len(spans):
            spans.append([])
            ticks.append([])
        spans[row].append(span)
        if mark:
            ticks[row].append(x)
        at = float(ax.transData.inverted().transform((start, 0))[0])
        placed.append((on, text, row, at, mark))
    return placed


def plot_fee_schedule(
    schedule: FeeSchedule,
    order: Order | None = None,
    *,
    notice: date | None = None,
    ax: Any = None,
) -> Any:
    """The cost of a cancellation by the day the notice is received, as a step chart; with the
    order, its milestones are marked and named under the dates; with ``notice``, that day and
    its cost are marked. Returns the chart's axes."""
    plt = _pyplot()
    from mpl_toolkits.axes_grid1 import make_axes_locatable

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.2), layout=None)
    figure = ax.figure
    steps = schedule.steps
    last_start = steps[-1].first_day
    # The x range ends with the last step (and the session's start, which every threshold
    # counts from): past it nothing changes, so later months would only be empty.
    end = max([last_start, *([order.session.start] if order is not None else [])])
    if notice is not None:
        if notice < steps[0].first_day:
            raise InvalidInputError(
                f"notice: {notice.isoformat()} is before the signature"
                f" {steps[0].first_day.isoformat()}; a notice is received on or after it",
                field="notice",
                code="notice_before_signature",
            )
        end = max(end, notice)
    span = (end - steps[0].first_day).days or 1
    margin = timedelta(days=max(3, round(span * 0.06)))
    left, right = steps[0].first_day - margin, end + margin

    xs = [step.first_day for step in steps]
    ys = [float(step.owed) for step in steps]  # display only: figures stay Decimal
    ax.step([*xs, right], [*ys, ys[-1]], where="post", color=_LINE, linewidth=2)
    ax.set_xlim(_x(left), _x(right))
    top = max(ys) if max(ys) > 0 else 1.0
    ax.set_ylim(0, top * 1.22)
    _month_ticks(ax, left, right)
    _euro_ticks(ax)
    ax.set_ylabel("montant dû", fontsize=_LABEL_SIZE + 1)
    ax.set_title(
        f"Frais d'annulation — commande {schedule.order_reference}, selon la date de réception"
        " de la demande",
        fontsize=_LABEL_SIZE + 2,
    )
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()

    # each step's amount above its middle, only where the step is wide enough to hold it
    bounds = [*xs[1:], right]
    for step, step_end in zip(steps, bounds, strict=True):
        begin = max(step.first_day, left)
        x0, x1 = (ax.transData.transform((_x(d), 0))[0] for d in (begin, step_end))
        label = ax.text(
            _x(begin) + (_x(step_end) - _x(begin)) / 2,
            float(step.owed) + top * 0.03,
            fmt.money(step.owed),
            ha="center",
            va="bottom",
            fontsize=_LABEL_SIZE,
            color=_LINE,
            gid="lexom-label",
        )
        if label.get_window_extent(renderer).width > (x1 - x0) - 4:
            label.remove()

    items: list[tuple[date, str]] = []
    if order is not None:
        from .schedule import milestones_for_plot

        items = [
            (on, f"{text} ({short_day(on)})")
            for on, text in milestones_for_plot(order)
            if left <= on <= right
        ]
    notice_text = ""
    if notice is not None:
        owed = schedule.owed_on(notice)
        notice_text = f"demande reçue le {fmt.day(notice)} : {fmt.money(owed)}"
        items.append((notice, notice_text))
        ax.axvline(_x(notice), color=_NOTICE, linewidth=1.2)
        ax.plot([_x(notice)], [float(owed)], "o", color=_NOTICE, markersize=5)
    items.sort(key=lambda item: item[0])
    if not items:
        return ax

    placed = _rows(ax, renderer, items)
    rows = 1 + max(item[2] for item in placed)
    band = make_axes_locatable(ax).append_axes(
        "bottom", size=rows * _ROW_INCHES + 0.08, pad=0.42, sharex=ax
    )
    band.set_ylim(rows, 0)
    band.axis("off")
    for on, text, row, at, mark in placed:
        x = _x(on)
        color = _NOTICE if text == notice_text else "#333333"
        if text != notice_text:
            ax.axvline(x, color="#999999", linewidth=0.6, linestyle=":")
        # a tick on the label's row under the date's dotted line (a leader from the top would
        # cross the labels of the rows above)
        if mark:
            band.plot([x], [row + 0.5], "|", color=color, markersize=7, markeredgewidth=1.2)
        band.text(
            at,
            row + 0.5,
            text,
            ha="left",
            va="center",
            fontsize=_LABEL_SIZE,
            color=color,
            gid="lexom-label",
        )
    figure.set_size_inches(figure.get_size_inches()[0], 4.2 + rows * _ROW_INCHES)
    return ax


# --- aged balance ------------------------------------------------------------------------------


def bucket_of(days_late: int) -> str:
    """The aged-balance bucket of an invoice ``days_late`` days late."""
    for label, first, last in BUCKETS:
        if days_late >= first and (last is None or days_late <= last):
            return label
    raise ValueError(f"days_late must be 0 or more, got {days_late}")


def _records(report: Any) -> list[Mapping[str, Any]]:
    from ..display import audit_records

    return audit_records(report)


def aged_balance(report: Any, *, by_client: bool = False) -> dict[str, dict[str, Decimal]]:
    """The principal still unpaid on the audit's day, per bucket of days late (0–30, 31–60,
    61–90, > 90), in total (key ``"Total"``) or per client (``by_client``: the report's
    ``client_name`` column). Invoices fully paid count for nothing."""
    found: dict[str, dict[str, Decimal]] = {}
    for row in _records(report):
        principal = Decimal(str(row["principal_outstanding"]))
        if principal <= 0:
            continue
        if by_client:
            if "client_name" not in row:
                raise InvalidInputError(
                    "by_client: the audit report has no client_name column; chart the total"
                    " (by_client=False) or audit a ledger whose report names the client",
                    field="by_client",
                    code="no_client_column",
                )
            key = str(row["client_name"])
        else:
            key = "Total"
        buckets = found.setdefault(key, {label: ZERO for label, _, _ in BUCKETS})
        buckets[bucket_of(int(row["days_late"]))] += principal
    return found


def plot_aged_balance(report: Any, *, by_client: bool = False, ax: Any = None) -> Any:
    """A bar chart of :func:`aged_balance`: one group of four bars per client (or one in
    total), each bar labelled with its amount in euros."""
    plt = _pyplot()
    table = aged_balance(report, by_client=by_client)
    if ax is None:
        width = 7 if len(table) <= 1 else min(14, 4 + 1.6 * len(table))
        _, ax = plt.subplots(figsize=(width, 4))
    names = sorted(table) if table else ["Total"]
    colors = ("#9ecae1", "#4292c6", "#2171b5", "#08306b")
    highest = max((float(v) for b in table.values() for v in b.values()), default=0.0)
    grouped = len(names) > 1
    bar = 0.8 / len(BUCKETS) if grouped else 0.6
    for index, (label, _, _) in enumerate(BUCKETS):
        # one group of four bars per client; in total, the four buckets side by side
        xs = [n + (index - 1.5) * bar for n in range(len(names))] if grouped else [index]
        amounts = [table.get(name, {}).get(label, ZERO) for name in names]
        ax.bar(xs, [float(a) for a in amounts], width=bar * 0.95, color=colors[index], label=label)
        for x, amount in zip(xs, amounts, strict=True):
            if amount > 0 or not grouped:
                ax.text(
                    x,
                    float(amount) + highest * 0.02,
                    fmt.money(amount),
                    ha="center",
                    va="bottom",
                    rotation=90 if grouped else 0,
                    fontsize=_LABEL_SIZE - (1 if grouped else 0),
                    gid="lexom-label",
                )
    if grouped:
        ax.set_xticks(range(len(names)), names, fontsize=_LABEL_SIZE + 1)
        ax.legend(fontsize=_LABEL_SIZE, frameon=False, ncols=4, loc="upper left")
        ax.set_ylim(0, (highest or 1.0) * 1.45)
    else:
        ax.set_xticks(range(len(BUCKETS)), [b[0] for b in BUCKETS])
        ax.tick_params(axis="x", labelsize=_LABEL_SIZE + 1)
        ax.set_xlabel("retard au jour de l'audit", fontsize=_LABEL_SIZE + 1)
        ax.set_ylim(0, (highest or 1.0) * 1.15)
    _euro_ticks(ax)
    ax.set_ylabel("principal impayé", fontsize=_LABEL_SIZE + 1)
    as_of = getattr(report, "as_of", None)
    when = f" au {fmt.day(as_of)}" if isinstance(as_of, date) else ""
    who = "par client" if by_client else "toutes factures"
    ax.set_title(f"Balance âgée{when} ({who}), par ancienneté du retard", fontsize=_LABEL_SIZE + 2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def labels(figure: Any) -> list[Any]:
    """Every text a person reads on a figure: our labels, titles, axis and tick labels."""
    found = [
        t for t in figure.findobj(lambda a: getattr(a, "get_gid", lambda: None)() == "lexom-label")
    ]
    for ax in figure.axes:
        found += [ax.title, ax.xaxis.label, ax.yaxis.label]
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            ticks = zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False)
            found += [t for at, t in ticks if t.get_visible() and low <= at <= high]
        legend = ax.get_legend()
        if legend is not None:
            found += legend.get_texts()
    return [t for t in found if t.get_text().strip()]


def overlapping_labels(figure: Any) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap once drawn (empty for a readable chart)."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    # 2 pixels of air around each label: touching labels read as one
    boxes = [
        (t.get_text(), t.get_window_extent(renderer).expanded(1.0, 1.0).padded(1.0))
        for t in labels(figure)
    ]
    clashes = []
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1 :]:
            if box.overlaps(other_box) and box.width > 0 and other_box.width > 0:
                clashes.append((text, other))
    return clashes
