"""Business rules: every failing row lands in order_rejects with a reason an operator can use,
and an order with a failing line is held whole."""

import json

import polars as pl
import pytest

from assets.ingest.reading import IngestReference
from tests.ingest.conftest import GENERIC_LINES_HEADER, Landing, fixture_reference, generic_line


def _rejects(landing: Landing, *rows: str, reference: IngestReference | None = None):
    batch = landing.read(
        [landing.put("generic", "orders.csv", GENERIC_LINES_HEADER + "".join(rows))],
        reference=reference,
    )
    return batch, batch.rejects.sort("source_row").to_dicts()


BROKEN_RULES = {
    # rule: the rows that break it (the changes to a good row) and what its reason says
    "unknown_sku": [({"sku": "AB-12"}, "unknown SKU 'AB-12' (not in reference/skus.csv)")],
    "missing_sku": [({"sku": ""}, "the SKU is empty")],
    "bad_quantity": [
        ({"quantity": "0"}, "quantity '0' is not a whole number from 1 to 10000"),
        ({"quantity": "10001"}, "quantity '10001'"),
        ({"quantity": "1.5"}, "quantity '1.5'"),
        ({"quantity": "-3"}, "quantity '-3'"),
    ],
    "unknown_country": [
        ({"ship_country": "Atlantis"}, "ship-to country 'Atlantis'"),
        ({"ship_country": ""}, "the ship-to country is empty"),
    ],
    "bad_postal_code": [
        ({"ship_postal_code": "2134"}, "postal code '2134' is not a valid"),
        ({"ship_postal_code": ""}, "empty but required for US"),
    ],
    "bad_placed_at": [({"placed_at": "yesterday"}, "order date 'yesterday'")],
    "missing_order_id": [({"channel_order_id": ""}, "the order number is empty")],
}


@pytest.mark.parametrize(
    ("changes", "rule", "reason"),
    [(changes, rule, reason) for rule, rows in BROKEN_RULES.items() for changes, reason in rows],
)
def test_a_broken_rule_is_rejected_with_the_offending_value(
    landing: Landing, changes: dict, rule: str, reason: str
) -> None:
    batch, rejects = _rejects(landing, generic_line(**changes))
    assert [r["rule"] for r in rejects] == [rule]
    assert reason in rejects[0]["reason"]
    assert batch.orders.is_empty()


def test_the_original_row_is_kept_as_json(landing: Landing) -> None:
    _, rejects = _rejects(landing, generic_line(sku="AB-12"))
    original = json.loads(rejects[0]["original_values"])
    assert original["sku"] == "AB-12"
    assert original["ship_postal_code"] == "02134"


def test_an_order_with_one_bad_line_is_held_whole(landing: Landing) -> None:
    batch, rejects = _rejects(
        landing,
        generic_line(),
        generic_line(sku="AB-12", channel_line_id="L2"),
        generic_line(sku="TEE-M", channel_line_id="L3"),
    )
    assert [(r["source_row"], r["rule"]) for r in rejects] == [
        (1, "order_held"),
        (2, "unknown_sku"),
        (3, "order_held"),
    ]
    assert (
        "line 2 of the order (data row 2 of the file, after its header): unknown SKU 'AB-12'"
        in rejects[0]["reason"]
    )
    assert batch.lines.is_empty()


def test_country_names_are_normalised_before_validation(landing: Landing) -> None:
    batch, rejects = _rejects(
        landing,
        generic_line(ship_country="United States"),
        generic_line(channel_order_id="G-2", ship_country="Deutschland", ship_postal_code="10115"),
        generic_line(channel_order_id="G-3", ship_country="UK", ship_postal_code="SW1A 1AA"),
    )
    assert rejects == []
    assert sorted(batch.orders["ship_country"]) == ["DE", "GB", "US"]


def test_duplicate_line_id_in_one_order_is_rejected(landing: Landing) -> None:
    _, rejects = _rejects(landing, generic_line(), generic_line(sku="TEE-M"))
    assert [r["rule"] for r in rejects] == ["order_held", "duplicate_line"]
    assert "line id 'L1' appears more than once in order G-1" in rejects[1]["reason"]


