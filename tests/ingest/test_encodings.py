"""How a landed file's bytes become text: UTF-8 is read as UTF-8 even when a few lines are not."""

import codecs

import polars as pl
import pytest

from tests.ingest.conftest import FIXTURES, Landing, OrderBook, assert_rows_accounted_for
from tests.ingest.test_malformed_inputs import generic, row

NAME = "Zoë Ångström"
LATIN1_LINE = row(channel_order_id="G-3", ship_name="Ren\xe9e Dupont").encode("latin-1")


def _utf8_feed_with_one_latin1_line() -> bytes:
    """A generic feed in UTF-8 whose fourth line (the third order) was written in Latin-1."""
    rows = [row(channel_order_id=f"G-{n}", ship_name=NAME) for n in range(1, 6)]
    lines = generic(*rows).encode("utf-8").split(b"\n")
    lines[3] = LATIN1_LINE
    return b"\n".join(lines)


def _names(orders: pl.DataFrame) -> dict[str, str]:
    return dict(orders.select("channel_order_id", "ship_name").iter_rows())


def test_one_latin1_line_leaves_every_other_utf8_row_as_written(landing: Landing) -> None:
    file = landing.put("generic", "orders.csv", _utf8_feed_with_one_latin1_line())

    names = _names(landing.read([file]).orders)

    assert [names[order] for order in ("G-1", "G-2", "G-4", "G-5")] == [NAME] * 4


def test_a_line_that_is_not_utf8_is_read_as_windows_1252_and_warned_by_line(
    landing: Landing,
) -> None:
    file = landing.put("generic", "orders.csv", _utf8_feed_with_one_latin1_line())

    batch = landing.read([file])

    assert _names(batch.orders)["G-3"] == "Renée Dupont"
    assert batch.warnings.select("source_file", "line", "rule", "reason").to_dicts() == [
        {
            "source_file": file.relative_path,
            "line": 4,
            "rule": "read_as_windows_1252",
            "reason": "line 4 is not valid UTF-8; read as Windows-1252 — check the name and "
            "address of its order",
        }
    ]


def test_every_row_of_a_file_with_a_latin1_line_is_accounted_for(landing: Landing) -> None:
    file = landing.put("generic", "orders.csv", _utf8_feed_with_one_latin1_line())

    result = OrderBook().apply(landing.read([file]))

    assert result.ingested_files["lines_accepted"].to_list() == [5]
    assert_rows_accounted_for(result.ingested_files)


def test_lines_are_counted_as_the_file_shows_them(landing: Landing) -> None:
    """Physical lines, header first: a quoted field over three lines counts three."""
    export = (FIXTURES / "shopify" / "orders_export_1.csv").read_text(encoding="utf-8")
    export = export.replace('Ava Smith,"200 Rideau', f'{NAME},"200 Rideau', 1)
    data = export.encode("utf-8").replace(b"Mol\xc3\xa8ne", b"Mol\xe8ne")
    file = landing.put(
        "shopify", "orders_export.csv", codecs.BOM_UTF8 + data.replace(b"\n", b"\r\n")
    )

    batch = landing.read([file])

    orders = batch.orders.select("channel_order_id", "ship_name", "ship_address1")
    assert orders.row(by_predicate=pl.col("channel_order_id") == "#1001")[1] == NAME
    assert orders.row(by_predicate=pl.col("channel_order_id") == "#1002")[2] == "1 Rue Molène"
    assert batch.warnings["line"].to_list() == [7]


def test_a_file_with_no_utf8_at_all_is_read_whole_as_windows_1252(landing: Landing) -> None:
    legacy = generic(row(ship_name=NAME), row(channel_order_id="G-2", ship_name="Renée"))
    file = landing.put("generic", "orders.csv", legacy.encode("cp1252"))

    batch = landing.read([file])

    assert _names(batch.orders) == {"G-1": NAME, "G-2": "Renée"}
    assert batch.warnings.is_empty()


def test_a_valid_utf8_file_has_no_warnings(landing: Landing) -> None:
    file = landing.put("generic", "orders.csv", generic(row(ship_name=NAME)))

    batch = landing.read([file])

    assert _names(batch.orders) == {"G-1": NAME}
    assert batch.warnings.is_empty()


def test_a_line_neither_utf8_nor_windows_1252_rejects_the_file_naming_it(
    landing: Landing,
) -> None:
    data = generic(row(ship_name=NAME), row(channel_order_id="G-2")).encode("utf-8")
    file = landing.put("generic", "orders.csv", data.replace(b"Ava", b"A\x81a"))

    batch = landing.read([file])

    assert batch.rejects.select("rule", "reason").to_dicts() == [
        {
            "rule": "bad_encoding",
            "reason": "line 3 is neither UTF-8 nor Windows-1252 (byte 0x81); the file is not "
            "read — save it again as UTF-8 and land it again",
        }
    ]
    assert batch.warnings.is_empty()


def _file_reject(landing: Landing, name: str, data: bytes) -> tuple[str, str]:
    result = OrderBook().apply(landing.read([landing.put("generic", name, data)]))
    (reject,) = result.order_rejects.to_dicts()
    return reject["rule"], reject["reason"]


def test_a_nul_byte_anywhere_in_a_file_rejects_it_not_only_in_its_first_64_kb(
    landing: Landing,
) -> None:
    text = generic(*[row(order=f"N-{n}") for n in range(2_000)]).encode()
    assert len(text) > 65_536
    rule, reason = _file_reject(landing, "orders.csv", text + b"N-X,\x00\x00\x00\n")
    assert rule == "binary_file"
    assert "NUL" in reason


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("orders.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "a zip archive"),
        ("orders.csv", b"\x1f\x8b\x08\x00" + bytes(64), "gzip-compressed"),
        ("orders.csv", b"%PDF-1.7\n" + bytes(64), "a PDF"),
        ("orders.csv", "channel_order_id,sku\nA,B\n".encode("utf-16-le"), "UTF-16 text"),
    ],
    ids=["zip_or_xlsx", "gzip", "pdf", "utf16_without_bom"],
)
def test_a_file_that_is_not_text_is_named_for_what_it_is(
    landing: Landing, name: str, data: bytes, said: str
) -> None:
    rule, reason = _file_reject(landing, name, data)
    assert rule == "binary_file"
    assert said in reason
