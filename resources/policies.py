"""Policy choices operations can change per run from the Dagster launchpad."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dagster as dg
from pydantic import Field

from contracts.currencies import currency_codes
from contracts.policy import AllocationPolicy, OrderDatePolicy
from contracts.stock_feed_formats import EBAY_ACTION_DEFAULT, FEED_CHANNELS
from contracts.vocabulary import CHANNELS


class AllocationSettings(dg.ConfigurableResource):
    """How allocation chooses warehouses (docs/allocation.md explains each option with an
    example)."""

    strategy: Literal["zone", "cost", "cheapest"] = Field(
        default="zone",
        description=(
            "zone: nearest warehouse that ships complete; cost: cheapest carrier cost among them; "
            "cheapest: each order's cheapest plan of shipments for the units zone gives it."
        ),
    )
    plan_budget_seconds: float = Field(
        default=60.0,
        gt=0,
        description=(
            "cheapest only: the search stops after this long; orders it did not reach keep "
            "their zone plan (recorded in oms.allocation_runs)."
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
            plan_budget_seconds=self.plan_budget_seconds,
            hold_unpaid=self.hold_unpaid,
            split_override=dict(self.split_override),
        )


class IngestSettings(dg.ConfigurableResource):
    """How tonight's order exports are read: which order dates are believed (docs/inputs.md,
    "Plausible order dates") and what an unmapped shipping method ships as ("Shipping methods
    and service levels")."""

    default_service_level: Literal["standard", "expedited", "overnight"] = Field(
        default="standard",
        description=(
            "The service level of an order whose shipping method is empty or not in any service "
            "mapping (reference/service_levels.csv or the defaults): the order is accepted at "
            "this level and the method is listed in oms.unmapped_services, with its lines and "
            "orders, so it can be mapped."
        ),
    )
    strict_service_levels: bool = Field(
        default=False,
        description=(
            "Reject such orders instead (unknown_service_level, the whole order held) for a "
            "store that must never ship at a level it did not choose."
        ),
    )

    placed_at_days_before: int = Field(
        default=365,
        ge=0,
        description=(
            "An order placed more than this many days before the business date is held "
            "(implausible_placed_at): an old placeholder date would jump the allocation queue. "
            "Raise it if your exports re-send orders older than a year that must still ship."
        ),
    )
    placed_at_hours_after: int = Field(
        default=3,
        ge=0,
        description=(
            "How many hours past the end of the business date (midnight UTC) an order date may "
            "lie: clocks that differ a little, and orders placed between midnight and an export "
            "taken before the 02:00 UTC run. Later dates are held (implausible_placed_at)."
        ),
    )

    woocommerce_date_order: Literal["month_first", "day_first"] = Field(
        default="month_first",
        description=(
            "How WooCommerce dates such as 05/11/2026 are read when nothing in the file tells "
            "day from month: month_first (11 May, as US spreadsheets write it) or day_first "
            "(5 November). A file holding a date such as 21/11/2026 or 11/21/2026 is read in "
            "the order it shows, whatever this says."
        ),
    )

    local_time_zones: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Per channel, the time zone (IANA name) of dates written without an offset: the "
            "WooCommerce store's own time, eBay dates. Example: {woocommerce: Europe/Paris}. "
            "Channels not listed are read as UTC."
        ),
    )

    channel_currencies: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Per channel, the ISO 4217 currency of prices its exports write without one (the "
            "store's currency): AlgolPlus WooCommerce exports without an Order Currency column, "
            "generic feeds without a currency column, a bare $ on eBay. Example: "
            "{woocommerce: EUR}. Unlisted channels leave such prices' currency unknown."
        ),
    )

    def currencies(self) -> dict[str, str]:
        """`channel_currencies`, checked, so that a misspelt code stops the night with its name
        rather than leaving every price without a currency."""
        for channel, code in self.channel_currencies.items():
            if channel not in CHANNELS:
                raise ValueError(
                    f"ingest_settings.channel_currencies: '{channel}' is not a channel "
                    f"(one of {', '.join(CHANNELS)})"
                )
            if code not in currency_codes():
                raise ValueError(
                    f"ingest_settings.channel_currencies: '{code}' is not an ISO 4217 currency "
                    "code (such as USD, EUR or GBP)"
                )
        return dict(self.channel_currencies)

    def time_zones(self) -> dict[str, str]:
        """`local_time_zones`, checked, so that a misspelt zone stops the night with its name
        rather than deep inside a reader."""
        for channel, zone in self.local_time_zones.items():
            if channel not in CHANNELS:
                raise ValueError(
                    f"ingest_settings.local_time_zones: '{channel}' is not a channel "
                    f"(one of {', '.join(CHANNELS)})"
                )
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"ingest_settings.local_time_zones: '{zone}' is not a time zone name "
                    "(use an IANA name such as Europe/Paris or America/New_York)"
                ) from None
        return dict(self.local_time_zones)

    def service_level_fallback(self) -> str | None:
        """The level an unmapped shipping method is given; None when strict (rejected)."""
        return None if self.strict_service_levels else self.default_service_level

    def order_dates(self) -> OrderDatePolicy:
        return OrderDatePolicy(
            days_before=self.placed_at_days_before,
            hours_after=self.placed_at_hours_after,
            woocommerce_date_order=self.woocommerce_date_order,
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
    stuck_after_days: int = Field(
        default=3,
        ge=1,
        description=(
            "A confirmed shipment not delivered is stuck (oms.stuck_shipments) when its last "
            "carrier scan, or its confirmation, is this many days before the night."
        ),
    )


class StockFeedSettings(dg.ConfigurableResource):
    """How much of the night's available to promise each channel is offered, and which rows go
    out (docs/channels.md, "Stock feeds"). The defaults offer every channel all of it."""

    share_percent: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "Per channel, the percentage of ATP it may sell (rounded down), e.g. {amazon: 80}. "
            "Channels not listed get 100."
        ),
    )
    buffer_units: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "Per channel, units held back after its share, e.g. {ebay: 2}: a SKU with ATP at or "
            "below the buffer shows 0 there. Channels not listed get 0."
        ),
    )
    full_feed: bool = Field(
        default=False,
        description=(
            "Write every SKU tonight, not only those whose quantity changed since the channel "
            "was last told (after a channel lost its quantities, or for a first feed)."
        ),
    )
    amazon_seller_id: str = Field(
        default="",
        description="The Amazon merchant token written in the JSON listings feed's header.",
    )
    ebay_site: str = Field(
        default=EBAY_ACTION_DEFAULT,
        description=(
            "What File Exchange's first header cell holds between `Action(` and `)`; it must "
            "match the eBay account's site, e.g. SiteID=UK|Country=GB|Currency=GBP|Version=1193"
            "|CC=UTF-8."
        ),
    )

    def rules(self) -> dict[str, tuple[int, int]]:
        """Per feed channel, (share percent, buffer units), checked: a misspelt channel or a
        share above 100 stops the night with its name rather than offering more than ATP."""
        for setting, values, low, high in (
            ("share_percent", self.share_percent, 0, 100),
            ("buffer_units", self.buffer_units, 0, None),
        ):
            for channel, value in values.items():
                if channel not in FEED_CHANNELS:
                    raise ValueError(
                        f"stock_feed_settings.{setting}: '{channel}' is not a channel with a "
                        f"stock feed (one of {', '.join(FEED_CHANNELS)})"
                    )
                if value < low or (high is not None and value > high):
                    limit = f"from {low} to {high}" if high is not None else f"{low} or more"
                    raise ValueError(
                        f"stock_feed_settings.{setting}: {channel} is {value}, it must be {limit}"
                    )
        return {
            channel: (self.share_percent.get(channel, 100), self.buffer_units.get(channel, 0))
            for channel in FEED_CHANNELS
        }