def test_without_line_ids_the_same_sku_twice_is_a_duplicate(landing: Landing) -> None:
    _, rejects = _rejects(
        landing, generic_line(channel_line_id=""), generic_line(channel_line_id="")
    )
    assert [r["rule"] for r in rejects] == ["order_held", "duplicate_line"]
    assert "SKU 'MUG-BLU' appears more than once" in rejects[1]["reason"]


def test_user_service_mapping_extends_the_defaults(landing: Landing) -> None:
    extension = pl.DataFrame(
        {"channel": ["generic"], "service_name": ["Pigeon Post"], "service_level": ["overnight"]}
    )
    reference = IngestReference(skus=fixture_reference().skus, service_levels=extension)
    batch, rejects = _rejects(
        landing, generic_line(service_level="pigeon post"), reference=reference
    )
    assert rejects == []
    assert batch.orders["service_level"].to_list() == ["overnight"]


def test_other_countries_are_lenient_about_postal_codes(landing: Landing) -> None:
    _, rejects = _rejects(
        landing,
        generic_line(ship_country="IE", ship_postal_code=""),
        generic_line(channel_order_id="G-2", ship_country="NZ", ship_postal_code="6011"),
    )
    assert rejects == []


def test_sql_looking_values_are_data_not_code(landing: Landing) -> None:
    batch, rejects = _rejects(landing, generic_line(ship_name="Robert'); DROP TABLE orders;--"))
    assert rejects == []
    assert batch.orders["ship_name"].to_list() == ["Robert'); DROP TABLE orders;--"]


def _staged_lines() -> pl.DataFrame:
    """One sound staged line with every column the models read, as `normalise` makes it."""
    from datetime import datetime

    return pl.DataFrame(
        {
            "row_id": pl.Series([0], dtype=pl.UInt32),
            "channel": ["generic"],
            "order_key": ["G-1"],
            "source_file": ["orders/generic/2026-09-17/orders.csv"],
            "channel_order_id": ["G-1"],
            "placed_at": [datetime(2026, 9, 17, 10)],
            "service_level": ["standard"],
            "ship_country": ["US"],
            "ship_postal_code": ["02134"],
            "status": ["open"],
            "is_paid": [True],
            "sku": ["MUG-BLU"],
            "quantity": [1],
            "line_key": ["id:L1"],
            "needs_shipping": [True],
            "order_needs_shipping": [True],
            "line_status": ["open"],
        }
    )


def _violations(staged: pl.DataFrame) -> pl.DataFrame:
    """The rules the staged lines break on the night of their order date, default settings."""
    from datetime import date

    from assets.ingest.validation import find_violations
    from contracts.policy import OrderDatePolicy

    window = OrderDatePolicy().placed_at_window(date(2026, 9, 17))
    return find_violations(staged, pl.Series(["MUG-BLU"]), placed_at_window=window)


def test_a_sound_staged_line_breaks_no_rule():
    assert _violations(_staged_lines()).is_empty()


@pytest.mark.parametrize("column", ["is_paid", "quantity", "placed_at", "row_id"])
def test_a_staged_column_of_another_dtype_is_an_error_not_a_pass(column: str):
    from assets.ingest.validation import StagedLinesMismatch

    drifted = _staged_lines().with_columns(pl.col(column).cast(pl.String))
    with pytest.raises(StagedLinesMismatch, match=column):
        _violations(drifted)


def test_a_line_without_an_order_key_is_an_error_not_a_rule_that_passes():
    from assets.ingest.validation import StagedLinesMismatch

    keyless = _staged_lines().with_columns(order_key=pl.lit(None, pl.String))
    with pytest.raises(StagedLinesMismatch, match="order_key"):
        _violations(keyless)


@pytest.mark.parametrize("column", ["ship_postal_code", "line_key", "source_file"])
def test_a_forgotten_staged_column_is_an_error_naming_it(column: str):
    # nullable columns too: left out, they would read as "no value" and every row would pass
    from assets.ingest.validation import StagedLinesMismatch

    with pytest.raises(StagedLinesMismatch, match=column):
        _violations(_staged_lines().drop(column))
