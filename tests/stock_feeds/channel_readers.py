"""Readers of the stock files built from the evidence alone (tests/stock_feeds/evidence/), not
from the writer's column lists: each splits the evidence header line into its column names and
reads the written file's rows under those names, after checking that the written header line is
byte-equal to the evidence's."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

EVIDENCE = Path(__file__).parent / "evidence"
HEADERS = {
    "amazon": ("amazon_price_quantity.header.tsv", "\t"),
    "shopify": ("shopify_inventory_import.header.csv", ","),
    "ebay": ("ebay_file_exchange_revise_qty.header.csv", ","),
    "woocommerce": ("woocommerce_product_stock_update.header.csv", ","),
}


def evidence_header(channel: str) -> bytes:
    """The evidence's header line, with its line end."""
    name, _ = HEADERS[channel]
    return (EVIDENCE / name).read_bytes()


def read_rows(channel: str, content: bytes) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by the evidence's column names; its header must be the
    evidence's, byte for byte."""
    header = evidence_header(channel)
    assert content.startswith(header), content[: len(header)]
    _, delimiter = HEADERS[channel]
    columns = header.decode().rstrip("\n").split(delimiter)
    body = content[len(header) :].decode()
    return [
        dict(zip(columns, row, strict=True))
        for row in csv.reader(io.StringIO(body), delimiter=delimiter)
    ]


def listings_feed_fields() -> tuple[str, str, set[str]]:
    """From the evidence's patch: its op, its path and the keys of one value entry."""
    text = (EVIDENCE / "amazon_json_listings_feed_quantity.fields.txt").read_text()
    op = re.search(r'"op":\s*"(\w+)"', text).group(1)
    path = re.search(r'"path":\s*"([^"]+)"', text).group(1)
    value = re.search(r"\{ (\"fulfillment_channel_code\".*?) \}", text).group(1)
    return op, path, set(re.findall(r'"(\w+)":', value))


def read_listings_feed(content: bytes) -> dict[str, int]:
    """Quantity per SKU in a JSON listings feed, checking each patch against the evidence."""
    op, path, keys = listings_feed_fields()
    quantities = {}
    for message in json.loads(content)["messages"]:
        (patch,) = message["patches"]
        assert (patch["op"], patch["path"]) == (op, path)
        (value,) = patch["value"]
        assert set(value) == keys
        quantities[message["sku"]] = value["quantity"]
    return quantities
