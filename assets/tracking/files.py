"""Tracking files of `tracking/<date>/`, read into one row per carrier event whatever the format.

- `*.jsonl` / `*.ndjson` / `*.json`: EasyPost tracker events and Shippo `track_updated` events, one
  JSON object a line (both may share a file);
- `*.csv` with a `record_type` column: UPS Quantum View subscription records, one a row;
- any other `*.csv`: the generic tracking CSV (tracking_number, status, event_time, location,
  exception_code[, carrier, detail]) with the batch-oms tracking statuses.

Headers are matched lower-cased without spaces, `-` and `_` (FEEDBACK-FORMATS.md section 0).
Formats and columns: docs/lifecycle.md, "Delivery tracking".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from assets.tracking.statuses import mapping_frame
from contracts.landing_file import Refusal
from resources.landing import read_landed
from resources.warehouse import run_sql_file_on_frames

TEXT_FIELDS = (
    "source_format",
    "source_file",
    "carrier",
    "tracking_number",
    "event_time",
    "carrier_status",
    "carrier_substatus",
    "status_detail",
    "exception_code",
    "city",
    "state",
    "postal_code",
    "country",
    "location",
    "signed_by",
    "problem",
)
RAW_SCHEMA = {
    **dict.fromkeys(TEXT_FIELDS, pl.String()),
    "source_row": pl.Int64(),
    "event_index": pl.Int64(),
}
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
UPS_COLUMNS = {"recordtype", "trackingnumber", "date", "time"}
GENERIC_COLUMNS = {"trackingnumber", "status", "eventtime"}
UPS_FIELDS = {
    "trackingnumber": "tracking_number",
    "date": "date",
    "time": "time",
    "recordtype": "record_type",
    "activitytype": "activity_type",
    "statusdescription": "status_description",
    "reasoncode": "reason_code",
    "reasondescription": "reason_description",
    "statuscode": "status_code",
    "activitycity": "city",
    "activitystate": "state",
    "activitypostalcode": "postal_code",
    "activitycountry": "country",
    "driverrelease": "signed_by",
}
GENERIC_FIELDS = {
    "carrier": "carrier",
    "trackingnumber": "tracking_number",
    "status": "carrier_status",
    "eventtime": "event_time",
    "location": "location",
    "exceptioncode": "exception_code",
    "detail": "status_detail",
}


def _key(header: str) -> str:
    return "".join(c for c in header.strip().lstrip("\ufeff").lower() if c not in " -_")


def _problem(relative: str, reason: str, row: int | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        [{"source_file": relative, "source_row": row, "event_index": 0, "problem": reason}],
        schema=RAW_SCHEMA,
    )


def _shaped(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.width == 0:
        return pl.DataFrame(schema=RAW_SCHEMA)
    return frame.select(
        (pl.col(c).cast(dtype) if c in frame.columns else pl.lit(None, dtype)).alias(c)
        for c, dtype in RAW_SCHEMA.items()
    )


def _json_lines(data: bytes, relative: str) -> pl.DataFrame:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = pl.DataFrame({"line": text.splitlines()}).with_row_index("source_row", offset=1)
    lines = lines.filter(pl.col("line").str.strip_chars() != "").select(
        pl.lit(relative).alias("source_file"), pl.col("source_row").cast(pl.Int64), "line"
    )
    if lines.is_empty():
        return _shaped(pl.DataFrame())
    return _shaped(
        run_sql_file_on_frames("tracking/json_line_events", frames={"json_lines": lines})
    )


def _ups(raw: pl.DataFrame, relative: str) -> pl.DataFrame:
    cols = {UPS_FIELDS[_key(c)]: pl.col(c) for c in raw.columns if _key(c) in UPS_FIELDS}
    get = {
        name: cols.get(name, pl.lit(None, pl.String)).str.strip_chars()
        for name in UPS_FIELDS.values()
    }
    record = get["record_type"].str.to_titlecase()
    return raw.select(
        pl.lit("ups_quantum_view").alias("source_format"),
        pl.lit(relative).alias("source_file"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        pl.lit(0, pl.Int64).alias("event_index"),
        pl.lit("ups").alias("carrier"),
        get["tracking_number"].alias("tracking_number"),
        pl.concat_str(get["date"], pl.lit(" "), get["time"].str.zfill(6)).alias("event_time"),
        pl.when(record == "Generic")
        .then(pl.concat_str(record, pl.lit(" "), get["activity_type"].str.to_uppercase()))
        .otherwise(record)
        .alias("carrier_status"),
        pl.coalesce(get["reason_description"], get["status_description"]).alias("status_detail"),
        pl.coalesce(get["reason_code"], get["status_code"]).alias("exception_code"),
        get["city"].alias("city"),
        get["state"].alias("state"),
        get["postal_code"].alias("postal_code"),
        get["country"].alias("country"),
        get["signed_by"].alias("signed_by"),
    ).pipe(_shaped)


def _generic(raw: pl.DataFrame, relative: str) -> pl.DataFrame:
    cols = {GENERIC_FIELDS[_key(c)]: pl.col(c) for c in raw.columns if _key(c) in GENERIC_FIELDS}
    return (
        raw.select(
            pl.lit("generic_csv").alias("source_format"),
            pl.lit(relative).alias("source_file"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
            pl.lit(0, pl.Int64).alias("event_index"),
            *(
                cols.get(name, pl.lit(None, pl.String)).str.strip_chars().alias(name)
                for name in GENERIC_FIELDS.values()
            ),
        )
        .with_columns(
            pl.col("carrier").str.to_lowercase(),
            pl.col("carrier_status").str.to_lowercase().str.replace_all(r"[\s-]+", "_"),
        )
        .pipe(_shaped)
    )


def _csv(data: bytes, relative: str) -> pl.DataFrame:
    try:
        raw = pl.read_csv(
            data, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
    except Exception as error:  # an unreadable file is reported, never a crashed night
        # the error's kind, not its text: the text may quote the file
        return _problem(relative, f"unreadable tracking file ({type(error).__name__})")
    keys = {_key(c) for c in raw.columns}
    if keys >= UPS_COLUMNS:
        return _ups(raw, relative)
    if keys >= GENERIC_COLUMNS:
        return _generic(raw, relative)
    return _problem(
        relative,
        "unreadable tracking file: a CSV with neither the UPS Quantum View columns (record_type, "
        "tracking_number, date, time) nor the generic tracking columns (tracking_number, status, "
        "event_time); see docs/lifecycle.md, Delivery tracking",
    )


def _read_one(path: Path, relative: str) -> pl.DataFrame:
    try:
        data = read_landed(path, relative)
    except OSError as error:  # the OS's words: the path, never the content
        return _problem(relative, f"unreadable tracking file: {error}")
    if relative.lower().endswith(JSON_SUFFIXES):
        return _json_lines(data, relative)
    if relative.lower().endswith(".csv"):
        return _csv(data, relative)
    return _problem(
        relative,
        "not a tracking file: only .jsonl (EasyPost, Shippo) and .csv (UPS Quantum View, generic) "
        "files are read; land it under one of those names",
    )


def _event_time(text: pl.Expr) -> pl.Expr:
    """UTC where the text carries an offset (EasyPost, Shippo, ISO), else as written (UPS)."""
    text = text.str.strip_chars().str.replace(r"Z$", "+00:00")
    return pl.coalesce(
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_zone="UTC")
        .dt.replace_time_zone(None)
        .cast(pl.Datetime("us")),
        *(
            text.str.to_datetime(fmt, strict=False, time_unit="us")
            for fmt in (
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
                "%Y%m%d %H%M%S",
            )
        ),
    )


def normalized(raw: pl.DataFrame) -> pl.DataFrame:
    """Each row in batch-oms words: tracking number upper case without spaces, time parsed,
    status mapped, location in one text; a row that cannot be stored says why in `problem`."""
    location = pl.concat_list("city", "state", "postal_code", "country").list.drop_nulls()
    rows = raw.with_columns(
        pl.col("tracking_number").str.to_uppercase().str.replace_all(r"\s+", ""),
        _event_time(pl.col("event_time")).alias("event_time"),
        pl.coalesce(
            "location", pl.when(location.list.len() > 0).then(location.list.join(", "))
        ).alias("location"),
    ).join(mapping_frame(), on=["source_format", "carrier_status"], how="left")
    # the carriers' finer words: an EasyPost delivery exception, a Shippo parcel out for delivery
    rows = rows.with_columns(
        pl.when(
            (pl.col("source_format") == "easypost")
            & (pl.col("carrier_substatus") == "delivery_exception")
        )
        .then(pl.lit("exception"))
        .when(
            (pl.col("source_format") == "shippo")
            & (pl.col("tracking_status") == "in_transit")
            & (pl.col("carrier_substatus").str.to_lowercase() == "out_for_delivery")
        )
        .then(pl.lit("out_for_delivery"))
        .otherwise(pl.col("tracking_status"))
        .alias("tracking_status"),
    )
    where = pl.format("{} row {}", "source_file", "source_row")
    problem = (
        pl.when(pl.col("problem").is_not_null())
        .then(pl.col("problem"))
        .when(pl.col("tracking_number").fill_null("") == "")
        .then(pl.format("{}: no tracking number; the event cannot be matched to a parcel", where))
        .when(pl.col("event_time").is_null())
        .then(
            pl.format(
                "{}: no event time batch-oms can read (ISO 8601, or UPS date and time)", where
            )
        )
        .when(pl.col("carrier_status").is_null())
        .then(pl.format("{}: no status", where))
    )
    unknown = pl.format(
        "{}: status '{}' is not one batch-oms maps for {}; see docs/lifecycle.md, Delivery "
        "tracking",
        where,
        "carrier_status",
        "source_format",
    )
    rule = (
        pl.when(problem.is_not_null())
        .then(pl.lit("unreadable_row"))
        .when(pl.col("tracking_status").is_null())
        .then(pl.lit("unknown_status"))
    )
    return rows.with_columns(
        rule.alias("rule"),
        pl.coalesce(problem, pl.when(pl.col("tracking_status").is_null()).then(unknown)).alias(
            "problem"
        ),
    ).drop("city", "state", "postal_code", "country", "carrier_substatus")


def read_tracking_files(
    files: Sequence[tuple[Path, str]], refused: Sequence[tuple[str, Refusal]] = ()
) -> pl.DataFrame:
    """Every event of a date's tracking files, in file, row and event order, normalized. A file
    that cannot be read at all, and each path the landing zone refused (never opened), is one
    row with rule `unreadable_file`."""
    refusals = [_problem(relative, why.reason) for relative, why in refused]
    read = [_read_one(path, relative) for path, relative in files]
    rows = pl.concat([_shaped(pl.DataFrame()), *read, *refusals])
    whole_file = pl.col("source_row").is_null()
    return normalized(rows).with_columns(
        pl.when(whole_file).then(pl.lit("unreadable_file")).otherwise(pl.col("rule")).alias("rule")
    )
