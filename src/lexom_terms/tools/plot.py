"""The fee schedule as a step chart (optional extra ``plot``: matplotlib)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Order
    from .schedule import FeeSchedule


def plot_fee_schedule(schedule: FeeSchedule, order: Order | None = None, *, ax: Any = None) -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("plot() needs matplotlib: pip install 'lexom-terms[plot]'") from error
    from .schedule import milestones_for_plot

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    xs = [step.first_day for step in schedule.steps]
    ys = [float(step.owed) for step in schedule.steps]  # display only: figures stay Decimal
    end = schedule.steps[-1].first_day + timedelta(days=30)
    ax.step([*xs, end], [*ys, ys[-1]], where="post", color="#1f4e79")
    if order is not None:
        for on, label in milestones_for_plot(order):
            ax.axvline(on, color="#999999", linewidth=0.6, linestyle=":")
            ax.annotate(
                label, (on, max(ys) if ys else 0), rotation=90, fontsize=6, va="top", ha="right"
            )
    ax.set_ylabel("montant dû (€)")
    ax.set_title(f"Frais d'annulation — commande {schedule.order_reference}")
    return ax
