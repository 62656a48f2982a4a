-- The night in numbers, from the tables of the business date.
with

orders as (
    select count(*) as orders from oms.orders where business_date = $business_date
),

lines as (
    select count(*) as lines from oms.order_lines where business_date = $business_date
),

rejects as (
    select count(*) as lines_rejected from oms.order_rejects where business_date = $business_date
),

run as (
    select
        coalesce(sum(demand_units), 0) as units_ordered,
        coalesce(sum(allocated_units), 0) as units_allocated,
        coalesce(sum(backordered_units), 0) as units_backordered
    from oms.allocation_runs
    where business_date = $business_date
),

shipped as (
    select count(*) as shipments, coalesce(sum(cost), 0) as carrier_cost
    from oms.shipments
    where business_date = $business_date and status = 'ready'
),

manifested as (
    select count(distinct package_id) as packages
    from oms.manifest_lines
    where business_date = $business_date
),

final as (
    select
        orders.orders,
        lines.lines,
        rejects.lines_rejected,
        run.units_ordered,
        run.units_allocated,
        run.units_backordered,
        case when run.units_ordered > 0 then run.units_allocated / run.units_ordered end as fill_rate,
        shipped.shipments,
        manifested.packages,
        shipped.carrier_cost
    from orders, lines, rejects, run, shipped, manifested
)

select * from final
