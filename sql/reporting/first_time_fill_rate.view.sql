create or replace view oms.first_time_fill_rate as
-- Fill rate as analysts define it: of what an order asked for, what was allocated on the night it
-- was first served, by order and by unit; a backorder carried to later nights is not counted again.
with

allocation_decisions as (
    select * from oms.allocation_decisions
),

first_nights as (
    select channel, channel_order_id, min(business_date) as business_date
    from allocation_decisions
    group by all
),

orders_first_served as (
    select
        business_date,
        channel,
        channel_order_id,
        sum(ordered) as units_ordered,
        sum(allocated) as units_allocated,
        bool_and(backordered = 0) as filled_complete
    from allocation_decisions
    semi join first_nights using (channel, channel_order_id, business_date)
    group by all
),

final as (
    select
        business_date,
        channel,
        count(*) as orders,
        count(*) filter (where filled_complete) as orders_filled_complete,
        round(count(*) filter (where filled_complete) / count(*), 4) as order_fill_rate,
        sum(units_ordered) as units_ordered,
        sum(units_allocated) as units_allocated,
        round(sum(units_allocated) / nullif(sum(units_ordered), 0), 4) as unit_fill_rate
    from orders_first_served
    group by all
)

select * from final order by all;
comment on view oms.first_time_fill_rate is 'First-time fill rate per channel and the business date orders were first served: the share of orders allocated complete that night (order_fill_rate) and of their units (unit_fill_rate). Unlike oms.fill_rate_by_channel, a backorder carried to later nights counts once, on its first night.';
comment on column oms.first_time_fill_rate.business_date is 'Business date on which the orders were first served by allocation.';
comment on column oms.first_time_fill_rate.channel is 'Sales channel.';
comment on column oms.first_time_fill_rate.orders is 'Orders first served that night.';
comment on column oms.first_time_fill_rate.orders_filled_complete is 'Of those, orders with every line allocated in full that night.';
comment on column oms.first_time_fill_rate.order_fill_rate is 'orders_filled_complete / orders: the first-time fill rate by order.';
comment on column oms.first_time_fill_rate.units_ordered is 'Units those orders asked for that night.';
comment on column oms.first_time_fill_rate.units_allocated is 'Units allocated to them that night.';
comment on column oms.first_time_fill_rate.unit_fill_rate is 'units_allocated / units_ordered: the first-time fill rate by unit.';
