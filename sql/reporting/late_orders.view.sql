create or replace view oms.late_orders as
-- Orders against their ship-by promise: overnight ships the business date it was placed, expedited within
-- one day, standard within two. An order is late when it was first allocated after its ship-by date, or is
-- still (partly) backordered past it.
with

orders as (
    select * from oms.orders
),

allocations as (
    select * from oms.allocations
),

backorders as (
    select * from oms.backorders
),

promised as (
    select
        channel,
        channel_order_id,
        min(placed_at) as placed_at,
        any_value(service_level) as service_level,
        min(placed_at)::date
            + case any_value(service_level) when 'overnight' then 0 when 'expedited' then 1 else 2 end
            as ship_by_date
    from orders
    where status = 'open'
    group by all
),

first_allocated as (
    select channel, channel_order_id, min(business_date) as first_allocated_date
    from allocations
    group by all
),

still_owed as (
    select channel, channel_order_id, max(business_date) as last_backordered_date
    from backorders
    group by all
),

final as (
    select
        promised.*,
        first_allocated.first_allocated_date,
        still_owed.last_backordered_date,
        coalesce(first_allocated.first_allocated_date > promised.ship_by_date, false)
            or coalesce(still_owed.last_backordered_date >= promised.ship_by_date, false) as is_late
    from promised
    left join first_allocated using (channel, channel_order_id)
    left join still_owed using (channel, channel_order_id)
)

select * from final;
comment on view oms.late_orders is 'Every open order with its ship-by date (overnight: same day, expedited: +1, standard: +2), when it was first allocated, and whether it is late.';
comment on column oms.late_orders.channel is 'Sales channel.';
comment on column oms.late_orders.channel_order_id is 'The channel''s order number.';
comment on column oms.late_orders.placed_at is 'When the order was placed (UTC).';
comment on column oms.late_orders.service_level is 'standard, expedited or overnight.';
comment on column oms.late_orders.ship_by_date is 'Promise: placed date + 0 (overnight), 1 (expedited) or 2 (standard) days.';
comment on column oms.late_orders.first_allocated_date is 'First night any unit of the order was allocated.';
comment on column oms.late_orders.last_backordered_date is 'Last night any unit was still owed.';
comment on column oms.late_orders.is_late is 'Allocated after ship_by_date, or still owed on or after it.';
