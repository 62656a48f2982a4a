"""Every file one warehouse needs for one ship date, written into the folder the caller owns.

pick-lists.csv / .pdf, packing-slips.pdf, manifest-<carrier>.csv / .pdf per carrier, and
customs-declarations.pdf when the warehouse ships abroad tonight. Files of
these names left from an earlier run that this run does not write (a carrier gone, PDFs switched
off) are removed, and each file is written to a temporary name then renamed, so the folder always
reflects exactly one run and a re-run rewrites the same bytes.
"""

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import polars as pl

from assets.documents.csv_files import write_manifest_csv, write_pick_list_csv
from assets.documents.customs_pdf import render_customs_declarations
from assets.documents.manifest_pdf import render_manifest
from assets.documents.packing_slip_pdf import render_packing_slips, slip_order
from assets.documents.pick_list_pdf import pick_list_order, render_pick_lists
from contracts.vocabulary import carrier_code

OWNED_PATTERNS = (
    "pick-lists.csv",
    "pick-lists.pdf",
    "packing-slips.pdf",
    "manifest-*.*",
    "customs-declarations.pdf",
)


def write_warehouse_documents(
    folder: Path,
    *,
    business_date: dt.date | str,
    warehouse: Mapping | pl.DataFrame,
    pick_list_lines: pl.DataFrame,
    shipments: pl.DataFrame,
    slip_lines: pl.DataFrame,
    manifest_lines: pl.DataFrame,
    include_pdf: bool = True,
    skus: pl.DataFrame | None = None,
    processes: int = 1,
    customs_declarations: pl.DataFrame | None = None,
) -> list[Path]:
    """Write the warehouse's files for the date into folder; returns the paths written, sorted.

    manifest_lines may carry each package's tracking_number (null until its carrier confirmed).
    The frames may hold other warehouses: only rows of this warehouse are used. Descriptions on
    packing slips come from skus when given, else from the slip lines (the catalogue's). Pick
    lists and packing slips are laid out in up to `processes` worker processes, with the same
    bytes.
    """
    site = _warehouse_record(warehouse)
    warehouse_id = site["warehouse_id"]
    date_text = str(business_date)[:10]
    folder.mkdir(parents=True, exist_ok=True)

    lines = pick_list_order(_only(pick_list_lines, warehouse_id))
    ready = _only(shipments, warehouse_id)
    manifests = _with_tracking(_only(manifest_lines, warehouse_id)).sort(
        ["manifest_id", "package_id"]
    )
    written: list[Path] = []

    written.append(_atomic(folder / "pick-lists.csv", lambda p: write_pick_list_csv(p, lines)))
    carriers = manifests.with_columns(code=carrier_code(pl.col("carrier"))).partition_by(
        "code", maintain_order=True, as_dict=True, include_key=False
    )
    for (code,), frame in sorted(carriers.items()):
        written.append(
            _atomic(folder / f"manifest-{code}.csv", lambda p, f=frame: write_manifest_csv(p, f))
        )
    if include_pdf:
        written += _write_pdfs(
            folder, site, date_text, lines, ready, slip_lines, carriers, skus, processes
        )
        customs = (
            _only(customs_declarations, warehouse_id) if customs_declarations is not None else None
        )
        if customs is not None and customs.height:
            written.append(
                _atomic(
                    folder / "customs-declarations.pdf",
                    lambda p: render_customs_declarations(
                        p, customs, ready, warehouse=site, business_date=date_text
                    ),
                )
            )
    _remove_stale(folder, written)
    return sorted(written)


def _write_pdfs(
    folder: Path,
    site: dict,
    date_text: str,
    lines: pl.DataFrame,
    shipments: pl.DataFrame,
    slip_lines: pl.DataFrame,
    carriers: dict,
    skus: pl.DataFrame | None,
    processes: int,
) -> list[Path]:
    """Pick lists, packing slips and one manifest sheet per carrier."""
    warehouse_id = site["warehouse_id"]
    written = [
        _atomic(
            folder / "pick-lists.pdf",
            lambda p: render_pick_lists(
                p, lines, warehouse=warehouse_id, business_date=date_text, processes=processes
            ),
        )
    ]
    slips = slip_order(shipments, lines)
    order_lines = slip_lines.join(slips.select("shipment_id"), on="shipment_id", how="semi")
    if skus is not None:
        order_lines = order_lines.with_columns(
            description=pl.col("sku").replace_strict(
                _descriptions(skus), default=None, return_dtype=pl.String
            )
        )
    written.append(
        _atomic(
            folder / "packing-slips.pdf",
            lambda p: render_packing_slips(
                p,
                slips,
                order_lines,
                warehouse=site,
                business_date=date_text,
                processes=processes,
            ),
        )
    )
    for (code,), frame in sorted(carriers.items()):
        written.append(
            _atomic(
                folder / f"manifest-{code}.pdf",
                lambda p, f=frame: render_manifest(
                    p, f, warehouse=site, business_date=date_text, processes=processes
                ),
            )
        )
    return written


def _warehouse_record(warehouse: Mapping | pl.DataFrame) -> dict:
    """The warehouse as a dict, from a mapping or a one-row frame."""
    if isinstance(warehouse, pl.DataFrame):
        if warehouse.height != 1:
            raise ValueError("warehouse frame must hold exactly one row")
        return warehouse.row(0, named=True)
    return dict(warehouse)


def _with_tracking(manifest_lines: pl.DataFrame) -> pl.DataFrame:
    """Manifest lines with a tracking_number column: lines read without one (no confirmation
    looked up) have none yet."""
    if "tracking_number" in manifest_lines.columns:
        return manifest_lines
    return manifest_lines.with_columns(tracking_number=pl.lit(None, dtype=pl.String))


def _only(frame: pl.DataFrame, warehouse_id: str) -> pl.DataFrame:
    """Rows of one warehouse (frames without warehouse_id are taken as they are)."""
    if "warehouse_id" not in frame.columns:
        return frame
    return frame.filter(pl.col("warehouse_id") == warehouse_id)


def _descriptions(frame: pl.DataFrame) -> dict[str, str]:
    """SKU -> description from any frame with sku and description columns."""
    if "description" not in frame.columns:
        return {}
    pairs = frame.select("sku", "description").drop_nulls().unique(subset="sku", keep="first")
    return dict(pairs.iter_rows())


def _atomic(path: Path, write: Callable[[Path], Path]) -> Path:
    """Write through a temporary file and rename, so a crash never leaves half a file.

    A temporary left by a killed run (or a link planted under its name) is removed first: the
    write must create a file here, never follow a link to one elsewhere."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    write(temporary)
    os.replace(temporary, path)
    return path


def _remove_stale(folder: Path, written: list[Path]) -> None:
    """Delete document files of an earlier run that this run did not write (a link of such a
    name is removed itself, never what it points to)."""
    keep = {path.name for path in written}
    for pattern in OWNED_PATTERNS:
        for path in folder.glob(pattern):
            if path.name not in keep and (path.is_symlink() or path.is_file()):
                path.unlink()
