"""Why a shipment is held instead of shipped tonight, in the words operations read."""

import polars as pl

from contracts.addresses import is_placeholder


def undeliverable_address() -> pl.Expr:
    """What makes the ship-to address undeliverable, in words; null when a carrier can take it.

    A parcel needs a recipient and a street: a missing or placeholder name, or no usable street
    line (address 1 and address 2 both missing or placeholders), holds it, and so does a city
    written as a placeholder. A missing city alone does not: carriers route by postal code, and
    city-states (SG, MC) write none. The values quoted are the order book's own (accepted) ones.
    """
    name, street = pl.col("ship_name"), pl.col("ship_address1")
    no_street = is_placeholder(street) & is_placeholder(pl.col("ship_address2"))
    problems = [
        pl.when(name.is_null() | (name.str.strip_chars() == ""))
        .then(pl.lit("no recipient name"))
        .when(is_placeholder(name))
        .then(pl.format("the recipient name is '{}'", name)),
        pl.when(no_street & (street.is_null() | (street.str.strip_chars() == "")))
        .then(pl.lit("no street address"))
        .when(no_street)
        .then(pl.format("the street address is '{}'", street)),
        pl.when(pl.col("ship_city").is_not_null() & is_placeholder(pl.col("ship_city"))).then(
            pl.format("the city is '{}'", pl.col("ship_city"))
        ),
    ]
    found = pl.concat_str(problems, separator=", ", ignore_nulls=True)
    return pl.when(found != "").then(found)


def hold_reason() -> pl.Expr:
    """Why a shipment cannot ship tonight, in words; null when a service was chosen. An
    undeliverable address comes first: no carrier choice can help it."""
    undeliverable = undeliverable_address()
    return (
        pl.when(undeliverable.is_not_null())
        .then(
            pl.format(
                "the ship-to address cannot be delivered ({}): correct it on the channel, or "
                "cancel the order there if it is not to be shipped",
                undeliverable,
            )
        )
        .when(pl.col("missing_weight_sku").is_not_null())
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
