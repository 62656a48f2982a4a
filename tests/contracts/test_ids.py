"""Shipment ids: deterministic, readable, and recomputable with any SHA-1."""

import hashlib
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.ids import shipment_id_for

DAY = date(2026, 11, 20)


def test_shipment_id_is_date_warehouse_and_sha1_of_channel_order_warehouse():
    ids = shipment_id_for(DAY, pl.Series(["shopify"]), pl.Series(["#1001"]), pl.Series(["WH-EAST"]))
    digest = hashlib.sha1(b"shopify|#1001|WH-EAST").hexdigest()[:16]
    assert ids.to_list() == [f"SH-20261120-WH-EAST-{digest}"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=40)), max_size=20))
def test_ids_match_hashlib_row_for_row_in_input_order(keys):
    channels = pl.Series([k[0] for k in keys], dtype=pl.String)
    orders = pl.Series([k[1] for k in keys], dtype=pl.String)
    warehouses = pl.Series(["WH1"] * len(keys), dtype=pl.String)
    got = shipment_id_for(DAY, channels, orders, warehouses).to_list()
    expected = [
        f"SH-20261120-WH1-{hashlib.sha1(f'{c}|{o}|WH1'.encode()).hexdigest()[:16]}" for c, o in keys
    ]
    assert got == expected


def test_null_keys_cannot_make_an_id():
    with pytest.raises(ValueError, match="null"):
        shipment_id_for(DAY, pl.Series(["a", None]), pl.Series(["1", "2"]), pl.Series(["W", "W"]))
