-- Per warehouse: units allocated to ready shipments, picked, and manifested must be equal.
with

shipments as (
    select * from oms.shipments
),

allocations as (
    select * from oms.allocations
),

pick_list_lines as (
    select * from oms.pick_list_lines
),

shipment_packages as (
    select * from oms.shipment_packages
),

manifest_lines as (
    select * from oms.manifest_lines
),

ready as (
    select shipment_id, warehouse_id
    from shipments
    where business_date = $business_date and status = 'ready'
),

allocated as (
    select ready.warehouse_id, sum(allocations.quantity) as units
    from allocations
    inner join ready using (shipment_id)
    where allocations.business_date = $business_date
    group by all
),

picked as (
    select warehouse_id, sum(quantity) as units
    from pick_list_lines
    where business_date = $business_date
    group by all
),

manifested as (
    select ready.warehouse_id, sum(packages.quantity) as units
    from shipment_packages as packages
    inner join ready using (shipment_id)
    semi join (
        select package_id from manifest_lines where business_date = $business_date
    ) using (package_id)
    where packages.business_date = $business_date
    group by all
),

units as (
    select
        warehouse_id,
        coalesce(allocated.units, 0) as allocated,
        coalesce(picked.units, 0) as picked,
        coalesce(manifested.units, 0) as manifested
    from allocated
    full outer join picked using (warehouse_id)
    full outer join manifested using (warehouse_id)
),

final as (
    select * from units
    where allocated <> picked or allocated <> manifested
)

select * from final order by warehouse_id
