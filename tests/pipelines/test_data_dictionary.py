"""The data dictionary is generated from the database and never goes stale."""

from pathlib import Path

from pipelines.data_dictionary import render_data_dictionary

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_committed_data_dictionary_matches_the_database():
    assert DOC.read_text(encoding="utf-8") == render_data_dictionary(), (
        "run `uv run oms data-dictionary`"
    )


def test_every_table_view_and_column_is_described():
    text = render_data_dictionary()
    undocumented = [
        line for line in text.splitlines() if line.startswith("| `") and line.endswith("|  |")
    ]
    assert undocumented == []
    assert "(table)\n\n\n" not in text and "(view)\n\n\n" not in text
