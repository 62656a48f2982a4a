"""Settings of the allocation policy: the knobs an operator may turn, nothing else."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal


@dataclass(frozen=True)
class AllocationPolicy:
    """How tonight's stock is shared out. The defaults are the policy in docs/allocation.md.

    strategy: "zone" ranks candidate warehouses by carrier zone, "cost" by the cheapest
        carrier service able to carry the whole order (ship-complete still comes first);
        "cheapest" gives each fully allocated order, in queue order, its cheapest plan of
        shipments for the units the zone rules gave it (docs/allocation.md, "Cheapest plans").
    plan_budget_seconds: how long the cheapest strategy may search; orders it does not reach
        keep their zone plan, so the night never waits on the search.
    hold_unpaid: when True, unpaid orders are not allocated (rule ``held_unpaid``).
    split_override: per channel, whether split shipments are allowed; beats channels.csv.
    """

    strategy: Literal["zone", "cost", "cheapest"] = "zone"
    plan_budget_seconds: float = 60.0
    hold_unpaid: bool = False
    split_override: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class OrderDatePolicy:
    """Which order dates a night believes. The defaults are those in docs/inputs.md.

    An order placed more than `days_before` days before the business date, or later than the
    end of the business date (UTC) plus `hours_after` hours, is held with rule
    ``implausible_placed_at``: such a date is a placeholder or a mistake (0001-01-01, 1900-01-01,
    2099-12-31), and believing it would put the order first (or last) in the allocation queue.

    woocommerce_date_order: how a WooCommerce file's slash dates are read when none of them
    tells day from month (05/11/2026): "month_first" (US spreadsheets) or "day_first". A file
    with a date such as 21/11/2026 or 11/21/2026 shows its own order and is read in it.
    """

    days_before: int = 365
    hours_after: int = 3
    woocommerce_date_order: Literal["month_first", "day_first"] = "month_first"

    def placed_at_window(self, business_date: date) -> tuple[datetime, datetime]:
        """The earliest and latest believable `placed_at` (naive UTC, both included)."""
        start = datetime.combine(business_date, time())
        return (
            start - timedelta(days=self.days_before),
            start + timedelta(days=1, hours=self.hours_after),
        )
