-- What each warehouse can still promise once tonight's allocations are taken: per warehouse and
-- SKU, max(0, on_hand + returned_units - reserved - safety_stock - allocated tonight); a kit, per
-- warehouse, as many whole kits as its scarcest component allows (a kit has no stock of its own).
-- frame kits: kit_sku, component_sku, quantity
with

inventory_positions as (
    select * from oms.inventory_positions
),

allocations as (
    select * from oms.allocations
),

kit_components as (
    select * from kits
),

allocated_tonight as (
    select warehouse_id, sku, sum(quantity)::bigint as allocated
    from allocations
    where business_date = $business_date
    group by all
),

stock as (
    select
        positions.warehouse_id,
        positions.sku,
        greatest(
            0,
            positions.on_hand
            + coalesce(positions.returned_units, 0)
            - positions.reserved
            - positions.safety_stock
            - coalesce(allocated_tonight.allocated, 0)
        )::bigint as atp
    from inventory_positions as positions
    left join allocated_tonight using (warehouse_id, sku)
    where positions.business_date = $business_date
),

kit_stock as (
    select
        warehouses.warehouse_id,
        kit_components.kit_sku as sku,
        min(coalesce(stock.atp, 0) // kit_components.quantity)::bigint as atp
    from kit_components
    cross join (select distinct warehouse_id from stock) as warehouses
    left join stock
        on stock.warehouse_id = warehouses.warehouse_id
        and stock.sku = kit_components.component_sku
    where kit_components.quantity > 0
    group by all
),

final as (
    select warehouse_id, sku, atp from stock
    union all
    select warehouse_id, sku, atp from kit_stock
)

select * from final
order by warehouse_id, sku
