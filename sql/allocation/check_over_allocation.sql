-- Warehouse x SKU where tonight's allocations exceed what netting said was available, or where
-- they and the units still reserved from earlier nights exceed the units counted on hand (with
-- the returns restocked the night before): stock
-- that does not exist is never promised, whatever netting computed.
with

allocations as (
    select * from oms.allocations
),

inventory_positions as (
    select * from oms.inventory_positions
),

allocated as (
    select warehouse_id, sku, sum(quantity) as allocated
    from allocations
    where business_date = $business_date
    group by all
),

positions as (
    select
        warehouse_id, sku, on_hand + coalesce(returned_units, 0) as on_hand, reserved, available
    from inventory_positions
    where business_date = $business_date
),

final as (
    select
        allocated.warehouse_id,
        allocated.sku,
        allocated.allocated,
        coalesce(positions.available, 0) as available,
        coalesce(positions.reserved, 0) as reserved,
        coalesce(positions.on_hand, 0) as on_hand
    from allocated
    left join positions using (warehouse_id, sku)
    where allocated.allocated > coalesce(positions.available, 0)
        or allocated.allocated + coalesce(positions.reserved, 0) > coalesce(positions.on_hand, 0)
)

select * from final order by warehouse_id, sku
