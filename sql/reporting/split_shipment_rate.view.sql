create or replace view oms.split_shipment_rate as
-- Share of allocated orders that ship from more than one warehouse on a night.
with

allocations as (
    select * from oms.allocations
),

per_order as (
    select business_date, channel, channel_order_id, count(distinct warehouse_id) as warehouses
    from allocations
    group by all
),

final as (
    select
        business_date,
        channel,
        count(*) as orders_allocated,
        count(*) filter (where warehouses > 1) as orders_split,
        round(count(*) filter (where warehouses > 1) / count(*), 4) as split_rate
    from per_order
    group by all
)

select * from final order by business_date, channel;
comment on view oms.split_shipment_rate is 'Orders allocated per night and channel, and the share split across warehouses.';
comment on column oms.split_shipment_rate.business_date is 'Business date.';
comment on column oms.split_shipment_rate.channel is 'Sales channel.';
comment on column oms.split_shipment_rate.orders_allocated is 'Orders with at least one unit allocated that night.';
comment on column oms.split_shipment_rate.orders_split is 'Of those, orders shipping from more than one warehouse.';
comment on column oms.split_shipment_rate.split_rate is 'orders_split / orders_allocated.';
