"""The words every stage uses for the same things, defined once.

Service levels are one ordered ``pl.Enum``, slowest first: a level's physical index is its rank,
so "at least as fast as promised" is ``rank >= promised rank`` and "fastest first" is a
descending sort. A faster service meets every slower promise (overnight ⊇ expedited ⊇ standard).
"""

from __future__ import annotations

import polars as pl

CHANNELS: tuple[str, ...] = ("shopify", "amazon", "woocommerce", "ebay", "generic")
"""Channel folders the landing area knows, in the order their steps are listed."""

CHANNEL_NAMES: dict[str, str] = {
    "shopify": "Shopify",
    "amazon": "Amazon",
    "woocommerce": "WooCommerce",
    "ebay": "eBay",
    "generic": "generic",
}
"""Each channel as merchants write it, for messages (the folder name is the lower-case key)."""


def channel_name(channel: str) -> str:
    """The channel as merchants write it ("eBay" for ebay); an unknown folder name as it is."""
    return CHANNEL_NAMES.get(channel, channel)


def with_article(noun: str) -> str:
    """The noun after "a" or "an", as it is spoken: "an eBay export", "a Shopify export".
    Decided by the first letter, which is right for the names used in messages."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


SERVICE_LEVELS: tuple[str, ...] = ("standard", "expedited", "overnight")
"""Service levels from slowest to fastest: the index is the rank."""

SERVICE_LEVEL = pl.Enum(SERVICE_LEVELS)
"""The dtype of a service level: ordered, so comparisons and sorts follow speed."""

ORDER_STATUSES: tuple[str, ...] = (
    "open",
    "cancelled",
    "fulfilled_by_channel",
    "store_pickup",
    "digital",
)
"""What the channel says of an order. Only `open` orders are allocated and shipped; the others are
recorded as the channel gave them (cancelled or refunded; shipped by the channel or the merchant
already; collected by the customer at a store; nothing in it to ship) and never allocated, so
they need neither a ship-to address nor a catalogue SKU."""

LINE_STATUSES: tuple[str, ...] = ("open", "fulfilled_by_channel", "digital")
"""What the channel says of one line: `open` lines of `open` orders are the only ones allocated;
a line already fulfilled (Shopify `Lineitem fulfillment status`, Amazon `item-status` Shipped)
or that needs no shipping (gift cards, downloads) is recorded and never allocated."""

SHIPPABLE = "open"
"""The order and line status of what the warehouse ships."""

STORE_PICKUP_METHOD = (
    r"(?i)^\s*(collect(ion)?\s+(from|in|at)\b|click\s*(&|and|\+)\s*collect\b)"
    r"|\b(local|store|in[- ]store|shop)\s*pick[- ]?up\b"
    r"|\bpick[- ]?up\s+(in|at|from)\s+(the\s+)?(store|shop)\b"
    r"|^\s*pick[- ]?up\s*$"
)
"""A shipping method that means the customer collects the order at the merchant's store (Shopify
"Collect from Cape Town - Greenpoint Store", "Local Pickup", "Pickup"; WooCommerce "Local
pickup"): nothing is shipped. Courier services that deliver to a collection point (eBay Click &
Collect, Collect+) are shipped and are not read this way: only the Shopify and WooCommerce
readers apply it."""
SHIPMENT_STATUSES: tuple[str, ...] = ("ready", "held")

LIFECYCLE_STATUSES: tuple[str, ...] = (
    "received",
    "held",
    "rejected",
    "exception",
    "backordered",
    "allocated",
    "picked",
    "shipped",
    "in_transit",
    "delivered",
    "fulfilled_elsewhere",
    "returned",
    "refunded",
    "cancelled",
)
"""Where an order line stands (oms.order_status_history, docs/lifecycle.md), ordered from
furthest behind to closed: an order stands where its line furthest behind stands, so one
cancelled line does not make a shipped order look cancelled, and one held line shows. `held`,
`rejected` and `exception` wait for a person; `in_transit`, `delivered` and a shipped line's
`exception` come from carrier tracking; `returned` and `refunded` are reserved for returns."""

LIFECYCLE_STATUS = pl.Enum(LIFECYCLE_STATUSES)
"""The dtype of a lifecycle status: its physical index is its rank."""

TRACKING_STATUSES: tuple[str, ...] = (
    "label_created",
    "in_transit",
    "out_for_delivery",
    "available_for_pickup",
    "exception",
    "return_to_sender",
    "delivered",
    "cancelled",
    "unknown",
)
"""What a carrier's tracking event says of a parcel, in one vocabulary whatever the carrier's
words (oms.tracking_events, docs/lifecycle.md "Delivery tracking"); the generic tracking CSV
writes these words."""

TRACKING_STATUS_LIFECYCLE: dict[str, str | None] = {
    "label_created": None,
    "in_transit": "in_transit",
    "out_for_delivery": "in_transit",
    "available_for_pickup": "in_transit",
    "exception": "exception",
    "return_to_sender": "exception",
    "delivered": "delivered",
    "cancelled": "exception",
    "unknown": None,
}
"""Where a tracking status puts the lines of the shipment (a LIFECYCLE_STATUSES word), None where
it moves nothing: a label is not news after the confirmation, nor is "unknown". A parcel going
back to the sender or a label voided after shipping is an `exception`: someone must act."""

BOOK_STATUS_LIFECYCLE: dict[str, str] = {
    "open": "received",
    "cancelled": "cancelled",
    "fulfilled_by_channel": "fulfilled_elsewhere",
    "store_pickup": "fulfilled_elsewhere",
    "digital": "fulfilled_elsewhere",
}
"""An order's or a line's status in the order book (ORDER_STATUSES, LINE_STATUSES) as a lifecycle
status: what the channel said of it the night its version arrived. Only a `received` line goes on
to allocation; the others were closed by the channel (cancelled or refunded) or outside the
warehouses (shipped by the channel or the shop, collected at a store, nothing to ship)."""

POSTAL_ADDRESS_FIELDS: tuple[str, ...] = (
    "ship_name",
    "ship_company",
    "ship_address1",
    "ship_address2",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
)
"""Where a parcel goes: the lines a carrier reads. A change to any of them after units were
allocated means the parcel must follow (address 2 is a flat, a suite or a PO box)."""
ADDRESS_FIELDS: tuple[str, ...] = (*POSTAL_ADDRESS_FIELDS, "ship_phone")
"""The ship-to address as the order book, shipments and documents carry it: the postal address
and the recipient's phone where the channel gives one (carriers ask for it)."""

