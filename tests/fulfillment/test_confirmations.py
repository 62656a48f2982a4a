"""Shipment confirmations: applied once, unknown and duplicate ids reported."""

import datetime as dt

import polars as pl

from assets.fulfillment.confirmations import match_confirmations

TONIGHT = dt.date(2026, 11, 21)
KNOWN = pl.DataFrame({"shipment_id": ["S1", "S2", "S3"]})
NONE_EARLIER = pl.DataFrame(
    schema={"business_date": pl.Date, "shipment_id": pl.String, "status": pl.String}
)


def confirmations(*rows: tuple[str | None, str, int]) -> pl.DataFrame:
    """Confirmation rows from (shipment id, file, row)."""
    return pl.DataFrame(
        {
            "shipment_id": [shipment for shipment, _, _ in rows],
            "shipped_at": ["2026-11-21T14:05:00Z"] * len(rows),
            "tracking_number": [f"1Z{n}" for n in range(len(rows))],
            "source_file": [file for _, file, _ in rows],
            "source_row": [row for _, _, row in rows],
        }
    )


def matched_tonight(
    *rows: tuple[str | None, str, int], earlier: pl.DataFrame = NONE_EARLIER
) -> pl.DataFrame:
    """Tonight's confirmation rows matched against the known shipments and `earlier` ones."""
    return match_confirmations(confirmations(*rows), KNOWN, earlier, business_date=TONIGHT)


def statuses(matched: pl.DataFrame) -> list[tuple]:
    return matched.select("shipment_id", "source_file", "source_row", "status").rows()


def test_known_shipment_is_applied_once_and_later_rows_are_duplicates():
    matched = matched_tonight(("S1", "b.csv", 1), ("S1", "a.csv", 2), ("S2", "a.csv", 1))

    assert statuses(matched) == [
        ("S2", "a.csv", 1, "applied"),
        ("S1", "a.csv", 2, "applied"),
        ("S1", "b.csv", 1, "duplicate"),
    ]
    assert matched["reason"].to_list()[2] == "shipment already confirmed by a.csv row 2"
    assert matched.filter(pl.col("status") == "applied")["shipment_id"].is_unique().all()


def test_unknown_shipment_is_reported_never_applied():
    matched = matched_tonight(("NOPE", "a.csv", 1), ("NOPE", "a.csv", 2), ("", "a.csv", 3))

    assert matched["status"].to_list() == ["unknown_shipment"] * 3
    assert matched["reason"].to_list() == [
        "no shipment NOPE in oms.shipments",
        "no shipment NOPE in oms.shipments",
        "row has no shipment id",
    ]


def test_shipment_confirmed_on_an_earlier_date_is_a_duplicate():
    earlier = pl.DataFrame(
        {
            "business_date": [dt.date(2026, 11, 20), dt.date(2026, 11, 20)],
            "shipment_id": ["S1", "S2"],
            "status": ["applied", "unknown_shipment"],
        }
    )
    matched = matched_tonight(("S1", "a.csv", 1), ("S2", "a.csv", 2), earlier=earlier)

    assert matched["status"].to_list() == ["duplicate", "applied"]
    assert matched["reason"].to_list()[0] == "shipment already confirmed on 2026-11-20"


def test_rerunning_a_night_does_not_turn_its_own_confirmations_into_duplicates():
    first = matched_tonight(("S1", "a.csv", 1))
    again = matched_tonight(("S1", "a.csv", 1), earlier=first)

    assert again["status"].to_list() == ["applied"]


def test_identical_repeated_rows_are_applied_only_once():
    matched = matched_tonight(("S3", "a.csv", 1), ("S3", "a.csv", 1))

    assert sorted(matched["status"].to_list()) == ["applied", "duplicate"]


def test_ids_are_trimmed_and_timestamps_read_as_utc():
    rows = confirmations(("  S1 ", "a.csv", 1), ("S2", "a.csv", 2), ("S3", "a.csv", 3))
    rows = rows.with_columns(
        shipped_at=pl.Series(["2026-11-21T14:05:00+01:00", "2026-11-21 14:05:00", "garbage"])
    )
    matched = match_confirmations(rows, KNOWN, NONE_EARLIER, business_date=TONIGHT)

    assert matched["status"].to_list() == ["applied"] * 3
    assert matched["shipped_at"].to_list() == [
        dt.datetime(2026, 11, 21, 13, 5),
        dt.datetime(2026, 11, 21, 14, 5),
        None,
    ]
    assert matched["business_date"].unique().to_list() == [TONIGHT]
