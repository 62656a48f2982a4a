"""The allocation policy as a deliberately plain Python loop (dicts and lists).

Used only by the tests and the benchmark: the engine must agree with it on every case. It states
the rules of docs/allocation.md in the most readable way we could find, without caring for speed.
"""

import hashlib
from collections import defaultdict
from datetime import date

import polars as pl

from contracts.addresses import NO_REGION
from contracts.policy import AllocationPolicy
from contracts.vocabulary import SERVICE_LEVELS

TRUE_WORDS = {"true", "t", "yes", "y", "1"}


FASTEST_FIRST = SERVICE_LEVELS[::-1]


def speed(service_level: str | None) -> int:
    level = (service_level or "").lower()
    return FASTEST_FIRST.index(level) if level in FASTEST_FIRST else len(FASTEST_FIRST)


def zone_key(zone: str, numeric: bool) -> tuple:
    return (int(zone.strip()),) if numeric else (zone,)


def reference_rank_candidates(
    orders: pl.DataFrame,
    zones: pl.DataFrame,
    *,
    strategy: str = "zone",
    order_weights: pl.DataFrame | None = None,
    carrier_services: pl.DataFrame | None = None,
) -> pl.DataFrame:
    zone_rows = zones.to_dicts()
    numeric = all(_is_int(str(row["zone"])) for row in zone_rows)
    price = (
        "price" if carrier_services is not None and "price" in carrier_services.columns else "cost"
    )
    weights = {}
    if order_weights is not None:
        for row in order_weights.to_dicts():
            weights[(row["channel"], row["channel_order_id"])] = row["weight_g"]
    rows = []
    for order in orders.unique().to_dicts():
        key = (order["channel"], order["channel_order_id"])
        best_row_per_warehouse = {}
        for row in zone_rows:
            region = row["dest_region"] if row["dest_region"] is not None else "*"
            if row["dest_country"] != order["ship_country"]:
                continue
            if region != "*" and region != order["ship_region"]:
                continue
            rank = (region == "*", zone_key(str(row["zone"]), numeric), str(row["zone"]))
            current = best_row_per_warehouse.get(row["warehouse_id"])
            if current is None or rank < current[0]:
                best_row_per_warehouse[row["warehouse_id"]] = (rank, str(row["zone"]))
        ranked = []
        for warehouse, (_, zone) in best_row_per_warehouse.items():
            cost = None
            if strategy == "cost":
                weight = weights.get(key)
                for service in carrier_services.to_dicts():
                    if (
                        str(service["zone"]).strip() == zone.strip()
                        and speed(service["service_level"]) <= speed(order["service_level"])
                        and weight is not None
                        and service["max_weight_g"] >= weight
                        and (cost is None or service[price] < cost)
                    ):
                        cost = service[price]
            cost_key = (cost is None, cost or 0) if strategy == "cost" else ()
            ranked.append((cost_key, zone_key(zone, numeric), zone, warehouse))
        for position, (_, _, zone, warehouse) in enumerate(sorted(ranked), start=1):
            rows.append(
                {
                    "channel": key[0],
                    "channel_order_id": key[1],
                    "warehouse_id": warehouse,
                    "zone": zone,
                    "candidate_rank": position,
                }
            )
    schema = {
        "channel": pl.String,
        "channel_order_id": pl.String,
        "warehouse_id": pl.String,
        "zone": pl.String,
        "candidate_rank": pl.Int32,
    }
    return pl.DataFrame(rows, schema=schema).sort("channel", "channel_order_id", "candidate_rank")


def _is_int(text: str) -> bool:
    try:
        int(text.strip())
    except ValueError:
        return False
    return True


def reference_shipment_id(business_date: date, channel: str, order_id: str, warehouse: str) -> str:
    digest = hashlib.sha1(f"{channel}|{order_id}|{warehouse}".encode()).hexdigest()[:16]
    return f"SH-{business_date:%Y%m%d}-{warehouse}-{digest}"


