"""The README's worked example, on data bundled in examples/: a consumer order, its deposit and
withdrawal window, then a company's cancellation at three dates under the legacy CGV.

Run it with:  python examples/worked_example.py
"""

from __future__ import annotations

from pathlib import Path

import lexom_terms as lt

HERE = Path(__file__).parent


def main() -> None:
    consumer = lt.Order.model_validate_json((HERE / "consumer_order.json").read_text())
    print(
        f"Commande {consumer.session.reference} : total TTC {consumer.total},"
        f" acompte {consumer.deposit_amount}"
    )
    window = lt.retraction_window(consumer)
    assert window is not None
    print(window.explain())
    print()
    print(lt.deposit_due(consumer).explain())
    print()

    company = lt.Order.model_validate_json((HERE / "company_order.json").read_text())
    for received in ("2026-02-20", "2026-03-01", "2026-03-02"):
        settlement = lt.cancel(company, lt.Notice(received_on=received))
        print(settlement.explain())
        print()


if __name__ == "__main__":
    main()
