"""`oms`: run nights without the UI, and make demo data. Runs land on the same Dagster instance as
the UI's."""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import click

from pipelines.settings import apply_defaults


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _yesterday() -> date:
    return date.today() - timedelta(days=1)


@click.group()
def main() -> None:
    """batch-oms: channel order exports in; allocations, pick lists and carrier manifests out."""
    apply_defaults()


@main.command("demo-data")
@click.option(
    "--days", default=3, show_default=True, help="Business dates to write, ending --end-date."
)
@click.option("--orders-per-day", default=2000, show_default=True)
@click.option("--seed", default=7, show_default=True, help="Same seed, same files.")
@click.option("--skus", "n_skus", default=2000, show_default=True, help="Catalogue size.")
@click.option(
    "--end-date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: yesterday."
)
def demo_data(days: int, orders_per_day: int, seed: int, n_skus: int, end_date) -> None:
    """Write a realistic landing area (every channel's real format) into $OMS_LANDING."""
    import os

    from pipelines.demo.generate import generate_landing

    root = Path(os.environ["OMS_LANDING"])
    last = end_date.date() if end_date else _yesterday()
    started = time.perf_counter()
    summary = generate_landing(
        root, days=days, orders_per_day=orders_per_day, seed=seed, end_date=last, n_skus=n_skus
    )
    click.echo(
        f"wrote {summary.orders:,} orders ({summary.lines:,} lines) in {summary.files} files for "
        f"{summary.dates[0]} … {summary.dates[-1]} into {root} "
        f"({time.perf_counter() - started:.1f} s)"
    )


@main.command("run")
@click.option(
    "--date", "first", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Business date."
)
@click.option(
    "--through",
    "last",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last date (inclusive).",
)
@click.option(
    "--strategy",
    type=click.Choice(["zone", "cost", "cheapest"]),
    default=None,
    help="Allocation strategy for these runs (docs/allocation.md); default: the configured one.",
)
def run(first, last, strategy) -> None:
    """Run the nightly job for each date in order, on the local Dagster instance (visible in the
    UI)."""
    from pipelines.runner import print_summary, run_dates

    dates = _dates(first.date(), (last or first).date())
    allocation = {"strategy": strategy} if strategy else None
    ok = run_dates(dates, echo=click.echo, allocation=allocation)
    print_summary(dates, echo=click.echo)
    sys.exit(0 if ok else 1)


@main.command("simulate")
@click.option(
    "--date", "day", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Business date."
)
@click.option(
    "--strategy",
    type=click.Choice(["zone", "cost", "cheapest"]),
    default=None,
    help="Allocation strategy to try (docs/allocation.md).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help="An allocation_settings field to try, e.g. hold_unpaid=false (VALUE as JSON, else text).",
)
@click.option(
    "--safety-stock",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A safety_stock.csv to try instead of reference/safety_stock.csv.",
)
def simulate(day, strategy, settings, safety_stock) -> None:
    """Run a night again on a copy with other settings and report what would change; the real
    database, landing area and outputs are never written."""
    import os

    from pipelines.runner import run_dates
    from pipelines.settings import scratch_environment
    from pipelines.simulation import compare, prepare, report
    from resources.first_business_date import first_business_date

    business_date = day.date()
    allocation = _settings(settings) | ({"strategy": strategy} if strategy else {})
    published = Path(os.environ["OMS_WAREHOUSE"]).resolve()
    first = first_business_date()
    simulation = prepare(
        business_date,
        landing=Path(os.environ["OMS_LANDING"]),
        published=published,
        safety_stock=safety_stock,
    )
    click.echo(f"simulating {business_date} in {simulation.root}")
    with scratch_environment(simulation.root, first_date=first):
        ok = run_dates([business_date], echo=click.echo, allocation=allocation or None)
    if not ok:
        sys.exit(1)
    differences = compare(published, simulation.warehouse, business_date)
    folder = report(differences, simulation)
    with pl_config():
        click.echo(differences["by_channel"])
        click.echo(differences["by_warehouse"])
    changed = differences["changed_orders"]
    orders = changed.select("channel", "channel_order_id").unique().height
    click.echo(f"{orders} order(s), {changed.height} line(s) would change: {folder}")


def _settings(pairs: tuple[str, ...]) -> dict[str, object]:
    """FIELD=VALUE pairs as allocation_settings config (VALUE parsed as JSON when it is)."""
    import json

    settings: dict[str, object] = {}
    for pair in pairs:
        field, separator, value = pair.partition("=")
        if not separator:
            raise click.BadParameter(f"{pair!r}: expected FIELD=VALUE", param_hint="--set")
        try:
            settings[field] = json.loads(value)
        except json.JSONDecodeError:
            settings[field] = value
    return settings


def pl_config():
    """Frames printed whole on the terminal."""
    import polars as pl

    return pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200)


@main.command("demo")
@click.option("--days", default=3, show_default=True)
@click.option("--orders-per-day", default=2000, show_default=True)
@click.option("--seed", default=7, show_default=True)
@click.pass_context
def demo(ctx: click.Context, days: int, orders_per_day: int, seed: int) -> None:
    """Demo data for the last --days dates, the nightly job for each, then the summary.

    After each night the demo plays the carrier: it confirms the night's manifested shipments in the
    next date's confirmations folder, so their reservations are released the next night, and sends
    its tracking events of the parcels confirmed (in transit, then delivered, one exception); and
    some confirmed lines come back (a return request the next day, the parcel the day after).
    """
    import os

    from pipelines.demo.carrier_scans import write_carrier_scans
    from pipelines.demo.carrier_tracking import write_carrier_tracking
    from pipelines.demo.returns_desk import write_returns
    from pipelines.runner import closed_dates, print_summary, run_dates

    last = _yesterday()
    ctx.invoke(
        demo_data, days=days, orders_per_day=orders_per_day, seed=seed, n_skus=2000, end_date=None
    )
    dates = _dates(last - timedelta(days=days - 1), last)
    closed = closed_dates(Path(os.environ["OMS_WAREHOUSE"]))
    for business_date in dates:
        if business_date in closed:  # an earlier demo ran it and played its carrier
            click.echo(f"■ {business_date} was run and closed before (its parcels shipped): kept")
        elif not run_dates([business_date], echo=click.echo):
            sys.exit(1)
        # the demo data was written anew, the carrier's scans with it: they are played again
        # from the night's manifests, so a kept night stays confirmed
        scans = write_carrier_scans(
            Path(os.environ["OMS_OUTPUT"]), Path(os.environ["OMS_LANDING"]), business_date
        )
        if scans:
            click.echo(f"  carrier picked up {business_date}'s manifests → {scans}")
        tracking = write_carrier_tracking(Path(os.environ["OMS_LANDING"]), business_date)
        if tracking:
            click.echo(f"  carrier tracked the parcels it confirmed → {tracking}")
        for landed in write_returns(
            Path(os.environ["OMS_WAREHOUSE"]), Path(os.environ["OMS_LANDING"]), business_date
        ):
            click.echo(f"  customers sent parcels back → {landed}")
    print_summary(dates, echo=click.echo)


@main.command("data-dictionary")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("docs/data-dictionary.md"),
    show_default=True,
)
def data_dictionary(out: Path) -> None:
    """Write the data dictionary (every oms table, view and column with its description)."""
    from pipelines.data_dictionary import render_data_dictionary

    out.write_text(render_data_dictionary(), encoding="utf-8")
    click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
