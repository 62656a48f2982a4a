-- available = max(0, on_hand + returned_units - reserved - safety_stock), for every warehouse x SKU
-- that has stock, restocked returns or reservations.
-- frame snapshot: warehouse_id, sku, on_hand (tonight's snapshot rows, one warehouse x SKU may repeat)
-- frame open_reservations: warehouse_id, sku, reserved
-- frame safety_stock: warehouse_id, sku, units
-- frame returned_units: warehouse_id, sku, returned_units (restocked the night before)
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

restocked as (
    select * from returned_units
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
        coalesce(restocked.returned_units, 0)::bigint as returned_units,
        coalesce(reservations.reserved, 0) as reserved
    from on_hand
    full outer join restocked using (warehouse_id, sku)
    full outer join reservations using (warehouse_id, sku)
),

final as (
    select
        positions.warehouse_id,
        positions.sku,
        positions.on_hand,
        positions.returned_units,
        positions.reserved,
        coalesce(safety.units, 0)::bigint as safety_stock,
        greatest(
            0, positions.on_hand + positions.returned_units - positions.reserved - coalesce(safety.units, 0)
        )::bigint as available
    from positions
    left join safety using (warehouse_id, sku)
    order by positions.warehouse_id, positions.sku
)

select * from final
