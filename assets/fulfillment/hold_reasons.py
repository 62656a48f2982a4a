"""Why a shipment is held instead of shipped tonight, in the words operations read."""

import polars as pl


def hold_reason() -> pl.Expr:
    """Why a shipment cannot ship tonight, in words; null when a service was chosen."""
    return (
        pl.when(pl.col("missing_weight_sku").is_not_null())
        .then(pl.format("SKU {} has no valid weight in the SKU reference", "missing_weight_sku"))
        .when(pl.col("zone").is_null())
        .then(
            pl.format(
                "no carrier zone from warehouse {} to {} {}",
                "warehouse_id",
                "ship_country",
                pl.col("ship_postal_code").fill_null(""),
            )
        )
        .when(pl.col("best_limit_g").is_null())
        .then(
            pl.format(
                "no carrier service for zone {} at service level {} or faster",
                "zone",
                "service_level",
            )
        )
        .when(pl.col("carrier").is_null())
        .then(
            pl.format(
                "a unit of SKU {} weighs {} g, more than the {} g limit of every eligible service",
                "heaviest_sku",
                "heaviest_unit_g",
                "best_limit_g",
            )
        )
        .otherwise(None)
    )
