"""The demo merchant: four warehouses, three carriers, a catalogue, zones and bins.

Small fixed tables describe the world (states, carriers); numpy draws the catalogue from a seed, so
the same seed always writes the same reference files.
"""

from __future__ import annotations

import numpy as np
import polars as pl

# region, city, zip prefix (3 digits), west-to-east position 0..9
US_STATES = [
    ("CA", "Sacramento", "956", 0),
    ("WA", "Seattle", "981", 0),
    ("OR", "Portland", "972", 0),
    ("NV", "Reno", "895", 1),
    ("AZ", "Phoenix", "850", 2),
    ("UT", "Salt Lake City", "841", 2),
    ("CO", "Denver", "802", 3),
    ("TX", "Dallas", "752", 4),
    ("MN", "Minneapolis", "554", 5),
    ("IL", "Chicago", "606", 6),
    ("MO", "St. Louis", "631", 5),
    ("GA", "Atlanta", "303", 7),
    ("FL", "Miami", "331", 8),
    ("OH", "Columbus", "432", 7),
    ("NC", "Charlotte", "282", 8),
    ("PA", "Philadelphia", "191", 9),
    ("NY", "New York", "100", 9),
    ("NJ", "Newark", "071", 9),
    ("MA", "Boston", "021", 9),
    ("CT", "Hartford", "061", 9),
]
CA_PROVINCES = [
    ("ON", "Toronto", "M5V 2T6"),
    ("QC", "Montreal", "H2X 1Y4"),
    ("BC", "Vancouver", "V6B 1A1"),
]
GB_REGIONS = [
    ("ENG", "London", "SW1A 1AA"),
    ("ENG", "Manchester", "M1 1AE"),
    ("SCT", "Glasgow", "G1 1XQ"),
]

WAREHOUSES = pl.DataFrame(
    {
        "warehouse_id": ["WH-EAST", "WH-CENTRAL", "WH-WEST", "WH-UK"],
        "name": ["East Coast DC", "Central DC", "West Coast DC", "UK Fulfilment Centre"],
        "country": ["US", "US", "US", "GB"],
        "region": ["NJ", "TX", "NV", "ENG"],
        "postal_code": ["08837", "75261", "89502", "CV3 4PE"],
        "address1": [
            "300 Raritan Center Pkwy",
            "2400 Aviation Dr",
            "1200 Terminal Way",
            "Unit 4, Siskin Parkway East",
        ],
        "address2": ["Dock 7", None, "Building B", "Middlemarch Business Park"],
        "city": ["Edison", "DFW Airport", "Reno", "Coventry"],
        "phone": ["+1 732-555-0140", "+1 972-555-0175", "+1 775-555-0123", "+44 24 7696 0102"],
    }
)
_US_WAREHOUSE_POSITION = {"WH-EAST": 9, "WH-CENTRAL": 4, "WH-WEST": 1}

# carrier, service, service_level, base price, price per zone step, transit days (zone 2),
# max weight, cutoff.
# USPS is cheapest for light parcels; UPS and FedEx win once a parcel is heavy (as real rate
# tables do).
SERVICES = [
    ("USPS", "Ground Advantage", "standard", 4.90, 0.55, 3, 1_000, "15:00"),
    ("USPS", "Priority Mail", "expedited", 8.70, 0.95, 2, 2_000, "15:00"),
    ("USPS", "Priority Mail Express", "overnight", 28.75, 2.10, 1, 1_000, "15:00"),
    ("UPS", "Ground", "standard", 9.80, 0.70, 3, 68_000, "17:00"),
    ("UPS", "2nd Day Air", "expedited", 17.40, 1.90, 2, 68_000, "17:00"),
    ("UPS", "Next Day Air", "overnight", 31.20, 3.10, 1, 68_000, "17:00"),
    ("FedEx", "Ground", "standard", 9.60, 0.75, 3, 68_000, "18:00"),
    ("FedEx", "Express Saver", "expedited", 16.90, 2.05, 3, 68_000, "18:00"),
    ("FedEx", "Priority Overnight", "overnight", 33.10, 2.80, 1, 68_000, "18:00"),
]
UK_SERVICES = [
    ("Royal Mail", "Tracked 48", "standard", 3.95, 0.0, 2, 20_000, "16:30"),
    ("Royal Mail", "Tracked 24", "expedited", 4.95, 0.0, 1, 20_000, "16:30"),
    ("DPD", "Next Day", "overnight", 8.50, 0.0, 1, 30_000, "17:30"),
]
INTERNATIONAL_SERVICES = [
    ("UPS", "Worldwide Expedited", "expedited", 62.00, 0.0, 4, 68_000, "17:00"),
    ("FedEx", "International Priority", "overnight", 88.00, 0.0, 2, 68_000, "18:00"),
    ("USPS", "Priority Mail International", "standard", 45.00, 0.0, 8, 20_000, "15:00"),
]