def _channel_rules(channels: pl.DataFrame | None, policy: AllocationPolicy) -> tuple[dict, dict]:
    priority, allow_split = {}, {}
    for row in channels.to_dicts() if channels is not None else []:
        if row["channel"] in priority or row["channel"] in allow_split:
            continue
        priority[row["channel"]] = row.get("priority")
        allowed = row.get("allow_split")
        if isinstance(allowed, str):
            allowed = allowed.strip().lower() in TRUE_WORDS
        allow_split[row["channel"]] = True if allowed is None else allowed
    allow_split.update(policy.split_override)
    return priority, allow_split


def reference_allocate(
    demand: pl.DataFrame,
    stock: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    business_date: date,
    channels: pl.DataFrame | None,
    kits: pl.DataFrame | None,
    policy: AllocationPolicy,
) -> dict[str, pl.DataFrame]:
    """What the engine must return for the same inputs. No input has a default: every caller
    says what it allocates with, so the reference cannot agree by sharing a default."""
    priority, allow_split = _channel_rules(channels, policy)

    recipes = defaultdict(lambda: defaultdict(int))
    for row in kits.to_dicts() if kits is not None else []:
        recipes[row["kit_sku"]][row["component_sku"]] += row["quantity"]

    available = defaultdict(int)
    for row in stock.to_dicts():
        available[(row["warehouse_id"], row["sku"])] += row["available"] or 0
    for place, units in available.items():
        available[place] = max(units, 0)

    orders = defaultdict(list)
    for line in demand.to_dicts():
        orders[(line["channel"], line["channel_order_id"], line["version"])].append(line)

    def serving_order(key):
        lines = orders[key]
        channel_priority = priority.get(key[0])
        return (
            min(speed(line["service_level"]) for line in lines),
            min(line["placed_at"] for line in lines),
            channel_priority is None,
            channel_priority or 0,
            key,
        )

    # Candidates come per order, or per ship-to address (then each order takes its address's).
    by_address = "channel_order_id" not in candidates.columns
    candidate_key = (
        ("ship_country", "ship_region") if by_address else ("channel", "channel_order_id")
    )
    warehouses_of = defaultdict(list)
    for row in sorted(
        candidates.to_dicts(), key=lambda r: (r["candidate_rank"], r["warehouse_id"])
    ):
        warehouses_of[tuple(row[column] for column in candidate_key)].append(row)

    def candidates_of(channel, order_id, lines):
        if not by_address:
            return warehouses_of[(channel, order_id)]
        first = lines[0]
        return warehouses_of[(first["ship_country"], first["ship_region"] or NO_REGION)]

    allocations, backorders, decisions, explanations = [], [], [], []
    for rank, key in enumerate(sorted(orders, key=serving_order), start=1):
        channel, order_id, version = key
        lines = sorted(orders[key], key=lambda line: line["line_no"])
        cands = candidates_of(channel, order_id, lines)
        is_paid = all(line["is_paid"] for line in lines if line["is_paid"] is not None)

        def parts(line):
            recipe = recipes.get(line["sku"])
            return sorted(recipe.items()) if recipe else [(line["sku"], 1)]

        def units_available(warehouse, line):
            return min(available[(warehouse, sku)] // per_unit for sku, per_unit in parts(line))

        taken = {line["line_no"]: [] for line in lines}  # (candidate position, units)
        looked = {line["line_no"]: [] for line in lines}  # units available per candidate
        if policy.hold_unpaid and not is_paid:
            rule = {line["line_no"]: "held_unpaid" for line in lines}
        elif not cands:
            rule = {line["line_no"]: "no_candidate_warehouse" for line in lines}
        else:
            chosen = None
            for position, cand in enumerate(cands):
                needed = defaultdict(int)
                for line in lines:
                    for sku, per_unit in parts(line):
                        needed[sku] += per_unit * line["quantity"]
                wh = cand["warehouse_id"]
                if all(available[(wh, sku)] >= units for sku, units in needed.items()):
                    chosen = position
                    break
            if chosen is not None:
                rule = {line["line_no"]: "ship_complete" for line in lines}
                for line in lines:
                    for sku, per_unit in parts(line):
                        available[(cands[chosen]["warehouse_id"], sku)] -= (
                            per_unit * line["quantity"]
                        )
                    taken[line["line_no"]].append((chosen, line["quantity"]))
            elif not allow_split.get(channel, True):
                rule = {line["line_no"]: "no_split_wait" for line in lines}
                for line in lines:
                    looked[line["line_no"]] = [
                        units_available(c["warehouse_id"], line) for c in cands
                    ]
            else:
                rule = {}
                for line in lines:
                    remaining = line["quantity"]
                    for position, cand in enumerate(cands):
                        can = units_available(cand["warehouse_id"], line)
                        looked[line["line_no"]].append(can)
                        units = min(can, remaining)
                        if units > 0:
                            for sku, per_unit in parts(line):
                                available[(cand["warehouse_id"], sku)] -= per_unit * units
                            taken[line["line_no"]].append((position, units))
                            remaining -= units
                    if remaining == 0:
                        rule[line["line_no"]] = "split"
                    elif remaining == line["quantity"]:
                        rule[line["line_no"]] = "out_of_stock"
                    else:
                        rule[line["line_no"]] = "partial"

        for line in lines:
            line_no, ordered = line["line_no"], line["quantity"]
            allocated = sum(units for _, units in taken[line_no])
            for position, units in taken[line_no]:
                wh = cands[position]["warehouse_id"]
                for sku, per_unit in parts(line):
                    allocations.append(
                        {
                            "channel": channel,
                            "channel_order_id": order_id,
                            "version": version,
                            "line_no": line_no,
                            "ordered_sku": line["sku"],
                            "ordered_units": units,
                            "sku": sku,
                            "warehouse_id": wh,
                            "quantity": units * per_unit,
                            "shipment_id": reference_shipment_id(
                                business_date, channel, order_id, wh
                            ),
                            "zone": cands[position]["zone"],
                        }
                    )
            if allocated < ordered:
                backorders.append(
                    {
                        "channel": channel,
                        "channel_order_id": order_id,
                        "version": version,
                        "line_no": line_no,
                        "sku": line["sku"],
                        "quantity": ordered - allocated,
                        "placed_at": line["placed_at"],
                        "service_level": line["service_level"],
                        "first_backordered_date": line["first_backordered_date"] or business_date,
                    }
                )
            used = [cands[position]["warehouse_id"] for position, _ in taken[line_no]]
            key = {
                "channel": channel,
                "channel_order_id": order_id,
                "version": version,
                "line_no": line_no,
                "sku": line["sku"],
                "order_rank": rank,
                "ordered": ordered,
                "allocated": allocated,
                "backordered": ordered - allocated,
            }
            looked_at = [
                {"warehouse_id": cand["warehouse_id"], "zone": cand["zone"], "available": units}
                for cand, units in zip(cands, looked[line_no], strict=False)
            ]
            decisions.append(
                key
                | {
                    "is_kit": line["sku"] in recipes,
                    "rule": rule[line_no],
                    "allocated_from": [
                        {"warehouse_id": cands[position]["warehouse_id"], "units": units}
                        for position, units in taken[line_no]
                    ]
                    or None,
                    "candidate_count": len(cands),
                    "candidate_position": taken[line_no][0][0] + 1
                    if rule[line_no] == "ship_complete"
                    else None,
                    "candidates_seen": looked_at or None,
                    "cheapest_plan": None,
                }
            )
            explanations.append(
                key
                | {
                    "warehouses": ", ".join(used) or None,
                    "rule": rule[line_no],
                    "explanation": _explain(
                        rule[line_no],
                        line,
                        rank,
                        allocated,
                        taken[line_no],
                        looked[line_no],
                        cands,
                        is_kit=line["sku"] in recipes,
                    ),
                }
            )
    return {
        "allocations": pl.DataFrame(allocations, schema=ALLOCATION_SCHEMA),
        "backorders": pl.DataFrame(backorders, schema=BACKORDER_SCHEMA),
        "decisions": pl.DataFrame(decisions, schema=DECISION_SCHEMA),
        "explanations": pl.DataFrame(explanations, schema=EXPLANATION_SCHEMA),
    }


def _explain(rule, line, rank, allocated, taken, looked, cands, *, is_kit) -> str:
    ordered = line["quantity"]
    backordered = ordered - allocated
    what = f"kit {line['sku']} (all its components in one warehouse)" if is_kit else line["sku"]
    amounts = ", ".join(f"{units} from {cands[p]['warehouse_id']}" for p, units in taken)
    seen = ", ".join(
        f"{cand['warehouse_id']} (zone {cand['zone']}, {units} available)"
        for cand, units in zip(cands, looked, strict=False)
    )
    if rule == "ship_complete":
        position = taken[0][0]
        return (
            f"allocated {allocated} of {ordered} from {cands[position]['warehouse_id']}: "
            f"candidate {position + 1} of {len(cands)}, the first that could ship order ranked "
            f"{rank} complete"
        )
    if rule == "split":
        return (
            f"allocated {allocated} of {ordered} ({amounts}): no candidate could ship order "
            f"ranked {rank} complete, so its lines took stock candidate by candidate"
        )
    if rule == "partial":
        return (
            f"allocated {allocated} of {ordered} ({amounts}), backordered {backordered}: "
            f"candidates ran out of {what} when order ranked {rank} was served; candidates {seen}"
        )
    if rule == "out_of_stock":
        return (
            f"backordered {backordered} of {ordered}: no candidate warehouse had stock of {what} "
            f"when order ranked {rank} was served; candidates {seen}"
        )
    if rule == "no_split_wait":
        return (
            f"backordered {backordered} of {ordered}: channel {line['channel']} does not allow "
            f"split shipments and no candidate could ship order ranked {rank} complete; "
            f"candidates {seen}"
        )
    if rule == "no_candidate_warehouse":
        return (
            f"backordered {backordered} of {ordered}: no warehouse has a zone to the ship-to "
            f"address of order ranked {rank} (reference/zones.csv)"
        )
    return (
        f"backordered {backordered} of {ordered}: order ranked {rank} is unpaid and the policy "
        "holds unpaid orders"
    )


ALLOCATION_SCHEMA = {
    "channel": pl.String,
    "channel_order_id": pl.String,
    "version": pl.Int32,
    "line_no": pl.Int32,
    "ordered_sku": pl.String,
    "ordered_units": pl.Int32,
    "sku": pl.String,
    "warehouse_id": pl.String,
    "quantity": pl.Int32,
    "shipment_id": pl.String,
    "zone": pl.String,
}
BACKORDER_SCHEMA = {
    "channel": pl.String,
    "channel_order_id": pl.String,
    "version": pl.Int32,
    "line_no": pl.Int32,
    "sku": pl.String,
    "quantity": pl.Int32,
    "placed_at": pl.Datetime("us"),
    "service_level": pl.String,
    "first_backordered_date": pl.Date,
}
DECISION_SCHEMA = {
    "channel": pl.String,
    "channel_order_id": pl.String,
    "version": pl.Int32,
    "line_no": pl.Int32,
    "sku": pl.String,
    "is_kit": pl.Boolean,
    "order_rank": pl.Int64,
    "ordered": pl.Int32,
    "allocated": pl.Int32,
    "backordered": pl.Int32,
    "rule": pl.String,
    "allocated_from": pl.List(pl.Struct({"warehouse_id": pl.String, "units": pl.Int32})),
    "candidate_count": pl.Int32,
    "candidate_position": pl.Int32,
    "candidates_seen": pl.List(
        pl.Struct({"warehouse_id": pl.String, "zone": pl.String, "available": pl.Int64})
    ),
    "cheapest_plan": pl.Struct(
        {
            "parcels": pl.Int32,
            "cost_cents": pl.Int64,
            "zone_parcels": pl.Int32,
            "zone_cost_cents": pl.Int64,
        }
    ),
}
EXPLANATION_SCHEMA = {
    "channel": pl.String,
    "channel_order_id": pl.String,
    "version": pl.Int32,
    "line_no": pl.Int32,
    "sku": pl.String,
    "order_rank": pl.Int64,
    "ordered": pl.Int32,
    "allocated": pl.Int32,
    "backordered": pl.Int32,
    "warehouses": pl.String,
    "rule": pl.String,
    "explanation": pl.String,
}
