"""How far each allocation strategy is from the cheapest allocation under the same rules.

    uv run python bench/bench_allocation_quality.py [--orders 2000 10000] [--time-limit 120]
    uv run python bench/bench_allocation_quality.py --timing 1000000   # strategies' time only

Instances come from the demo generator (pipelines/demo: its catalogue, kits, zones, carrier
rates, channels and order mix) with stock drawn as the demo draws it, scaled to be plentiful or
scarce. Every strategy runs through allocate(); every result is priced by fulfillment's own rate
shopper (packing included), so all costs are what the night's shipments would cost.

The exact model (HiGHS MIP) keeps the same rules: every line gets exactly the units the zone rules
give it (so no fewer units, the same complete orders), no-split channels ship from one warehouse,
and the priority rule: a line left short keeps every unit of its SKU at its candidate warehouses
out of reach of lower-ranked orders, and those warehouses end the night with none of it left.
Its shipment cost is packages x price with one service per shipment, packages counted by weight
(sum of weights <= packages x limit, no unit above the limit): that never needs more packages than
first-fit packing, so its objective is a lower bound ("bound"); its plan re-priced by the rate
shopper is the best plan known ("optimum", proven when HiGHS closes the gap and packing needs no
more packages than the bound assumed). Gaps are strategy cost / that cost - 1.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import highspy
import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assets.allocation.candidates import candidates_by_address, order_weights, rank_candidates
from assets.allocation.demand_lines import DEMAND_COLUMNS
from assets.allocation.engine import AllocationResult, allocate
from assets.fulfillment.packing import PackingItems
from assets.fulfillment.rate_shopping import choose_services, usable_services
from contracts.policy import AllocationPolicy
from pipelines.demo import reference_data as ref
from pipelines.demo.orders import generate_day_orders

BUSINESS_DATE = date(2026, 11, 20)
STOCK = {"plentiful": 3.0, "scarce": 0.8}
"""Stock per warehouse as the demo draws it (a day of demand x share x this factor; the demo's
own snapshots use 1.6)."""
STRATEGIES = ("zone", "cost", "cheapest")
ORDER = ["channel", "channel_order_id"]


def instance(n_orders: int, stock_factor: float, seed: int) -> dict:
    """One night from the demo generator: demand, stock and the reference tables."""
    rng = np.random.default_rng(seed)
    skus = ref.catalogue(rng, 2_000)
    kits, kit_skus = ref.kits(skus, n_kits=10)
    lines = generate_day_orders(
        rng,
        business_date=BUSINESS_DATE,
        n_orders=n_orders,
        first_order_seq=1,
        skus=skus["sku"].to_list(),
        kit_skus=kit_skus["sku"].to_list(),
    )
    lines = lines.with_columns(
        channel_order_id=pl.format("#{}", "order_seq"),
        version=pl.lit(1),
        first_backordered_date=pl.lit(None, pl.Date),
    )
    demand = lines.filter(
        (pl.col("status") == "open")
        & (pl.col("quantity") > 0)
        & pl.col("sku").is_in(pl.concat([skus["sku"], kit_skus["sku"]]).implode())
    ).select(
        *DEMAND_COLUMNS,
        "ship_country",
        "ship_region",
    )
    popularity = 1.0 / np.arange(1, skus.height + 1) ** 0.9
    daily = n_orders * 3.0 * 1.3 * popularity / popularity.sum()
    stock = pl.concat(
        pl.DataFrame(
            {
                "warehouse_id": warehouse,
                "sku": skus["sku"],
                "available": rng.poisson(daily * share * stock_factor + 0.3),
            }
        )
        for share, warehouse in zip(
            [0.45, 0.3, 0.35, 0.1], ref.WAREHOUSES["warehouse_id"], strict=True
        )
    )
    return {
        "demand": demand,
        "stock": stock,
        "skus": pl.concat([skus, kit_skus]),
        "kits": kits,
        "zones": ref.zones(),
        "carrier_services": ref.carrier_services(),
        "channels": ref.channels(),
    }


def run_strategy(night: dict, strategy: str) -> tuple[AllocationResult, float]:
    demand, zones = night["demand"], night["zones"]
    started = time.perf_counter()
    if strategy == "cost":
        candidates = rank_candidates(
            demand.select(*ORDER, "ship_country", "ship_region", "service_level").unique(ORDER),
            zones,
            strategy="cost",
            order_weights=order_weights(demand, night["skus"], night["kits"]),
            carrier_services=night["carrier_services"],
        )
    else:
        candidates = candidates_by_address(demand, zones)
    result = allocate(
        demand,
        night["stock"],
        candidates,
        business_date=BUSINESS_DATE,
        channels=night["channels"],
        kits=night["kits"],
        policy=AllocationPolicy(strategy=strategy),
        skus=night["skus"],
        carrier_services=night["carrier_services"],
    )
    return result, time.perf_counter() - started


def shipping_cost(allocations: pl.DataFrame, night: dict) -> dict:
    """What the plan's shipments cost, priced by fulfillment's rate shopper, and their counts.

    allocations: channel, channel_order_id, warehouse_id, zone, sku (picked), quantity."""
    levels = night["demand"].select(*ORDER, "service_level").unique(ORDER)
    shipments = (
        allocations.select(*ORDER, "warehouse_id", "zone")
        .unique(maintain_order=True)
        .sort(*ORDER, "warehouse_id")
        .with_row_index("shipment_idx")
        .with_columns(pl.col("shipment_idx").cast(pl.Int64))
        .join(levels, on=ORDER, how="left", maintain_order="left")
    )
    weights = night["skus"].select("sku", pl.col("weight_g").alias("unit_weight_g"))
    items = (
        allocations.join(shipments, on=[*ORDER, "warehouse_id"], how="left")
        .group_by("shipment_idx", "sku")
        .agg(pl.col("quantity").sum())
        .join(weights, on="sku", how="left")
        .with_columns(pl.col("unit_weight_g").fill_null(0))
        .sort("shipment_idx", pl.col("unit_weight_g"), "sku", descending=[False, True, False])
    )
    choices = choose_services(
        shipments.select("shipment_idx", "zone", "service_level"),
        night["carrier_services"],
        PackingItems.from_frame(items, shipments.height),
    ).choices
    per_order = shipments.group_by(ORDER).len()
    return {
        "cost": choices["cost_cents"].sum() / 100,
        "unpriced": choices["cost_cents"].null_count(),
        "shipments": shipments.height,
        "parcels": int(choices["packages"].sum()),
        "splits": per_order.filter(pl.col("len") > 1).height,
    }


def outcome(result: AllocationResult, night: dict) -> dict:
    per_order = result.decisions.group_by(ORDER).agg(
        (pl.col("backordered") == 0).all().alias("complete")
    )
    return {
        "units": int(result.decisions["allocated"].sum()),
        "complete": int(per_order["complete"].sum()),
    } | shipping_cost(result.allocations, night)


def service_classes(carrier_services: pl.DataFrame) -> dict[tuple[str, int], list[tuple]]:
    """Per (zone, order service rank): the (limit, price cents) pairs worth using."""
    services = usable_services(carrier_services)
    classes = {}
    for (zone,), rows in services.group_by("zone"):
        for rank in range(3):
            eligible = rows.filter(pl.col("service_rank") >= rank)
            best: dict[int, int] = {}
            for limit, price in eligible.select("max_weight_g", "price_cents").rows():
                best[limit] = min(price, best.get(limit, price))
            kept = [
                (limit, price)
                for limit, price in best.items()
                if all(p > price for lim, p in best.items() if lim > limit)
            ]
            classes[(zone, rank)] = sorted(kept)
    return classes


def exact_model(night: dict, zone: AllocationResult, time_limit: float) -> dict:
    """The cheapest plan of the zone units under the same rules (see the module docstring),
    solved by HiGHS; returns its plan re-priced, its bound and HiGHS's own gap."""
    decisions = zone.decisions
    rank_of_line = decisions.select(*ORDER, "line_no", "order_rank", "rule", "sku")
    lines = (
        night["demand"]
        .join(rank_of_line, on=[*ORDER, "line_no"], how="inner")
        .join(decisions.select(*ORDER, "line_no", "allocated"), on=[*ORDER, "line_no"])
        .with_row_index("line_idx")
    )
    candidates = candidates_by_address(night["demand"], night["zones"])
    recipes: dict[str, list[tuple[str, int]]] = {}
    for kit, part, per in night["kits"].rows():
        recipes.setdefault(kit, []).append((part, per))
    weight = dict(night["skus"].select("sku", "weight_g").rows())
    stock = {(w, s): max(a, 0) for w, s, a in night["stock"].rows()}
    cands: dict[tuple, list[tuple[str, str]]] = {}
    for country, region, warehouse, zone_name, _ in candidates.rows():
        cands.setdefault((country, region), []).append((warehouse, zone_name))
    allow_split = dict(night["channels"].select("channel", "allow_split").rows())
    speed = {"standard": 0, "expedited": 1, "overnight": 2}
    classes = service_classes(night["carrier_services"])

    # Places a short plain-SKU line protects: lower-ranked lines may not take that SKU there,
    # and nothing of it may be left there.
    protected: dict[tuple[str, str], int] = {}
    for row in lines.filter(pl.col("rule").is_in(["partial", "out_of_stock"])).iter_rows(
        named=True
    ):
        if row["sku"] in recipes:
            continue
        for warehouse, _ in cands.get((row["ship_country"], row["ship_region"]), []):
            place = (warehouse, row["sku"])
            protected[place] = min(protected.get(place, row["order_rank"]), row["order_rank"])

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-4)
    inf = highspy.kHighsInf
    use: dict[tuple[str, str], list[tuple[int, float]]] = {}
    x_of: dict[tuple[int, str], int] = {}
    cost_terms = []
    n_var = 0
    # HiGHS starts from the zone plan (it keeps every rule of the model), so a time limit still
    # leaves a plan at least as good as zone's
    zone_units = {
        (channel, order_id, line_no, warehouse): units
        for channel, order_id, line_no, warehouse, units in zone.allocations.unique(
            [*ORDER, "line_no", "warehouse_id"]
        )
        .select(*ORDER, "line_no", "warehouse_id", "ordered_units")
        .rows()
    }
    start: dict[int, float] = {}

    def add_var(low: float, high: float, cost: float, integer: bool) -> int:
        nonlocal n_var
        h.addVar(low, high)
        if cost:
            h.changeColCost(n_var, cost)
        if integer:
            h.changeColIntegrality(n_var, highspy.HighsVarType.kInteger)
        n_var += 1
        return n_var - 1

    def add_row(low: float, high: float, terms: list[tuple[int, float]]) -> None:
        h.addRow(low, high, len(terms), [t[0] for t in terms], [t[1] for t in terms])

    for (channel, _), order_lines in lines.filter(pl.col("allocated") > 0).group_by(
        ORDER, maintain_order=True
    ):
        first = order_lines.row(0, named=True)
        options = cands.get((first["ship_country"], first["ship_region"]), [])
        level = speed.get(first["service_level"], 0)
        one_warehouse = not allow_split.get(channel, True)
        pick = (
            {w: add_var(0, 1, 0, True) for w, _ in options} if one_warehouse else {}
        )  # the one warehouse of a no-split order
        if pick:
            add_row(1, 1, [(v, 1.0) for v in pick.values()])
        for warehouse, zone_name in options:
            line_vars = []
            weight_there, heaviest_there = 0, 0
            for row in order_lines.iter_rows(named=True):
                parts = recipes.get(row["sku"], [(row["sku"], 1)])
                barred = any(
                    protected.get((warehouse, part), 1 << 60) < row["order_rank"]
                    for part, _ in parts
                )
                if barred:
                    continue
                v = add_var(0, row["allocated"], 0, True)
                x_of[(row["line_idx"], warehouse)] = v
                key = (row["channel"], row["channel_order_id"], row["line_no"], warehouse)
                start[v] = zone_units.get(key, 0)
                unit_weight = sum(weight.get(p, 0) * n for p, n in parts)
                heaviest = max(weight.get(p, 0) for p, _ in parts)
                pieces = row["allocated"] * sum(n for _, n in parts)  # packages at most
                line_vars.append((v, unit_weight, heaviest, row["allocated"], pieces))
                if start[v]:
                    weight_there += unit_weight * start[v]
                    heaviest_there = max(heaviest_there, heaviest)
                    if pick:
                        start[pick[warehouse]] = 1
                for part, per in parts:
                    use.setdefault((warehouse, part), []).append((v, float(per)))
                if pick:
                    add_row(0, 0, [(v, 1.0), (pick[warehouse], -float(row["allocated"]))])
            if not line_vars:
                continue
            services = classes.get((zone_name, level), [])
            units = sum(pieces for *_, pieces in line_vars)
            chosen = [add_var(0, 1, 0, True) for _ in services]
            if chosen:
                add_row(-inf, 1, [(b, 1.0) for b in chosen])
            capacity = []
            fits = [
                (-(-max(weight_there, 1) // limit) * price, j)
                for j, (limit, price) in enumerate(services)
                if limit >= heaviest_there
            ]
            starting = min(fits)[1] if fits and weight_there + heaviest_there else -1
            for j, ((limit, price), b) in enumerate(zip(services, chosen, strict=True)):
                n = add_var(0, units, price, True)
                if j == starting:
                    start[b], start[n] = 1, -(-max(weight_there, 1) // limit)
                cost_terms.append(n)
                add_row(-inf, 0, [(n, 1.0), (b, -float(units))])
                capacity.append((n, -float(limit)))
            # the weight fits the packages, and any unit shipped needs a service able to carry it
            add_row(-inf, 0, [(v, float(w)) for v, w, *_ in line_vars] + capacity)
            for v, _, heaviest, q, _ in line_vars:
                able = [
                    (b, -float(q))
                    for (limit, _), b in zip(services, chosen, strict=True)
                    if limit >= heaviest
                ]
                add_row(-inf, 0, [(v, 1.0), *able])
    for row in lines.filter(pl.col("allocated") > 0).iter_rows(named=True):
        terms = [
            (x_of[(row["line_idx"], w)], 1.0)
            for w, _ in cands.get((row["ship_country"], row["ship_region"]), [])
            if (row["line_idx"], w) in x_of
        ]
        add_row(row["allocated"], row["allocated"], terms)
    for place, terms in use.items():
        available = float(stock.get(place, 0))
        low = available if place in protected else -inf
        add_row(low, available, terms)

    warm = highspy.HighsSolution()
    warm.col_value = [float(start.get(v, 0)) for v in range(n_var)]
    warm.value_valid = True
    h.setSolution(warm)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    values = h.getSolution().col_value
    rows = []
    line_rows = {row["line_idx"]: row for row in lines.iter_rows(named=True)}
    zone_of = {(c, r, w): z for c, r, w, z, _ in candidates.rows()}
    for (line_idx, warehouse), v in x_of.items():
        units = round(values[v])
        if units <= 0:
            continue
        row = line_rows[line_idx]
        for part, per in recipes.get(row["sku"], [(row["sku"], 1)]):
            rows.append(
                (
                    row["channel"],
                    row["channel_order_id"],
                    warehouse,
                    zone_of[(row["ship_country"], row["ship_region"], warehouse)],
                    part,
                    units * per,
                )
            )
    plan = pl.DataFrame(
        rows, schema=[*ORDER, "warehouse_id", "zone", "sku", "quantity"], orient="row"
    )
    return {
        "priced": shipping_cost(plan, night),
        "bound": info.mip_dual_bound / 100,
        "objective": info.objective_function_value / 100,
        "mip_gap": info.mip_gap,
        "status": h.modelStatusToString(h.getModelStatus()),
        "seconds": seconds,
        "variables": n_var,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[2_000, 10_000])
    parser.add_argument("--time-limit", type=float, default=120.0, help="HiGHS seconds each")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timing", type=int, help="only time the strategies at this many orders")
    args = parser.parse_args()
    run_strategy(instance(50, 1.0, 0), "cheapest")  # compile the kernels before timing
    if args.timing:
        for stock_name, factor in STOCK.items():
            night = instance(args.timing, factor, args.seed)
            for name in STRATEGIES:
                result, seconds = run_strategy(night, name)
                print(
                    f"{args.timing} orders, {stock_name}: {name} {seconds:.2f} s, "
                    f"{int(result.decisions['allocated'].sum())} units; {result.plan_search}",
                    flush=True,
                )
        return
    for n_orders in args.orders:
        for stock_name, factor in STOCK.items():
            night = instance(n_orders, factor, args.seed)
            results = {name: run_strategy(night, name) for name in STRATEGIES}
            exact = exact_model(night, results["zone"][0], args.time_limit)
            best = exact["priced"]["cost"]
            print(
                f"\n{n_orders} orders, {stock_name} stock ({night['demand'].height} lines): "
                f"HiGHS {exact['status']} in {exact['seconds']:.0f} s, {exact['variables']} "
                f"variables, MIP gap {exact['mip_gap']:.2%}, bound {exact['bound']:.2f}"
            )
            print(
                f"{'plan':<10}{'cost':>11}{'units':>8}{'complete':>10}{'shipments':>11}"
                f"{'parcels':>9}{'splits':>8}{'gap':>8}{'to bound':>10}{'seconds':>9}"
            )
            rows = [(name, outcome(result, night), s) for name, (result, s) in results.items()]
            zone_outcome = rows[0][1]
            exact_row = exact["priced"] | {
                "units": zone_outcome["units"],
                "complete": zone_outcome["complete"],
            }
            rows.append(("exact", exact_row, exact["seconds"]))
            for name, o, seconds in rows:
                print(
                    f"{name:<10}{o['cost']:>11.2f}{o['units']:>8}{o['complete']:>10}"
                    f"{o['shipments']:>11}{o['parcels']:>9}{o['splits']:>8}"
                    f"{o['cost'] / best - 1:>8.2%}{o['cost'] / exact['bound'] - 1:>10.2%}"
                    f"{seconds:>9.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