ADJECTIVES = [
    "Classic",
    "Organic",
    "Compact",
    "Deluxe",
    "Eco",
    "Heavy-Duty",
    "Mini",
    "Pro",
    "Soft",
    "Travel",
]
NOUNS = [
    "Mug",
    "Water Bottle",
    "Notebook",
    "Backpack",
    "Lamp",
    "Yoga Mat",
    "Candle",
    "Tea Tin",
    "Scarf",
    "Kettle",
    "Speaker",
    "Phone Case",
    "Blanket",
    "Planter",
    "Cutting Board",
    "Headphones",
    "Wallet",
    "Umbrella",
]
COLOURS = ["Black", "White", "Sage", "Navy", "Rust", "Sand", "Grey", "Teal"]
CUSTOMS = {
    "Mug": ("691200", "PT"),
    "Water Bottle": ("732393", "CN"),
    "Notebook": ("482020", "US"),
    "Backpack": ("420292", "VN"),
    "Lamp": ("940520", "CN"),
    "Yoga Mat": ("950691", "IN"),
    "Candle": ("340600", "US"),
    "Tea Tin": ("090240", "IN"),
    "Scarf": ("611710", "IT"),
    "Kettle": ("851671", "CN"),
    "Speaker": ("851822", "CN"),
    "Phone Case": ("420232", "CN"),
    "Blanket": ("630140", "PT"),
    "Planter": ("691490", "MX"),
    "Cutting Board": ("441911", "US"),
    "Headphones": ("851830", "CN"),
    "Wallet": ("420231", "IT"),
    "Umbrella": ("660191", "CN"),
}
"""Per product, the 6-digit HS subheading and the country of origin customs declarations print
(codes chosen as a merchant's broker would; kept as text, `090240` keeps its zero)."""


def zones() -> pl.DataFrame:
    """Zone 2..8 by west-to-east distance inside the US; Canada zone 8 from the US coasts; UK
    local."""
    rows = []
    for warehouse_id, position in _US_WAREHOUSE_POSITION.items():
        for region, _, _, state_position in US_STATES:
            zone = 2 + min(6, round(abs(position - state_position) * 0.75))
            rows.append((warehouse_id, "US", region, str(zone)))
        rows.append((warehouse_id, "US", "*", "8"))
    for warehouse_id in ("WH-EAST", "WH-WEST"):
        rows.append((warehouse_id, "CA", "*", "8"))
    rows.append(("WH-CENTRAL", "CA", "ON", "7"))
    rows.append(("WH-UK", "GB", "*", "1"))
    rows.append(("WH-EAST", "GB", "*", "9"))
    return pl.DataFrame(
        rows, schema=["warehouse_id", "dest_country", "dest_region", "zone"], orient="row"
    )


def carrier_services() -> pl.DataFrame:
    rows = []
    for zone in range(2, 9):
        for carrier, service, level, base, step, transit, max_g, cutoff in SERVICES:
            price = round(base + step * (zone - 2), 2)
            days = (
                transit + (1 if level == "standard" and zone >= 6 else 0) + (1 if zone == 8 else 0)
            )
            rows.append((carrier, service, level, str(zone), max_g, price, days, cutoff))
    for carrier, service, level, base, _, transit, max_g, cutoff in UK_SERVICES:
        rows.append((carrier, service, level, "1", max_g, base, transit, cutoff))
    for carrier, service, level, base, _, transit, max_g, cutoff in INTERNATIONAL_SERVICES:
        rows.append((carrier, service, level, "9", max_g, base, transit, cutoff))
    return pl.DataFrame(
        rows,
        schema=[
            "carrier",
            "service",
            "service_level",
            "zone",
            "max_weight_g",
            "price",
            "transit_days",
            "cutoff",
        ],
        orient="row",
    )


