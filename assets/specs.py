"""One way to declare a table asset, so every table shows the same face in the UI."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg
import polars as pl

from assets.partitions import business_day

OWNER = "team:operations"


def table_spec(
    table: str,
    *,
    group: str,
    description: str,
    deps: Sequence[dg.AssetKey | dg.AssetDep] = (),
) -> dg.AssetSpec:
    """An `oms.<table>` asset: DuckDB table, written by Polars, partitioned by business day."""
    return dg.AssetSpec(
        key=dg.AssetKey(["oms", table]),
        group_name=group,
        description=description,
        kinds={"duckdb", "polars"},
        owners=[OWNER],
        deps=list(deps),
        partitions_def=business_day,
        metadata={"table": f"oms.{table}"},
    )


def table_step(
    name: str, specs: Sequence[dg.AssetSpec], *, retry_policy: dg.RetryPolicy | None = None
):
    """`@table_step(name, [table_spec(...), ...])` on a step that writes these tables of one
    business day together: in one transaction, so never a subset of them (a step writing the
    files of a day together takes their specs the same way). A step that reaches object storage
    passes the retry policy for it."""
    return dg.multi_asset(
        name=name,
        specs=list(specs),
        partitions_def=business_day,
        can_subset=False,
        retry_policy=retry_policy,
    )


def oms_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["oms", table])


def table_asset(
    table: str,
    *,
    group: str,
    description: str,
    deps: Sequence[dg.AssetKey | dg.AssetDep] = (),
    retry_policy: dg.RetryPolicy | None = None,
):
    """`@dg.asset` for an `oms.<table>` computed on its own, with `table_spec`'s face; its step
    is named `oms__<table>` as Dagster names a plain asset's."""
    return dg.multi_asset(
        name=f"oms__{table}",
        specs=[table_spec(table, group=group, description=description, deps=deps)],
        partitions_def=business_day,
        retry_policy=retry_policy,
    )


def rows_per(frame: pl.DataFrame, column: str) -> dict:
    """Rows per value of `column`, in value order: the count operations read first in a step's
    metadata (rejects by rule, shipments by carrier, …)."""
    return dict(frame.group_by(column).len().sort(column).iter_rows())
