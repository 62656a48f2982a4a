"""WooCommerce plugin export quirks (docs: CHANNEL-FORMATS §3.1)."""

import polars as pl

from tests.ingest.conftest import FIXTURES, Landing

WOO = FIXTURES / "woocommerce"


def _read(landing: Landing, name: str):
    return landing.read([landing.put_fixture(WOO / name)])


def _order(batch, order_id: str) -> dict:
    return batch.orders.filter(pl.col("channel_order_id") == order_id).to_dicts()[0]


def test_packed_line_items_unpack_into_lines_of_the_same_row(landing: Landing) -> None:
    batch = _read(landing, "orders-export-2026_09_17-23_00_00.csv")
    lines = batch.lines.filter(pl.col("channel_order_id") == "2001")
    assert lines.select("sku", "quantity", "source_row").rows() == [
        ("MUG-BLU", 2, 1),
        ("CAP-01", 1, 1),
    ]
    assert batch.file_stats["rows_read"][0] == 3


def test_shipping_method_falls_back_to_shipping_items(landing: Landing) -> None:
    order = _order(_read(landing, "orders-export-2026_09_17-23_00_00.csv"), "2002")
    assert order["service_level"] == "expedited"
    assert order["is_paid"] is False  # wc-on-hold: awaiting payment


def test_refunded_order_is_cancelled_and_was_paid(landing: Landing) -> None:
    order = _order(_read(landing, "orders-export-2026_09_17-23_00_00.csv"), "2003")
    assert (order["status"], order["is_paid"]) == ("cancelled", True)


def test_first_and_last_name_join_into_ship_name(landing: Landing) -> None:
    order = _order(_read(landing, "orders-export-2026_09_17-23_00_00.csv"), "2001")
    assert order["ship_name"] == "Mary Ann Smith"


def test_one_row_per_item_layout_repeats_order_columns(landing: Landing) -> None:
    batch = _read(landing, "orders-export-items-2026_09_17.csv")
    assert batch.file_stats["file_format"][0] == "woocommerce_skyverge_items"
    assert batch.lines.filter(pl.col("channel_order_id") == "2102")["sku"].to_list() == [
        "MUG-RED",
        "TEE-L",
    ]
    assert _order(batch, "2101")["status"] == "fulfilled_by_channel"


def test_algolplus_with_bom_and_crlf_reads_labelled_columns(landing: Landing) -> None:
    batch = _read(landing, "orders-2026-09-17-algolplus.csv")
    assert batch.file_stats["file_format"][0] == "woocommerce_algolplus"
    order = _order(batch, "2201")
    assert (order["ship_name"], order["ship_country"], order["service_level"]) == (
        "José García",
        "GB",
        "standard",  # the default column set carries no shipping method
    )


def test_line_refunded_to_zero_is_structural_and_leaves_the_order(landing: Landing) -> None:
    batch = _read(landing, "orders-2026-09-17-algolplus.csv")
    assert batch.lines.filter(pl.col("channel_order_id") == "2201")["sku"].to_list() == ["MUG-BLU"]
    assert batch.file_stats["rows_structural"][0] == 1


def test_status_labels_map_to_order_status(landing: Landing) -> None:
    batch = _read(landing, "orders-2026-09-17-algolplus.csv")
    assert _order(batch, "2202")["status"] == "cancelled"
    assert (_order(batch, "2203")["status"], _order(batch, "2203")["is_paid"]) == ("open", False)


def test_unknown_woocommerce_status_is_rejected_not_guessed(landing: Landing) -> None:
    text = (
        (WOO / "orders-export-items-2026_09_17.csv")
        .read_text()
        .replace("completed", "checkout-draft")
    )
    batch = landing.read([landing.put("woocommerce", "export.csv", text)])
    reject = batch.rejects.filter(pl.col("channel_order_id") == "2101").to_dicts()[0]
    assert reject["rule"] == "bad_status"
    assert "checkout-draft" in reject["reason"]


CSV_IMPORT_HEADER = (
    "order_id,order_number,order_date,status,shipping_method,shipping_first_name,"
    "shipping_last_name,shipping_address_1,shipping_postcode,shipping_city,shipping_state,"
    "shipping_country,shipping_items,line_item_1,line_item_2\n"
)
_ADDRESS = "Mary,Smith,12 Main St,62701,Springfield,IL,US,items:Blue mug|method_id:flat_rate"


def _csv_import(landing: Landing, rows: str):
    return landing.read([landing.put("woocommerce", "woocommerce-order-export.csv", rows)])


def test_csv_import_layout_stores_one_line_per_filled_line_item_column(landing: Landing) -> None:
    batch = _csv_import(
        landing,
        CSV_IMPORT_HEADER + f"2401,2401,2026-09-17 9:05,processing,Flat rate,{_ADDRESS},"
        '"name:Blue mug|product_id:11|sku:MUG-BLU|quantity:2|total:20.00|sub_total:20.00",'
        '"name:Cap|product_id:12|sku:CAP-01|quantity:1|total:8.00|sub_total:8.00"\n'
        f"2402,2402,2026-09-17 10:30,on-hold,Flat rate,{_ADDRESS},"
        '"name:Red mug|product_id:13|sku:MUG-RED|quantity:3|total:30.00|sub_total:30.00",\n',
    )
    assert batch.file_stats["file_format"][0] == "woocommerce_csv_import"
    assert batch.rejects.select("rule", "reason").rows() == []
    assert batch.lines.select("channel_order_id", "sku", "quantity", "source_row").rows() == [
        ("2401", "MUG-BLU", 2, 1),
        ("2401", "CAP-01", 1, 1),
        ("2402", "MUG-RED", 3, 2),
    ]
    assert batch.orders.select("channel_order_id", "status", "is_paid").rows() == [
        ("2401", "open", True),
        ("2402", "open", False),
    ]
    assert batch.file_stats["rows_read"][0] == 2


def test_csv_import_variation_is_its_own_listing(landing: Landing) -> None:
    batch = _csv_import(
        landing,
        CSV_IMPORT_HEADER + f"2403,2403,2026-09-17 11:00,processing,Flat rate,{_ADDRESS},"
        '"name:Tee|product_id:20|sku:|quantity:1|total:9.00|_variation_id:21",'
        '"name:Tee|product_id:20|sku:|quantity:1|total:9.00|_variation_id:22"\n',
    )
    assert batch.unmapped_listings.select("listing_id", "lines").rows() == [("21", 1), ("22", 1)]


def test_csv_import_order_without_any_item_is_rejected_not_dropped(landing: Landing) -> None:
    batch = _csv_import(
        landing,
        CSV_IMPORT_HEADER + f"2404,2404,2026-09-17 12:00,processing,Flat rate,{_ADDRESS},,\n",
    )
    assert batch.lines.is_empty()
    assert batch.rejects.select("channel_order_id", "source_row").rows() == [("2404", 1)]
    assert batch.file_stats.select("rows_read", "lines_rejected").row(0) == (1, 1)
