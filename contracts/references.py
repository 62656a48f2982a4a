"""The reference files merchants keep in `reference/<name>.csv`: their columns and types.

A required file must be there for a night to run; any other may be absent (it reads as empty). A
column in OPTIONAL_COLUMNS may be left out of its file (it reads as null). docs/inputs.md describes
each file for merchants.
"""

import polars as pl

REFERENCE_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "warehouses": {
        "warehouse_id": pl.String(),
        "name": pl.String(),
        "country": pl.String(),
        "region": pl.String(),
        "postal_code": pl.String(),
        "address1": pl.String(),
        "address2": pl.String(),
        "city": pl.String(),
        "phone": pl.String(),
    },
    "skus": {
        "sku": pl.String(),
        "description": pl.String(),
        "weight_g": pl.Int64(),
        # customs (optional): the Harmonized System code, 6 to 10 digits as text (leading zeros
        # matter), and the ISO 3166 alpha-2 country the goods were made in
        "hs_code": pl.String(),
        "origin_country": pl.String(),
    },
    "bins": {
        "warehouse_id": pl.String(),
        "sku": pl.String(),
        "bin": pl.String(),
        "pick_sequence": pl.Int64(),
    },
    "zones": {
        "warehouse_id": pl.String(),
        "dest_country": pl.String(),
        "dest_region": pl.String(),
        "zone": pl.String(),
    },
    "carrier_services": {
        "carrier": pl.String(),
        "service": pl.String(),
        "service_level": pl.String(),
        "zone": pl.String(),
        "max_weight_g": pl.Int64(),
        "price": pl.Float64(),
        "transit_days": pl.Int64(),
        "cutoff": pl.String(),
    },
    "channels": {"channel": pl.String(), "priority": pl.Int64(), "allow_split": pl.Boolean()},
    "kits": {"kit_sku": pl.String(), "component_sku": pl.String(), "quantity": pl.Int64()},
    "safety_stock": {"warehouse_id": pl.String(), "sku": pl.String(), "units": pl.Int64()},
    "service_levels": {
        "channel": pl.String(),
        "service_name": pl.String(),
        "service_level": pl.String(),
    },
    "listings": {"channel": pl.String(), "listing_id": pl.String(), "sku": pl.String()},
    # Shopify's own inventory export (Products → Inventory → Export), as Shopify writes it; the
    # stock feed fills its `On hand (new)` (docs/channels.md, "Stock feeds")
    "shopify_inventory": {
        name: pl.String()
        for name in (
            "handle",
            "title",
            "option1 name",
            "option1 value",
            "option2 name",
            "option2 value",
            "option3 name",
            "option3 value",
            "sku",
            "hs code",
            "coo",
            "location",
            "bin name",
            "incoming (not editable)",
            "unavailable (not editable)",
            "committed (not editable)",
            "available (not editable)",
            "on hand (current)",
            "on hand (new)",
        )
    },
}
REQUIRED_REFERENCES = ("warehouses", "skus", "zones", "carrier_services")
OPTIONAL_COLUMNS = {
    "carrier_services": {"cutoff"},
    "skus": {"hs_code", "origin_country"},
    # the ship-from street, city and phone came later: a file without them still loads, and the
    # documents say the address is incomplete (docs/inputs.md)
    "warehouses": {"address1", "address2", "city", "phone"},
}