TRUE_WORDS: tuple[str, ...] = ("true", "t", "yes", "y", "1")
FALSE_WORDS: tuple[str, ...] = ("false", "f", "no", "n", "0")
"""How people write yes and no in CSV files (compared trimmed and lower-cased)."""


def service_level_rank(column: str | pl.Expr) -> pl.Expr:
    """Rank of a service level, any spelling of case: standard 0, expedited 1, overnight 2; null
    for a level that is not one of SERVICE_LEVELS."""
    expr = pl.col(column) if isinstance(column, str) else column
    level = expr.cast(pl.String).str.to_lowercase().cast(SERVICE_LEVEL, strict=False)
    return level.to_physical().cast(pl.Int8)


def parse_boolean(column: str | pl.Expr) -> pl.Expr:
    """A yes/no word as a boolean: TRUE_WORDS true, FALSE_WORDS false, anything else null."""
    expr = pl.col(column) if isinstance(column, str) else column
    word = expr.cast(pl.String).str.strip_chars().str.to_lowercase()
    return (
        pl.when(word.is_in(TRUE_WORDS))
        .then(True)
        .when(word.is_in(FALSE_WORDS))
        .then(False)
        .otherwise(None)
    )


def carrier_code(carrier: pl.Expr) -> pl.Expr:
    """Carrier as it appears in ids and file names: upper case letters, digits, '-' and '_'."""
    return carrier.str.to_uppercase().str.replace_all(r"[^A-Z0-9_-]+", "")
