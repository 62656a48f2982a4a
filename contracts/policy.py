"""Settings of the allocation policy: the knobs an operator may turn, nothing else."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class AllocationPolicy:
    """How tonight's stock is shared out. The defaults are the policy in docs/allocation.md.

    strategy: "zone" ranks candidate warehouses by carrier zone, "cost" by the cheapest
        carrier service able to carry the whole order (ship-complete still comes first).
    hold_unpaid: when True, unpaid orders are not allocated (rule ``held_unpaid``).
    split_override: per channel, whether split shipments are allowed; beats channels.csv.
    """

    strategy: Literal["zone", "cost"] = "zone"
    hold_unpaid: bool = False
    split_override: Mapping[str, bool] = field(default_factory=dict)
