"""The asset graph says what each step reads: declared dependencies are the tables its SQL reads.

Each asset's compute function (or, for a graph asset, each of its ops) is read for the query files
it runs (`run_sql_file`) and the tables it reads whole (`read_partition`); each query file is
parsed with sqlglot for the `oms` tables it reads. An asset must declare exactly those tables,
except the ones it cannot: its own tables and tables downstream of it, read for earlier nights
only (declaring them would be a cycle; docs/architecture.md, "Where state crosses dates"). An
asset check must declare exactly the tables its query reads.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator

import dagster as dg
import pytest
import sqlglot
from sqlglot import exp

from contracts.tables import SCHEMA, SQL_ROOT
from pipelines.definitions import defs
from resources.sql_files import query_file

READERS = {
    "run_sql_file",
    "run_sql_file_on_frames",
    "replace_partition_with_sql_file",
    "read_partition",
}
QUERY_FILES = sorted(
    f"{path.parent.name}/{path.name.removesuffix('.sql')}"
    for path in SQL_ROOT.glob("*/*.sql")
    if not path.name.endswith((".ddl.sql", ".view.sql"))
)
VIEW_FILES = sorted(
    f"{path.parent.name}/{path.name.removesuffix('.sql')}" for path in SQL_ROOT.glob("*/*.view.sql")
)
BEFORE_EVERY_WRITE = {
    # resources.warehouse asks it before replacing any date: a closed date is refused whichever
    # step writes, so it is no step's input (the tables it reads only ever refuse a write)
    "runs/day_closed_by",
}
ORDERING_ONLY = {
    # copies the whole working database: its dependencies say when the night is finished
    "analysts__warehouse_duckdb",
}

GRAPH = defs.resolve_asset_graph()


def _statement(name: str) -> exp.Expression:
    """The query of a file: the select, or the select a view is created from."""
    statement = sqlglot.parse(query_file(name).text, read="duckdb")[0]
    return statement.expression if isinstance(statement, exp.Create) else statement


def _ctes(query: exp.Expression) -> list[exp.CTE]:
    return list(query.ctes)


def _import_source(cte: exp.CTE) -> str | None:
    """`<input>` when the CTE is `select * from <input>` and nothing else."""
    source = cte.this.find(exp.Table)
    if source is None or cte.this.sql() != f"SELECT * FROM {source.sql()}":
        return None
    return source.sql()


def _inputs(query: exp.Expression) -> tuple[list[str], list[str]]:
    """The oms tables and the frames a query reads, one entry per mention."""
    cte_names = {cte.alias for cte in _ctes(query)}
    tables = list(query.find_all(exp.Table))
    oms = [table.name for table in tables if table.db == SCHEMA]
    frames = [table.name for table in tables if not table.db and table.name not in cte_names]
    return oms, frames


VIEW_OF_TABLE = {name.split("/")[1].removesuffix(".view"): name for name in VIEW_FILES}


def oms_tables_read(name: str) -> set[str]:
    """The oms tables a query reads, through the views it reads (a view is not an asset: a step
    that reads one depends on what the view reads)."""
    read = set()
    for table in _inputs(_statement(name))[0]:
        read |= oms_tables_read(VIEW_OF_TABLE[table]) if table in VIEW_OF_TABLE else {table}
    return read


def _reads_of(fn: Callable) -> Iterator[tuple[str, str]]:
    """("sql", "<stage>/<file>") and ("table", "<table>") for each reader call in a function,
    its arguments resolved from literals or the function's closure (factories)."""
    fn = inspect.unwrap(fn)
    names = {**fn.__globals__, **inspect.getclosurevars(fn).nonlocals}
    for call in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if not isinstance(call, ast.Call):
            continue
        called = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        if called not in READERS:
            continue
        for arg in call.args:
            if isinstance(arg, ast.Constant):
                value = arg.value
            elif isinstance(arg, ast.Name):
                value = names.get(arg.id)
            else:
                value = None
            if isinstance(value, str):
                yield ("table" if called == "read_partition" else "sql", value)
                break


def _compute_functions(node_def: dg.NodeDefinition) -> list[Callable]:
    op_defs = node_def.iterate_op_defs() if isinstance(node_def, dg.GraphDefinition) else [node_def]
    return [op_def.compute_fn.decorated_fn for op_def in op_defs]


