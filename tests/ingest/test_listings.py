"""reference/listings.csv: a store whose exports leave the SKU blank (or write SKUs of its own)
says once which catalogue SKU each of its listings is, and its orders get in; a listing nobody
mapped is rejected with a reason that says how to map it, and reported with its counts."""

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from assets.ingest.listings import listing_mapping, with_listing_sku
from assets.ingest.readers import read_export
from assets.ingest.readers.staging import listing_identity
from assets.ingest.reading import IngestReference
from contracts.landing_file import LandingFile
from tests.ingest.conftest import FIXTURES, Landing, OrderBook, fixture_reference, generic_header

SHOPIFY = FIXTURES / "shopify" / "orders_export_1.csv"
HEADER = generic_header("channel_line_id", "listing_id", "listing_title") + "\n"
GOOD = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1,L1,,\n"


def _line(**changes: str) -> str:
    values = dict(zip(HEADER.strip().split(","), GOOD.strip().split(","), strict=True))
    values.update(changes)
    return ",".join(values.values()) + "\n"


def _listings(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"channel": pl.String, "listing_id": pl.String, "sku": pl.String},
        orient="row",
    )


def _reference(*rows: tuple[str, str, str]) -> IngestReference:
    return IngestReference(skus=fixture_reference().skus, listings=_listings(*rows))


def _generic(landing: Landing, *lines: str, listings: tuple = ()):
    files = [landing.put("generic", "orders.csv", HEADER + "".join(lines))]
    return landing.read(files, reference=_reference(*listings))


