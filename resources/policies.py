"""Policy choices operations can change per run from the Dagster launchpad."""

from __future__ import annotations

from typing import Literal

import dagster as dg
from pydantic import Field

from contracts.policy import AllocationPolicy


class AllocationSettings(dg.ConfigurableResource):
    """How allocation chooses warehouses (docs/allocation.md explains each option with an
    example)."""

    strategy: Literal["zone", "cost"] = Field(
        default="zone",
        description=(
            "zone: nearest warehouse that ships complete; cost: cheapest carrier cost among them."
        ),
    )
    hold_unpaid: bool = Field(
        default=False, description="Do not reserve stock for orders the channel reports as unpaid."
    )
    split_override: dict[str, bool] = Field(
        default_factory=dict,
        description=(
            "Per channel: may an order ship from several warehouses? "
            "Overrides reference/channels.csv."
        ),
    )

    def policy(self) -> AllocationPolicy:
        return AllocationPolicy(
            strategy=self.strategy,
            hold_unpaid=self.hold_unpaid,
            split_override=dict(self.split_override),
        )


class FulfillmentSettings(dg.ConfigurableResource):
    """How the warehouse floor's paper is cut."""

    orders_per_pick_list: int = Field(
        default=12, description="Totes on a pick cart: at most this many shipments per pick list."
    )
    render_pdfs: bool = Field(
        default=True,
        description="Write PDF pick lists, packing slips and manifests besides the CSVs.",
    )
