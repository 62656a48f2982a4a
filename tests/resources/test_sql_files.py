"""Running a query file: exactly the frames its header names and the parameters it binds."""

from datetime import date

import polars as pl
import pytest

from resources.sql_files import query_file
from resources.warehouse import (
    SqlInputError,
    replace_partition_with_sql_file,
    run_sql_file,
)

NIGHT = date(2026, 11, 20)
KEYS = pl.DataFrame({"channel": ["generic"], "channel_order_id": ["O1"]})


def test_a_query_file_declares_its_frames_in_its_header_and_its_parameters_where_it_binds_them():
    prior_orders = query_file("ingest/prior_orders")
    assert (prior_orders.frames, prior_orders.params) == ({"batch_keys"}, {"business_date"})
    assert query_file("reporting/daily_kpis").frames == frozenset()


def test_a_query_runs_with_the_frames_and_parameters_it_declares(con):
    prior = run_sql_file(
        con, "ingest/prior_orders", frames={"batch_keys": KEYS}, params={"business_date": NIGHT}
    )
    assert prior.height == 0
    assert "batch_keys" not in {name for (name,) in con.sql("show tables").fetchall()}


@pytest.mark.parametrize(
    ("frames", "params", "complaint"),
    [
        ({}, {"business_date": NIGHT}, "frames ['batch_keys'] missing, [] unexpected"),
        (
            {"batch_keys": KEYS, "orders": KEYS},
            {"business_date": NIGHT},
            "frames [] missing, ['orders'] unexpected",
        ),
        ({"batch_keys": KEYS}, {}, "params ['business_date'] missing, [] unexpected"),
        (
            {"batch_keys": KEYS},
            {"business_date": NIGHT, "channel": "generic"},
            "params [] missing, ['channel'] unexpected",
        ),
    ],
)
def test_a_missing_or_unexpected_input_is_refused_by_name(con, frames, params, complaint):
    with pytest.raises(SqlInputError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        run_sql_file(con, "ingest/prior_orders", frames=frames, params=params)


def test_a_query_that_does_not_select_its_tables_columns_replaces_nothing(con):
    con.execute(
        "insert into oms.order_status_history values "
        "($night, 'generic', 'O1', 1, 1, 'received', null, 0, 'order_lines', 'kept')",
        {"night": NIGHT},
    )
    with pytest.raises(
        ValueError, match=r"does not select the columns of oms\.order_status_history"
    ):
        replace_partition_with_sql_file(
            con,
            "ingest/prior_orders",
            into="order_status_history",
            business_date=NIGHT,
            frames={"batch_keys": KEYS},
            params={"business_date": NIGHT},
            run_id="test-run",
        )
    assert con.sql("select reason from oms.order_status_history").fetchall() == [("kept",)]
