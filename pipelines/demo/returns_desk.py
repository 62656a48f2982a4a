"""The demo's customers and returns desk: some shipped lines come back.

In production, return requests come from the channels' reports and receipts from the warehouse's
returns desk. The demo has neither, so `oms demo` plays both after each night: for about one line
in fifty confirmed shipped on date D it writes a request into `returns/requests/<D+1>/` (the generic
CSV) and the parcel's receipt into `returns/receipts/<D+2>/`, most restocked, one in four disposed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

REASONS = ("SIZE_TOO_SMALL", "DEFECTIVE", "NOT_AS_DESCRIBED", "UNWANTED")
SHIPPED_LINES = """
select distinct a.channel, a.channel_order_id, a.line_no, a.ordered_sku as sku,
    a.ordered_units as units
from oms.shipment_confirmations as c
join oms.allocations as a using (shipment_id)
where c.business_date = $day and c.status = 'applied'
order by all
"""


def write_returns(warehouse: Path, landing_root: Path, business_date: date) -> list[Path]:
    """Request and receipt files for lines confirmed shipped on `business_date`; the files
    written (none when nothing was shipped or picked to come back)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        shipped = con.sql(SHIPPED_LINES, params={"day": business_date}).pl()
    picked = shipped.with_row_index("n").filter(
        pl.concat_str("channel", "channel_order_id", "line_no").hash(seed=7) % 50 == 0
    )
    if picked.is_empty():
        return []
    returns = picked.with_columns(
        rma_id=pl.format("RMA-{}-{}", pl.lit(business_date.strftime("%Y%m%d")), "n"),
        reason_code=pl.lit(pl.Series(REASONS)).gather(pl.col("n") % len(REASONS)),
    )
    requests = returns.select(
        "channel", "rma_id", pl.col("channel_order_id").alias("order_id"), "sku",
        pl.lit(1).alias("quantity"), "reason_code",
        pl.lit((business_date + timedelta(days=1)).isoformat()).alias("requested_at"),
    )  # fmt: skip
    receipts = returns.select(
        "rma_id", "sku", pl.lit(1).alias("qty_received"), pl.lit("opened").alias("condition"),
        pl.when(pl.col("n") % 4 == 0).then(pl.lit("dispose")).otherwise(pl.lit("restock"))
        .alias("disposition"),
        pl.lit(f"{(business_date + timedelta(days=2)).isoformat()}T10:00:00Z").alias("received_at"),
    )  # fmt: skip
    written = []
    for folder, days, frame in (("requests", 1, requests), ("receipts", 2, receipts)):
        day = (business_date + timedelta(days=days)).isoformat()
        path = landing_root / "returns" / folder / day / f"demo-{business_date.isoformat()}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_csv(path)
        written.append(path)
    return written
