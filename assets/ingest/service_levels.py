"""Channel shipping service names → our three service levels.

A shipped default mapping (`service_levels_default.csv`, channel `*` applies to every channel)
is extended by the user's `reference/service_levels.csv`; a user row wins over a default for the
same channel and name. Names match case-insensitively, ignoring surrounding spaces.
"""

from pathlib import Path

import polars as pl

from assets.ingest.canonical import SERVICE_LEVELS

DEFAULT_MAPPING_PATH = Path(__file__).with_name("service_levels_default.csv")
ANY_CHANNEL = "*"


def default_service_levels() -> pl.DataFrame:
    """The mapping shipped with batch-oms."""
    return pl.read_csv(DEFAULT_MAPPING_PATH, infer_schema=False)


def service_level_mapping(user_rows: pl.DataFrame | None) -> pl.DataFrame:
    """Defaults plus user rows as (channel, service_key, service_level); user rows win.

    User rows naming a level other than standard/expedited/overnight are ignored, so a typo in
    the reference file cannot invent a fourth service level.
    """
    frames = [default_service_levels().with_columns(priority=pl.lit(0))]
    if user_rows is not None and user_rows.height:
        frames.append(
            user_rows.select(
                pl.col("channel").cast(pl.String),
                pl.col("service_name").cast(pl.String),
                pl.col("service_level").cast(pl.String),
            ).with_columns(priority=pl.lit(1))
        )
    return (
        pl.concat(frames)
        .with_columns(
            channel=pl.col("channel").str.strip_chars().str.to_lowercase(),
            service_key=_key(pl.col("service_name")),
            service_level=pl.col("service_level").str.strip_chars().str.to_lowercase(),
        )
        .filter(pl.col("service_level").is_in(SERVICE_LEVELS) & pl.col("service_key").is_not_null())
        .sort("priority")
        .unique(["channel", "service_key"], keep="last", maintain_order=True)
        .select("channel", "service_key", "service_level")
    )


def with_service_level(frame: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """Add `service_level` from `service_name`: a channel-specific row first, then `*`."""
    specific = mapping.filter(pl.col("channel") != ANY_CHANNEL).rename(
        {"service_level": "_specific_level"}
    )
    generic = (
        mapping.filter(pl.col("channel") == ANY_CHANNEL)
        .drop("channel")
        .rename({"service_level": "_generic_level"})
    )
    return (
        frame.with_columns(_service_key=_key(pl.col("service_name")))
        .join(
            specific,
            left_on=["channel", "_service_key"],
            right_on=["channel", "service_key"],
            how="left",
            maintain_order="left",
        )
        .join(
            generic,
            left_on="_service_key",
            right_on="service_key",
            how="left",
            maintain_order="left",
        )
        .with_columns(service_level=pl.coalesce("_specific_level", "_generic_level"))
        .drop("_service_key", "_specific_level", "_generic_level")
    )


def _key(name: pl.Expr) -> pl.Expr:
    return name.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
