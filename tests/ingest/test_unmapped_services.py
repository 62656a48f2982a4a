"""A shipping method nobody mapped ships at the default service level and is reported, so a new
store's first night gets in; a merchant who wants strictness gets the rejection instead."""

from datetime import timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from assets.ingest.reading import IngestReference
from resources.policies import IngestSettings
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file
from tests.ingest import conftest
from tests.ingest.conftest import NIGHT, Landing, fixture_reference, generic_line


def _read(landing: Landing, *rows: str, reference: IngestReference | None = None):
    return landing.read(
        [landing.put("generic", "orders.csv", conftest.GENERIC_LINES_HEADER + "".join(rows))],
        reference=reference,
    )


def _reference(**settings: object) -> IngestReference:
    return IngestReference(
        skus=fixture_reference().skus,
        service_level_fallback=IngestSettings(**settings).service_level_fallback(),
    )


def test_an_unknown_shipping_method_ships_at_the_default_level_and_is_reported(
    landing: Landing,
) -> None:
    batch = _read(
        landing,
        generic_line(service_level="Pigeon Post"),
        generic_line(service_level="Pigeon Post", channel_line_id="L2", sku="TEE-M"),
        generic_line(channel_order_id="G-2", service_level="Pigeon Post"),
    )
    assert batch.rejects.is_empty()
    assert batch.orders["service_level"].to_list() == ["standard", "standard"]
    assert batch.unmapped_services.to_dicts() == [
        {
            "channel": "generic",
            "service_name": "Pigeon Post",
            "service_level": "standard",
            "lines": 3,
            "orders": 2,
        }
    ]


def test_an_empty_shipping_method_ships_at_the_default_level_and_is_reported(
    landing: Landing,
) -> None:
    batch = _read(landing, generic_line(service_level=""))
    assert batch.rejects.is_empty()
    assert batch.orders["service_level"].to_list() == ["standard"]
    assert batch.unmapped_services.select("service_name", "lines", "orders").rows() == [
        (None, 1, 1)
    ]


def test_a_mapped_shipping_method_is_not_reported(landing: Landing) -> None:
    batch = _read(landing, generic_line(service_level="Express Shipping"))
    assert batch.orders["service_level"].to_list() == ["expedited"]
    assert batch.unmapped_services.is_empty()


def test_the_default_service_level_is_a_setting(landing: Landing) -> None:
    reference = _reference(default_service_level="expedited")
    batch = _read(landing, generic_line(service_level="Pigeon Post"), reference=reference)
    assert batch.orders["service_level"].to_list() == ["expedited"]
    assert batch.unmapped_services["service_level"].to_list() == ["expedited"]


def test_the_default_is_standard_out_of_the_box() -> None:
    assert IngestSettings().service_level_fallback() == "standard"
    assert IngestReference(skus=fixture_reference().skus).service_level_fallback == "standard"


@pytest.mark.parametrize(
    ("service", "reason"),
    [("pigeon", "shipping service 'pigeon'"), ("", "the shipping service is empty")],
)
def test_strict_service_levels_reject_an_unmapped_method(
    landing: Landing, service: str, reason: str
) -> None:
    reference = _reference(strict_service_levels=True)
    batch = _read(landing, generic_line(service_level=service), reference=reference)
    rejects = batch.rejects.to_dicts()
    assert [r["rule"] for r in rejects] == ["unknown_service_level"]
    assert reason in rejects[0]["reason"]
    assert batch.orders.is_empty()
    assert batch.unmapped_services.is_empty()


def test_an_empty_shipping_method_can_be_mapped_for_a_channel(landing: Landing) -> None:
    mapping = pl.DataFrame(
        {"channel": ["generic"], "service_name": [None], "service_level": ["overnight"]},
        schema={"channel": pl.String, "service_name": pl.String, "service_level": pl.String},
    )
    reference = IngestReference(skus=fixture_reference().skus, service_levels=mapping)
    batch = _read(landing, generic_line(service_level=""), reference=reference)
    assert batch.orders["service_level"].to_list() == ["overnight"]
    assert batch.unmapped_services.is_empty()


def test_a_held_order_is_not_reported_as_shipping_at_the_default(landing: Landing) -> None:
    batch = _read(
        landing,
        generic_line(service_level="Pigeon Post"),
        generic_line(service_level="Pigeon Post", channel_line_id="L2", sku="AB-12"),
    )
    assert [r["rule"] for r in batch.rejects.to_dicts()] == ["order_held", "unknown_sku"]
    assert batch.unmapped_services.is_empty()


def test_the_order_book_keeps_the_night_s_unmapped_services(landing: Landing) -> None:
    result = conftest.OrderBook().apply(_read(landing, generic_line(service_level="Pigeon Post")))
    assert result.unmapped_services.columns[0] == "business_date"
    assert result.unmapped_services.select("service_name", "lines").rows() == [("Pigeon Post", 1)]
    conftest.assert_rows_accounted_for(result.ingested_files)


def test_the_warning_lists_the_night_s_unmapped_methods_with_all_but_the_date(
    landing: Landing, tmp_path: Path
) -> None:
    nights = {NIGHT - timedelta(days=1): "Carrier Pigeon", NIGHT: "Pigeon Post"}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        for night, service in nights.items():
            batch = _read(landing, generic_line(service_level=service))
            replace_partitions(
                con, night, {"unmapped_services": batch.unmapped_services}, run_id="test-run"
            )
        listed = run_sql_file(
            con, "ingest/check_unmapped_services", params={"business_date": NIGHT}
        )
    assert listed.to_dicts() == [
        {
            "channel": "generic",
            "service_name": "Pigeon Post",
            "service_level": "standard",
            "lines": 1,
            "orders": 1,
        }
    ]