def catalogue(rng: np.random.Generator, n_skus: int) -> pl.DataFrame:
    """SKUs with descriptions and weights (grams, log-normal: most parcels are light, a few are
    heavy), and the HS code and origin of their product."""
    index = np.arange(n_skus)
    weights = np.clip(rng.lognormal(mean=6.0, sigma=0.9, size=n_skus), 20, 30_000).astype(np.int64)
    nouns = [NOUNS[(i // 10) % len(NOUNS)] for i in index]
    return pl.DataFrame(
        {
            "sku": [f"SKU-{i:05d}" for i in index],
            "description": [
                f"{ADJECTIVES[i % 10]} {noun}, {COLOURS[(i // 7) % 8]}"
                for i, noun in zip(index, nouns, strict=True)
            ],
            "weight_g": weights,
            "hs_code": [CUSTOMS[noun][0] for noun in nouns],
            "origin_country": [CUSTOMS[noun][1] for noun in nouns],
        }
    )


def kits(skus: pl.DataFrame, n_kits: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Gift sets: kit SKUs made of two or three catalogue SKUs (kits hold no stock of their own),
    declared to customs as their first component (a set is classified by its main article)."""
    component_skus = skus["sku"].to_list()
    customs = dict(
        zip(component_skus, skus.select("hs_code", "origin_country").rows(), strict=True)
    )
    rows, kit_rows = [], []
    for k in range(n_kits):
        kit_sku = f"KIT-{k:04d}"
        parts = [component_skus[(k * 7 + j * 13) % len(component_skus)] for j in range(2 + k % 2)]
        for j, part in enumerate(parts):
            rows.append((kit_sku, part, 1 + (j == 0 and k % 3 == 0)))
        kit_rows.append((kit_sku, f"Gift Set No. {k + 1}", 0, *customs[parts[0]]))
    kit_table = pl.DataFrame(rows, schema=["kit_sku", "component_sku", "quantity"], orient="row")
    kit_skus = pl.DataFrame(kit_rows, schema=list(skus.columns), orient="row")
    return kit_table, kit_skus


def bins(rng: np.random.Generator, skus: pl.DataFrame) -> pl.DataFrame:
    """Each warehouse slots about 97% of the catalogue; pick_sequence follows aisle, bay, level."""
    frames = []
    n = skus.height
    for w, warehouse_id in enumerate(WAREHOUSES["warehouse_id"]):
        slotted = np.sort(rng.permutation(n)[: int(n * 0.97)])
        order = rng.permutation(slotted.size)
        aisle, rest = np.divmod(order, 400)
        bay, level = np.divmod(rest, 4)
        frames.append(
            pl.DataFrame(
                {
                    "warehouse_id": warehouse_id,
                    "sku": skus["sku"].gather(slotted),
                    "aisle": aisle,
                    "bay": bay,
                    "level": level,
                }
            ).select(
                "warehouse_id",
                "sku",
                pl.format(
                    "{}{}-{}-{}",
                    pl.lit(chr(ord("A") + w)),
                    pl.col("aisle").cast(pl.String).str.zfill(2),
                    pl.col("bay").cast(pl.String).str.zfill(3),
                    pl.col("level") + 1,
                ).alias("bin"),
                (pl.col("aisle") * 10_000 + pl.col("bay") * 10 + pl.col("level")).alias(
                    "pick_sequence"
                ),
            )
        )
    return pl.concat(frames).sort("warehouse_id", "pick_sequence")


def channels() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "channel": ["amazon", "shopify", "ebay", "woocommerce", "generic"],
            "priority": [1, 2, 3, 3, 4],
            "allow_split": [True, True, True, False, True],
        }
    )
