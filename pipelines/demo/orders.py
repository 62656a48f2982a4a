"""Demo order lines for one business date, drawn with numpy (1M orders take seconds, not minutes).

The lines are channel-neutral; `channel_writers` turns them into each channel's real export format.
A few rows are deliberately bad (unknown SKU, zero quantity) so the rejects path is exercised too.
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import polars as pl

from pipelines.demo.reference_data import CA_PROVINCES, GB_REGIONS, US_STATES

CHANNEL_MIX = {"shopify": 0.30, "amazon": 0.30, "woocommerce": 0.12, "ebay": 0.10, "generic": 0.18}
FIRST_NAMES = [
    "Ava",
    "Liam",
    "Maya",
    "Noah",
    "Zoe",
    "Omar",
    "Lena",
    "Ivan",
    "Chloé",
    "José",
    "Mei",
    "Sam",
]
LAST_NAMES = [
    "Smith",
    "García",
    "Nguyen",
    "Okafor",
    "Müller",
    "Rossi",
    "Kowalski",
    "Brown",
    "Cohen",
    "Silva",
]
STREETS = [
    "Main St",
    "Oak Ave",
    "Maple Dr",
    "Cedar Ln",
    "Elm St",
    "Park Rd",
    "Lake View",
    "High St",
]


def _sku_popularity(n_skus: int) -> np.ndarray:
    """Zipf-like demand: a few SKUs sell a lot, the long tail sells a little."""
    weights = 1.0 / np.arange(1, n_skus + 1) ** 0.9
    return weights / weights.sum()


def _addresses(rng: np.random.Generator, n: int) -> pl.DataFrame:
    us, ca, gb = len(US_STATES), len(CA_PROVINCES), len(GB_REGIONS)
    country_draw = rng.choice(3, size=n, p=[0.88, 0.06, 0.06])
    us_pick = rng.integers(0, us, n)
    ca_pick = rng.integers(0, ca, n)
    gb_pick = rng.integers(0, gb, n)
    us_region = np.array([s[0] for s in US_STATES])[us_pick]
    us_city = np.array([s[1] for s in US_STATES])[us_pick]
    us_zip = np.char.add(
        np.array([s[2] for s in US_STATES])[us_pick],
        np.char.zfill(rng.integers(0, 100, n).astype(str), 2),
    )
    ca_arr = np.array(CA_PROVINCES)[ca_pick]
    gb_arr = np.array(GB_REGIONS)[gb_pick]
    is_us, is_ca = country_draw == 0, country_draw == 1
    country = np.where(is_us, "US", np.where(is_ca, "CA", "GB"))
    region = np.where(is_us, us_region, np.where(is_ca, ca_arr[:, 0], gb_arr[:, 0]))
    city = np.where(is_us, us_city, np.where(is_ca, ca_arr[:, 1], gb_arr[:, 1]))
    postal = np.where(is_us, us_zip, np.where(is_ca, ca_arr[:, 2], gb_arr[:, 2]))
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n)]
    street = np.array(STREETS)[rng.integers(0, len(STREETS), n)]
    house = rng.integers(1, 9999, n)
    number = house.astype(str)
    return pl.DataFrame(
        {
            "ship_name": np.char.add(np.char.add(first, " "), last),
            "ship_address1": np.char.add(np.char.add(number, " "), street),
            "ship_city": city,
            "ship_region": region,
            "ship_postal_code": postal,
            "ship_country": country,
        }
    ).with_columns(**_extras(pl.Series(house), pl.Series(last)))


def _extras(house: pl.Series, last: pl.Series) -> dict[str, pl.Expr]:
    """Address 2, company and phone, derived from the draws already made (no new draws, so a
    seed's orders stay what they were): about one address in five has a flat or a unit, one in
    thirteen a company, one in three a phone."""
    flat = pl.lit(house % 97 + 1).cast(pl.String)
    unit = pl.lit(house % 900 + 100).cast(pl.String)
    gb = pl.col("ship_country") == "GB"
    return {
        "ship_company": pl.when(pl.lit(house % 13 == 0)).then(pl.format("{} Studio", pl.lit(last))),
        "ship_address2": pl.when(pl.lit(house % 10 == 0))
        .then(pl.when(gb).then(pl.format("Flat {}", flat)).otherwise(pl.format("Apt {}", flat)))
        .when(pl.lit(house % 10 == 1) & ~gb)
        .then(pl.format("Unit {}", unit)),
        "ship_phone": pl.when(pl.lit(house % 3 == 0)).then(
            pl.when(gb)
            .then(pl.format("+44 20 7946 0{}", pl.lit(house % 1000).cast(pl.String).str.zfill(3)))
            .otherwise(pl.format("+1 555-01{}", pl.lit(house % 100).cast(pl.String).str.zfill(2)))
        ),
    }


def generate_day_orders(
    rng: np.random.Generator,
    *,
    business_date: date,
    n_orders: int,
    first_order_seq: int,
    skus: list[str],
    kit_skus: list[str],
) -> pl.DataFrame:
    """One row per order line: order_seq, channel, placed_at (UTC), service level, address,
    line_no, sku, quantity, status, is_paid."""
    channels = np.array(list(CHANNEL_MIX))
    order_channel = channels[rng.choice(len(channels), n_orders, p=list(CHANNEL_MIX.values()))]
    start = datetime.combine(business_date, time(0, 0))
    seconds = np.sort(rng.integers(0, 86_400, n_orders))
    service = np.array(["standard", "expedited", "overnight"])[
        rng.choice(3, n_orders, p=[0.8, 0.15, 0.05])
    ]
    status = np.where(rng.random(n_orders) < 0.015, "cancelled", "open")
    fba = (order_channel == "amazon") & (rng.random(n_orders) < 0.08)
    status = np.where(fba, "fulfilled", status)
    orders = pl.DataFrame(
        {
            "order_seq": np.arange(first_order_seq, first_order_seq + n_orders, dtype=np.int64),
            "channel": order_channel,
            "placed_at": pl.Series([start]).dt.cast_time_unit("us").repeat_by(n_orders).explode()
            + pl.Series(seconds * 1_000_000).cast(pl.Duration("us")),
            "service_level": service,
            "status": status,
            "is_paid": rng.random(n_orders) < 0.97,
        }
    ).hstack(_addresses(rng, n_orders))

    lines_per_order = rng.choice(np.arange(1, 7), n_orders, p=[0.25, 0.25, 0.2, 0.12, 0.1, 0.08])
    order_index = np.repeat(np.arange(n_orders), lines_per_order)
    n_lines = order_index.size
    popularity = _sku_popularity(len(skus))
    sku_pick = rng.choice(len(skus), n_lines, p=popularity)
    sku = np.array(skus, dtype=object)[sku_pick]
    if kit_skus:
        is_kit = rng.random(n_lines) < 0.01
        sku = np.where(
            is_kit, np.array(kit_skus, dtype=object)[rng.integers(0, len(kit_skus), n_lines)], sku
        )
    quantity = rng.choice([1, 2, 3, 4, 5], n_lines, p=[0.8, 0.12, 0.05, 0.02, 0.01])
    bad = rng.random(n_lines)
    sku = np.where(
        bad < 0.002,
        np.char.add("SKU-X", rng.integers(0, 999, n_lines).astype(str)).astype(object),
        sku,
    )
    quantity = np.where((bad >= 0.002) & (bad < 0.003), 0, quantity)
    # an order never lists the same SKU twice: later duplicates are dropped and lines renumbered
    lines = (
        pl.DataFrame({"order_index": order_index, "sku": sku, "quantity": quantity})
        .unique(["order_index", "sku"], keep="first", maintain_order=True)
        .with_columns(pl.col("sku").cum_count().over("order_index").cast(pl.Int64).alias("line_no"))
    )
    return (
        orders.with_row_index("order_index")
        .with_columns(pl.col("order_index").cast(pl.Int64))
        .join(lines.with_columns(pl.col("order_index").cast(pl.Int64)), on="order_index")
        .drop("order_index")
        .sort("order_seq", "line_no")
    )
