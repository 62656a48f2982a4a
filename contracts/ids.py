"""How every id the warehouse floor and the carriers see is made: deterministic and readable.

A shipment is one order leaving one warehouse. Its id must be the same on every re-run of the
night (carrier confirmations come back with it), so it is derived from the business date and a
SHA-1 of ``channel|channel_order_id|warehouse_id``: anyone can recompute it, in DuckDB with
``sha1(channel || '|' || channel_order_id || '|' || warehouse_id)``, which is also how it is
computed here, for a whole column at once. Package and manifest ids extend the shipment id and
name the carrier's pick-up.
"""

from datetime import date

import duckdb
import polars as pl

from contracts.vocabulary import carrier_code

HASH_HEX_DIGITS = 16
"""64 bits of the digest: ids collide with odds ~1e-9 even at 250k shipments per warehouse-night
(10 hex digits would make a same-night collision a few-percent event at that volume)."""

_SHIPMENT_IDS = """
select
    'SH-' || strftime($business_date, '%Y%m%d') || '-' || warehouse_id || '-'
    || left(sha1(channel || '|' || channel_order_id || '|' || warehouse_id), $digits) as shipment_id
from shipment_keys
"""


def shipment_id_for(
    business_date: date,
    channel: pl.Series,
    channel_order_id: pl.Series,
    warehouse_id: pl.Series,
) -> pl.Series:
    """Shipment ids ``SH-YYYYMMDD-<warehouse_id>-<16 hex of sha1(channel|order|warehouse)>``."""
    keys = pl.DataFrame(
        {"channel": channel, "channel_order_id": channel_order_id, "warehouse_id": warehouse_id}
    )
    if keys.null_count().sum_horizontal().item():
        raise ValueError("shipment ids cannot be made from null keys")
    with duckdb.connect() as con:
        con.register("shipment_keys", keys.to_arrow())
        ids = con.sql(
            _SHIPMENT_IDS, params={"business_date": business_date, "digits": HASH_HEX_DIGITS}
        ).pl()
    return ids.to_series().cast(pl.String).rename("shipment_id")


def manifest_id(business_date: pl.Expr, warehouse_id: pl.Expr, carrier: pl.Expr) -> pl.Expr:
    """Deterministic manifest id, e.g. 'MF-20261120-WH1-UPS'."""
    return pl.format(
        "MF-{}-{}-{}", business_date.dt.strftime("%Y%m%d"), warehouse_id, carrier_code(carrier)
    )


def package_id(shipment_id: str | pl.Expr, package_no: int | pl.Expr) -> pl.Expr:
    """Package id: the shipment id and the package number, e.g. 'S-123-P2'."""
    shipment = pl.col(shipment_id) if isinstance(shipment_id, str) else shipment_id
    number = pl.lit(package_no) if isinstance(package_no, int) else package_no
    return pl.format("{}-P{}", shipment, number)
