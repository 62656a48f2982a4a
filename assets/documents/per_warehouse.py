"""The night's fulfillment frames cut into one set per warehouse, so each warehouse's documents can
be rendered by a step of its own (in parallel, in another process, on another host)."""

import re

import polars as pl

WAREHOUSE_FRAMES = (
    "warehouse",
    "pick_list_lines",
    "shipments",
    "slip_lines",
    "manifest_lines",
    "customs_declarations",
)


def frames_per_warehouse(
    warehouses: pl.DataFrame,
    *,
    pick_list_lines: pl.DataFrame,
    shipments: pl.DataFrame,
    slip_lines: pl.DataFrame,
    manifest_lines: pl.DataFrame,
    customs_declarations: pl.DataFrame,
) -> list[dict[str, pl.DataFrame]]:
    """Per warehouse with shipments tonight, in reference-file order: its one-row `warehouse`
    frame and its rows of each table (`WAREHOUSE_FRAMES`), ready for `write_warehouse_documents`.

    A warehouse without shipments gets no folder (nothing to pick, pack or hand to a carrier).
    """
    parts = []
    for position in range(warehouses.height):
        site = warehouses.slice(position, 1)
        warehouse_id = site["warehouse_id"].item()
        own = pl.col("warehouse_id") == warehouse_id
        site_shipments = shipments.filter(own)
        if not site_shipments.height:
            continue
        parts.append(
            {
                "warehouse": site,
                "pick_list_lines": pick_list_lines.filter(own),
                "shipments": site_shipments,
                "slip_lines": slip_lines.filter(own),
                "manifest_lines": manifest_lines.filter(own),
                "customs_declarations": customs_declarations.filter(own),
            }
        )
    return parts


def step_mapping_keys(warehouse_ids: list[str]) -> list[str]:
    """A Dagster mapping key per warehouse (letters, digits, `_`), unique, readable in the UI:
    `WH-EAST` → `WH_EAST`."""
    keys: list[str] = []
    for warehouse_id in warehouse_ids:
        key = re.sub(r"[^A-Za-z0-9_]", "_", warehouse_id) or "warehouse"
        candidate, suffix = key, 2
        while candidate in keys:
            candidate, suffix = f"{key}_{suffix}", suffix + 1
        keys.append(candidate)
    return keys
