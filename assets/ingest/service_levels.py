"""Channel shipping service names → our three service levels.

A shipped default mapping (`service_levels_default.csv`, channel `*` applies to every channel)
is extended by the user's `reference/service_levels.csv`; a user row wins over a default for the
same channel and name. Names match case-insensitively, ignoring surrounding spaces; an empty
name is the key "" (so a user row `shopify,,expedited` maps a channel's empty method).

A name neither maps is given the night's fallback level (`ingest_settings.default_service_level`)
and flagged `is_service_defaulted`, so that it can be reported; with strict service levels there
is no fallback and the row fails `unknown_service_level`.
"""

from pathlib import Path

import polars as pl

from contracts.vocabulary import SERVICE_LEVELS

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
        .filter(pl.col("service_level").is_in(SERVICE_LEVELS))
        .sort("priority")
        .unique(["channel", "service_key"], keep="last", maintain_order=True)
        .select("channel", "service_key", "service_level")
    )


def with_service_level(
    frame: pl.DataFrame, mapping: pl.DataFrame, fallback: str | None = None
) -> pl.DataFrame:
    """Add `service_level` from `service_name`: a channel-specific row first, then `*`, then
    `fallback` (None: stays null, and the row fails); and `is_service_defaulted`, true where the
    fallback was used.

    The mapping is a few dozen names, so it is applied as one dictionary lookup per channel in
    the frame rather than as joins over every line.
    """
    generic = _levels(mapping, ANY_CHANNEL)
    level = pl.lit(None, dtype=pl.String)
    key = _key(pl.col("service_name"))
    for channel in frame["channel"].unique().drop_nulls().sort().to_list():
        levels = generic | _levels(mapping, channel)
        lookup = key.replace_strict(
            list(levels), list(levels.values()), default=None, return_dtype=pl.String
        )
        level = pl.when(pl.col("channel") == channel).then(lookup).otherwise(level)
    if fallback is None:
        return frame.with_columns(service_level=level, is_service_defaulted=pl.lit(False))
    return frame.with_columns(service_level=level).with_columns(
        is_service_defaulted=pl.col("service_level").is_null(),
        service_level=pl.col("service_level").fill_null(pl.lit(fallback)),
    )


def _levels(mapping: pl.DataFrame, channel: str) -> dict[str, str]:
    rows = mapping.filter(pl.col("channel") == channel).select("service_key", "service_level")
    return dict(rows.iter_rows())


def _key(name: pl.Expr) -> pl.Expr:
    return name.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ").fill_null("")
