-- The night in numbers, from the tables of the business date.
with

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

order_rejects as (
    select * from oms.order_rejects
),

allocation_runs as (
    select * from oms.allocation_runs
),

shipments as (
    select * from oms.shipments
),

manifest_lines as (
    select * from oms.manifest_lines
),

received as (
    select count(*) as orders from orders where business_date = $business_date
),

lines as (
    select count(*) as lines from order_lines where business_date = $business_date
),

rejects as (
    select count(*) as lines_rejected from order_rejects where business_date = $business_date
),

run as (
    select
        coalesce(sum(demand_units), 0) as units_ordered,
        coalesce(sum(allocated_units), 0) as units_allocated,
        coalesce(sum(backordered_units), 0) as units_backordered
    from allocation_runs
    where business_date = $business_date
),

shipped as (
    select count(*) as shipments, coalesce(sum(cost), 0) as carrier_cost
    from shipments
    where business_date = $business_date and status = 'ready'
),

manifested as (
    select count(distinct package_id) as packages
    from manifest_lines
    where business_date = $business_date
),

final as (
    select
        received.orders,
        lines.lines,
        rejects.lines_rejected,
        run.units_ordered,
        run.units_allocated,
        run.units_backordered,
        case when run.units_ordered > 0 then run.units_allocated / run.units_ordered end as fill_rate,
        shipped.shipments,
        manifested.packages,
        shipped.carrier_cost
    from received, lines, rejects, run, shipped, manifested
)

select * from final
