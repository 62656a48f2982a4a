-- Warehouse x SKU where tonight's allocations exceed what netting said was available.
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

final as (
    select allocated.warehouse_id, allocated.sku, allocated.allocated, coalesce(positions.available, 0) as available
    from allocated
    left join inventory_positions as positions
        on positions.business_date = $business_date
        and positions.warehouse_id = allocated.warehouse_id
        and positions.sku = allocated.sku
    where allocated.allocated > coalesce(positions.available, 0)
)

select * from final order by warehouse_id, sku
