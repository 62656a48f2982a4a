# ruff: noqa: E501  (the corpus is a table: one case per line reads best)
"""A corpus of broken inputs: none may crash the night, and each ends in order_rejects."""

import codecs
import gzip

import polars as pl
import pytest

from tests.ingest.conftest import (
    FIXTURES,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
    generic_header,
)

GENERIC_HEADER = generic_header()
GOOD_ROW = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1"


def generic(*rows: str, newline: str = "\n") -> str:
    return newline.join([GENERIC_HEADER, *rows]) + newline


def row(**changes: str) -> str:
    values = dict(zip(GENERIC_HEADER.split(","), GOOD_ROW.split(","), strict=True))
    values.update(changes)
    return ",".join(values.values())


SHOPIFY = (FIXTURES / "shopify" / "orders_export_1.csv").read_text()
AMAZON = (FIXTURES / "amazon" / "unshipped_orders.txt").read_text()
SHOPIFY_CONTINUATION_ONLY = (
    pl.read_csv(FIXTURES / "shopify" / "orders_export_1.csv", infer_schema=False)
    .slice(1, 2)
    .write_csv()
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

# (case id, channel, file name, content, expected rule or None for "any row reject")
CORPUS = [
    ("zero_bytes", "shopify", "orders_export.csv", b"", "empty_file"),
    ("whitespace_only", "generic", "orders.csv", b"  \r\n\n\t\n", "empty_file"),
    ("bom_only", "generic", "orders.csv", codecs.BOM_UTF8, "empty_file"),
    ("png_image", "shopify", "orders_export.csv", PNG, "binary_file"),
    ("gzip_archive", "amazon", "orders.txt", gzip.compress(AMAZON.encode() * 20), "binary_file"),
    ("undecodable_bytes", "generic", "orders.csv", b"channel_order_id\n\x81\x8d\x8f\x90\x9d\n", "bad_encoding"),
    ("utf16_with_bom", "generic", "orders.csv", codecs.BOM_UTF16_LE + generic(row(sku="NOPE")).encode("utf-16-le"), "unknown_sku"),
    ("utf8_bom_crlf", "generic", "orders.csv", codecs.BOM_UTF8 + generic(row(quantity="0"), newline="\r\n").encode(), "bad_quantity"),
    ("cp1252_text", "generic", "orders.csv", generic(row(ship_name="Jürgen Müller", sku="ÄÖÜ")).encode("cp1252"), "unknown_sku"),
    ("old_mac_cr_endings", "generic", "orders.csv", generic(row(sku="X"), newline="\r").encode(), "unknown_sku"),
    ("ragged_long_row", "generic", "orders.csv", generic(GOOD_ROW + ",extra,fields"), "unreadable_file"),
    ("ragged_short_row", "generic", "orders.csv", generic("G-1,2026-09-17T10:00:00Z,standard"), "unknown_country"),
    ("unbalanced_quote", "generic", "orders.csv", generic(row(ship_name='"Ava')), None),
    ("stray_quote_mid_field", "generic", "orders.csv", generic(row(ship_name='12" ruler')), "unreadable_file"),
    ("embedded_newline_in_sku", "generic", "orders.csv", generic(row(sku='"MUG\nBLU"')), "unknown_sku"),
    ("embedded_doubled_quotes", "generic", "orders.csv", generic(row(sku='"MUG ""BLU"""')), "unknown_sku"),
    ("huge_quantity", "generic", "orders.csv", generic(row(quantity="99999999999999999999999")), "bad_quantity"),
    ("negative_quantity", "generic", "orders.csv", generic(row(quantity="-1")), "bad_quantity"),
    ("scientific_quantity", "generic", "orders.csv", generic(row(quantity="1e3")), "bad_quantity"),
    ("sql_in_sku", "generic", "orders.csv", generic(row(sku="'; DROP TABLE oms.orders; --")), "unknown_sku"),
    ("path_like_file_name", "generic", "..%2F..%2Fetc%2Fpasswd;rm -rf.csv", generic(row(sku="X")), "unknown_sku"),
    ("unicode_file_name", "generic", "commandes ünïcødé ☃.csv", generic(row(sku="X")), "unknown_sku"),
    ("amazon_report_in_shopify_folder", "shopify", "orders_export.csv", AMAZON, "wrong_delimiter"),
    ("shopify_export_in_generic_folder", "generic", "orders.csv", SHOPIFY, "wrong_format"),
    ("semicolon_delimited", "generic", "orders.csv", generic(row(sku="X")).replace(",", ";"), "wrong_delimiter"),
    ("tab_separated_shopify", "shopify", "orders_export.csv", SHOPIFY.replace(",", "\t"), "wrong_delimiter"),
    ("prose_instead_of_csv", "woocommerce", "export.csv", "hello world\nthis is not an export\n", "wrong_format"),
    ("json_in_csv_folder", "ebay", "report.csv", '{"orders": [1, 2, 3]}\n', "wrong_format"),
    ("corrupt_parquet", "generic", "orders.parquet", b"PAR1" + b"\x01\x02garbage" * 10 + b"PAR1", "unreadable_file"),
    ("malformed_jsonl", "generic", "orders.jsonl", b'{"channel_order_id": "G-1", "sku": \n', "unreadable_file"),
    ("empty_jsonl", "generic", "orders.jsonl", b"", "empty_file"),
    ("ebay_footer_without_header", "ebay", "report.csv", "\n2,record(s) downloaded,\nSeller ID : x\n", "wrong_format"),
    ("amazon_bad_date", "amazon", "orders.txt", AMAZON.replace("2026-09-17T14:18:23-07:00", "17/09/2026 2pm"), "bad_placed_at"),
    ("shopify_continuation_rows_only", "shopify", "orders_export.csv", SHOPIFY_CONTINUATION_ONLY, "unknown_country"),
    ("very_long_field", "generic", "orders.csv", generic(row(sku="S" * 100_000)), "unknown_sku"),
    ("control_characters_in_field", "generic", "orders.csv", generic(row(sku="MUG\x07BLU")), "unknown_sku"),
    ("duplicate_header_names", "generic", "orders.csv", generic(row(sku="X") + ",extra").replace("quantity", "quantity,sku", 1), "duplicate_column"),
    ("header_names_differ_in_case", "generic", "orders.csv", generic(row() + ",TEE-L").replace("quantity", "quantity,SKU", 1), "duplicate_column"),
    ("header_names_differ_in_spaces", "generic", "orders.csv", generic(row() + ",TEE-L").replace("quantity", "quantity, sku", 1), "duplicate_column"),
    ("woo_line_items_garbage", "woocommerce", "export.csv", "order_id,date,status,shipping_method,line_items,shipping_postcode,shipping_country\n9,2026-09-17 10:00:00,processing,Flat rate,nonsense,62701,US\n", "missing_sku"),
    ("unknown_channel_folder", "etsy", "EtsySoldOrderItems2026.csv", "Sale Date,Item Name\n09/17/26,Mug\n", "unknown_channel"),
    ("only_blank_rows_after_header", "generic", "orders.csv", GENERIC_HEADER + "\n,,,,,,,,,,\n\n", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("channel", "name", "content", "rule"),
    [case[1:] for case in CORPUS],
    ids=[case[0] for case in CORPUS],
)
def test_malformed_input_never_crashes_and_ends_in_rejects(
    landing: Landing, channel: str, name: str, content: bytes | str, rule: str | None
) -> None:
    good = landing.put("generic", "zz-good.csv", generic(GOOD_ROW.replace("G-1", "G-OK")))
    bad = landing.put(channel, name, content)
    result = OrderBook().apply(landing.read([bad, good]))

    assert "G-OK" in result.orders["channel_order_id"].to_list()  # the night goes on
    assert_rows_accounted_for(result.ingested_files)
    rejects = result.order_rejects.filter(result.order_rejects["source_file"] == bad.relative_path)
    if rule is None:
        stats = result.ingested_files.filter(
            result.ingested_files["source_file"] == bad.relative_path
        ).to_dicts()[0]
        assert rejects.height > 0 or stats["rows_read"] == 0
    else:
        assert rule in rejects["rule"].to_list(), rejects.to_dicts()
    assert all(reason for reason in rejects["reason"])


def test_the_corpus_has_at_least_thirty_cases() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize(
    "header",
    [
        GENERIC_HEADER + ",SKU",
        GENERIC_HEADER + ",sku",
        GENERIC_HEADER.replace("ship_city", "Ship_City") + ", ship_city",
    ],
    ids=["case", "exact", "case_and_spaces"],
)
def test_columns_with_the_same_name_but_for_case_reject_the_file_naming_their_positions(
    landing: Landing, header: str
) -> None:
    bad = landing.put("generic", "orders.csv", f"{header}\n{row()},TEE-L\n")
    result = OrderBook().apply(landing.read([bad]))

    assert result.orders.is_empty()  # neither column is guessed to be the SKU
    (reject,) = result.order_rejects.to_dicts()
    assert (reject["rule"], reject["source_row"]) == ("duplicate_column", None)
    names = [name.strip().lower() for name in header.split(",")]
    first = names.index(names[-1]) + 1
    assert f"columns {first} and {len(names)} of the header" in reject["reason"]
    for value in ("TEE-L", "MUG-BLU", "SKU", "ship_city", "Ship_City"):  # nothing of the file
        assert value not in reject["reason"]
    assert result.ingested_files["file_rejected_reason"][0] == reject["reason"]
    assert_rows_accounted_for(result.ingested_files)


def test_a_file_that_cannot_be_parsed_is_rejected_without_quoting_its_lines(
    landing: Landing,
) -> None:
    ragged = f"{GENERIC_HEADER}\n{row()}\n{row()},Jane Secret,1 Hidden Lane\n"
    result = OrderBook().apply(landing.read([landing.put("generic", "orders.csv", ragged)]))

    (reason,) = result.order_rejects["reason"].to_list()
    assert "not a well-formed" in reason
    assert "Jane Secret" not in reason and "Hidden Lane" not in reason


def test_json_lines_keys_that_differ_only_in_case_reject_the_file(landing: Landing) -> None:
    line = '{"channel_order_id": "J-1", "placed_at": "2026-09-17T10:00:00Z", "sku": "MUG-BLU", "SKU": "TEE-L", "quantity": 1}\n'
    result = OrderBook().apply(landing.read([landing.put("generic", "orders.jsonl", line)]))

    assert result.orders.is_empty()
    assert result.order_rejects["rule"].to_list() == ["duplicate_column"]
    assert "columns 3 and 4 of the header" in result.order_rejects["reason"][0]
