"""Decisions in words, as analysts read them: the view over an engine's decisions frame."""

import duckdb
import polars as pl

from resources.sql_files import sql_text


def explained(decisions: pl.DataFrame) -> pl.DataFrame:
    """An engine decisions frame in words: the columns of the view oms.allocation_explanations
    (without business_date), rendered by that same view over the frame."""
    with duckdb.connect() as con:
        con.execute("create schema oms")
        con.register("decisions", decisions.to_arrow())
        con.execute(
            "create view oms.allocation_decisions as"
            " select null::date as business_date, * from decisions"
        )
        con.execute(sql_text("allocation", "allocation_explanations.view"))
        return con.sql("select * exclude (business_date) from oms.allocation_explanations").pl()
