-- available = max(0, on_hand - reserved - safety_stock), for every warehouse x SKU that has stock or
-- reservations.
-- frame snapshot: warehouse_id, sku, on_hand (tonight's snapshot rows, one warehouse x SKU may repeat)
-- frame open_reservations: warehouse_id, sku, reserved
-- frame safety_stock: warehouse_id, sku, units
with

snapshot_rows as (
    select * from snapshot
),

reservations as (
    select * from open_reservations
),

safety as (
    select * from safety_stock
),

on_hand as (
    select warehouse_id, sku, sum(on_hand)::bigint as on_hand
    from snapshot_rows
    group by all
),

positions as (
    select
        warehouse_id,
        sku,
        coalesce(on_hand.on_hand, 0) as on_hand,
        coalesce(reservations.reserved, 0) as reserved
    from on_hand
    full outer join reservations using (warehouse_id, sku)
),

final as (
    select
        positions.warehouse_id,
        positions.sku,
        positions.on_hand,
        positions.reserved,
        coalesce(safety.units, 0)::bigint as safety_stock,
        greatest(
            0, positions.on_hand - positions.reserved - coalesce(safety.units, 0)
        )::bigint as available
    from positions
    left join safety using (warehouse_id, sku)
    order by positions.warehouse_id, positions.sku
)

select * from final