def _reads(node_def: dg.NodeDefinition) -> tuple[set[str], set[str]]:
    """The query files a step runs and the oms tables it reads through them and directly."""
    files, tables = set(), set()
    for fn in _compute_functions(node_def):
        for kind, value in _reads_of(fn):
            if kind == "sql":
                files.add(value)
                tables |= oms_tables_read(value)
            else:
                tables.add(value)
    return files, tables


def _oms(keys) -> set[str]:
    return {key.path[1] for key in keys if key.path[0] == SCHEMA}


def _downstream(keys: set[dg.AssetKey]) -> set[dg.AssetKey]:
    seen: set[dg.AssetKey] = set()
    todo = list(keys)
    while todo:
        for child in GRAPH.get(todo.pop()).child_keys:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


# sorted: pytest-xdist workers must collect the same tests in the same order
ASSETS = sorted(
    (
        d
        for d in GRAPH.assets_defs
        if d.is_executable and d.keys and d.node_def.name not in ORDERING_ONLY
    ),
    key=lambda d: d.node_def.name,
)
CHECKS = sorted(defs.asset_checks or [], key=lambda d: d.node_def.name)


@pytest.mark.parametrize("assets_def", ASSETS, ids=lambda d: d.node_def.name)
def test_an_asset_declares_the_tables_it_reads(assets_def: dg.AssetsDefinition):
    own = set(assets_def.keys)
    declared = _oms(dep.asset_key for spec in assets_def.specs for dep in spec.deps) - _oms(own)
    _, read = _reads(assets_def.node_def)
    earlier_nights_only = _oms(own | _downstream(own))
    assert read - earlier_nights_only == declared


@pytest.mark.parametrize("checks_def", CHECKS, ids=lambda d: d.node_def.name)
def test_an_asset_check_declares_the_tables_its_query_reads(checks_def: dg.AssetChecksDefinition):
    (spec,) = checks_def.check_specs
    declared = _oms([spec.asset_key, *(dep.asset_key for dep in spec.additional_deps)])
    files, read = _reads(checks_def.node_def)
    assert files, "a check runs a query file"
    assert read == declared


def test_an_asset_exempted_for_ordering_exists_and_reads_no_table():
    exempted = [d for d in GRAPH.assets_defs if d.node_def.name in ORDERING_ONLY]
    assert {d.node_def.name for d in exempted} == ORDERING_ONLY
    assert all(_reads(d.node_def) == (set(), set()) for d in exempted)


def test_every_query_that_reads_the_warehouse_is_run_by_an_asset_or_a_check():
    run = set()
    for definition in [*ASSETS, *CHECKS]:
        run |= _reads(definition.node_def)[0]
    reads_warehouse = {name for name in QUERY_FILES if oms_tables_read(name)} - BEFORE_EVERY_WRITE
    assert reads_warehouse <= run, "a query file no step runs, or runs under a name not found"
    assert run <= set(QUERY_FILES)


@pytest.mark.parametrize("name", QUERY_FILES)
def test_a_query_reads_the_frames_its_header_names(name: str):
    assert set(_inputs(_statement(name))[1]) == query_file(name).frames


@pytest.mark.parametrize("name", [*QUERY_FILES, *VIEW_FILES])
def test_a_query_names_each_input_once_in_an_import_cte_then_ends_with_final(name: str):
    query = _statement(name)
    oms, frames = _inputs(query)
    inputs = [f"{SCHEMA}.{table}" for table in oms] + frames
    assert len(inputs) == len(set(inputs)), f"an input is named more than once: {sorted(inputs)}"
    ctes = _ctes(query)
    sources = [_import_source(cte) for cte in ctes]
    leading = sources[: next((i for i, s in enumerate(sources) if s is None), len(sources))]
    assert sorted(leading) == sorted(inputs), "one import CTE per input, before any logic"
    assert ctes[-1].alias == "final"
    after_ctes = query.sql().removeprefix(query.find(exp.With).sql()).strip()
    assert after_ctes.split(" ORDER BY ")[0] == "SELECT * FROM final"