def _without_skus(path: Path) -> str:
    """The Shopify export as a store without SKUs writes it: `Lineitem sku` blank."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    sku = rows[0].index("Lineitem sku")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [rows[0], *([*row[:sku], "", *row[sku + 1 :]] for row in rows[1:])]
    )
    return out.getvalue()


def test_blank_shopify_skus_take_the_catalogue_skus_their_listings_map_to(
    landing: Landing,
) -> None:
    mapped = landing.read(
        [landing.put("shopify", "orders_export_1.csv", _without_skus(SHOPIFY))],
        reference=_reference(
            ("shopify", "Item MUG-BLU", "MUG-BLU"),
            ("Shopify ", "  item   tee-m ", "TEE-M"),  # case and spaces as a person types them
            ("shopify", "Item SHRIMP-1", "SHRIMP-1"),
            ("shopify", "Item CAP-01", "CAP-01"),
            ("shopify", "Item BOOK-7", "BOOK-7"),
            ("shopify", "Item MUG-RED", "MUG-RED"),
            ("shopify", "Item TEE-L", "TEE-L"),
        ),
    )
    as_exported = Landing(landing.root.parent / "with_skus")
    with_skus = as_exported.read([as_exported.put_fixture(SHOPIFY)])
    assert mapped.rejects.is_empty(), mapped.rejects["reason"].to_list()
    assert mapped.lines.drop("source_file").equals(with_skus.lines.drop("source_file"))
    assert mapped.unmapped_listings.is_empty()


def test_a_listing_row_wins_over_the_sku_the_channel_wrote(landing: Landing) -> None:
    batch = _generic(
        landing,
        _line(sku="MUG-BLU", listing_id="B0MUG"),  # the listing says what it really is
        _line(sku="AMZ-TEE-1", channel_line_id="L2"),  # a channel SKU of the store's own
        _line(sku="CAP-01", channel_line_id="L3", listing_id="B0CAP"),  # no row: as written
        listings=(("generic", "B0MUG", "MUG-RED"), ("generic", "amz-tee-1", "TEE-M")),
    )
    assert batch.rejects.is_empty(), batch.rejects["reason"].to_list()
    assert batch.lines["sku"].to_list() == ["MUG-RED", "TEE-M", "CAP-01"]


def test_a_blank_sku_nobody_mapped_is_rejected_and_its_listing_reported(
    landing: Landing,
) -> None:
    batch = _generic(
        landing,
        _line(sku="", listing_id="Tee - Black / M", listing_title="Tee - Black / M", quantity="2"),
        _line(sku="", channel_line_id="L2", listing_id="Tee - Black / M", quantity="3"),
        _line(channel_order_id="G-2", sku="", listing_id="Mug"),
        _line(channel_order_id="G-3", sku=""),  # no listing either
        listings=(("shopify", "Tee - Black / M", "TEE-M"),),  # another channel's listing
    )
    assert batch.orders.is_empty()
    assert batch.rejects["rule"].to_list() == ["missing_sku"] * 4
    reasons = batch.rejects["reason"].to_list()
    assert reasons[0].startswith(
        "the SKU is empty and listing 'Tee - Black / M' is not in reference/listings.csv: "
        "add a row with channel generic, this listing_id and its catalogue SKU"
    )
    assert reasons[3] == "the SKU is empty and the export names no listing to map it by"
    assert batch.unmapped_listings.to_dicts() == [
        {"channel": "generic", "listing_id": "Mug", "listing_title": None, "lines": 1, "units": 1},
        {
            "channel": "generic",
            "listing_id": "Tee - Black / M",
            "listing_title": "Tee - Black / M",
            "lines": 2,
            "units": 5,
        },
        {"channel": "generic", "listing_id": None, "listing_title": None, "lines": 1, "units": 1},
    ]


def test_a_line_held_with_its_order_is_not_an_unmapped_listing(landing: Landing) -> None:
    batch = _generic(
        landing,
        _line(sku="", listing_id="Mug"),
        _line(sku="TEE-M", channel_line_id="L2", listing_id="Tee"),
    )
    assert batch.rejects["rule"].to_list() == ["missing_sku", "order_held"]
    assert batch.unmapped_listings.select("listing_id", "lines").rows() == [("Mug", 1)]


def test_a_listing_mapped_to_two_skus_maps_to_neither(landing: Landing) -> None:
    batch = _generic(
        landing,
        _line(sku="", listing_id="Mug"),
        listings=(("generic", "Mug", "MUG-BLU"), ("generic", "mug", "MUG-RED")),
    )
    (reject,) = batch.rejects.to_dicts()
    assert reject["rule"] == "missing_sku"
    assert reject["reason"].startswith(
        "listing 'Mug' has rows for more than one SKU in reference/listings.csv (MUG-BLU, MUG-RED)"
    )


def test_a_listing_mapped_to_a_sku_outside_the_catalogue_names_both_files(
    landing: Landing,
) -> None:
    batch = _generic(
        landing, _line(sku="", listing_id="Mug"), listings=(("generic", "Mug", "MUG-GREEN"),)
    )
    (reject,) = batch.rejects.to_dicts()
    assert reject["rule"] == "unknown_sku"
    assert reject["reason"].startswith(
        "unknown SKU 'MUG-GREEN' (reference/listings.csv maps listing 'Mug' to it, but it is "
        "not in reference/skus.csv)"
    )
    assert batch.unmapped_listings.is_empty()


def test_the_same_night_reports_the_same_listings_in_the_same_order(landing: Landing) -> None:
    lines = [_line(channel_order_id=f"G-{n}", sku="", listing_id=f"L{n % 3}") for n in range(9)]
    first = _generic(landing, *lines)
    again = _generic(landing, *lines)
    assert first.unmapped_listings.equals(again.unmapped_listings)
    assert first.unmapped_listings["listing_id"].to_list() == ["L0", "L1", "L2"]


def test_the_order_book_keeps_the_night_s_unmapped_listings(landing: Landing) -> None:
    result = OrderBook().apply(_generic(landing, _line(sku="", listing_id="Mug")))
    assert result.unmapped_listings.columns[0] == "business_date"
    assert result.unmapped_listings.select("listing_id", "lines", "units").rows() == [("Mug", 1, 1)]


def test_rows_without_a_channel_listing_or_sku_say_nothing() -> None:
    mapping = listing_mapping(
        _listings(("", "Mug", "MUG-BLU"), ("generic", " ", "MUG-BLU"), ("generic", "Cap", ""))
    )
    assert mapping.is_empty()


def test_without_a_listings_file_every_sku_stays_as_written() -> None:
    lines = pl.DataFrame(
        {"channel": ["shopify"], "sku": [None], "listing_id": ["Mug"]},
        schema={"channel": pl.String, "sku": pl.String, "listing_id": pl.String},
    )
    out = with_listing_sku(lines, listing_mapping(None))
    assert out.select("sku", "is_sku_from_listing").rows() == [(None, False)]


@pytest.mark.parametrize(
    ("fixture", "listing", "title"),
    [
        ("shopify/orders_export_1.csv", "Item MUG-BLU", "Item MUG-BLU"),
        ("ebay/eBay-OrdersReport-Sep-17-2026.csv", "110000000001", 'Blue mug 12" tall'),
        (
            "woocommerce/orders-2026-09-17-algolplus.csv",
            "Blue mug [Size: Large | Colour: Blue]",
            "Blue mug",
        ),
        (
            "woocommerce/orders-export-2026_09_17-23_00_00.csv",
            "Blue mug [Size=Large, Colour=Blue]",
            "Blue mug",
        ),
        ("woocommerce/orders-export-items-2026_09_17.csv", "Cap", "Cap"),
    ],
)
def test_each_reader_stages_the_listing_its_channel_names(
    fixture: str, listing: str, title: str
) -> None:
    path = FIXTURES / fixture
    read = read_export([LandingFile(path.parent.name, path, f"orders/{fixture}")])
    first = read.staged.filter(~pl.col("is_structural")).row(0, named=True)
    assert (first["listing_id"], first["listing_title"]) == (listing, title)


def test_an_ebay_listing_is_its_item_number_and_the_variation_bought() -> None:
    items = pl.DataFrame(
        {
            "item": ["255381881760", "255381881760", "125923835709"],
            "variation": ["[item Model:Samsung Galaxy S22]", "Colour: Red", None],
        }
    )
    listings = items.select(listing_identity(pl.col("item"), pl.col("variation")))
    assert listings.to_series().to_list() == [
        "255381881760 [item Model:Samsung Galaxy S22]",
        "255381881760 [Colour: Red]",
        "125923835709",
    ]


def test_an_amazon_listing_is_its_asin(landing: Landing) -> None:
    rows = (FIXTURES / "amazon" / "all_orders.txt").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    values = rows[1].split("\t")
    values[header.index("asin")], values[header.index("sku")] = "B07XJ8C8F5", ""
    read = read_export(
        [landing.put("amazon", "all.txt", "\n".join(["\t".join(header), "\t".join(values)]))]
    )
    assert read.staged.select("sku", "listing_id").row(0) == (None, "B07XJ8C8F5")
