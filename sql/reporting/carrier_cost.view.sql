create or replace view oms.carrier_cost as
-- Carrier cost per night, warehouse and carrier: per shipment, per order and per kilogram.
with

shipments as (
    select * from oms.shipments
),

ready as (
    select business_date, warehouse_id, carrier, channel, channel_order_id, cost, weight_g
    from shipments
    where status = 'ready'
),

final as (
    select
        business_date,
        warehouse_id,
        carrier,
        count(*) as shipments,
        count(distinct (channel, channel_order_id)) as orders,
        sum(cost) as cost,
        round(sum(cost) / count(distinct (channel, channel_order_id)), 2) as cost_per_order,
        round(sum(cost) / nullif(sum(weight_g) / 1000.0, 0), 2) as cost_per_kg
    from ready
    group by all
)

select * from final order by business_date, warehouse_id, carrier;
comment on view oms.carrier_cost is 'Carrier cost per night, warehouse and carrier, per order and per kilogram shipped.';
comment on column oms.carrier_cost.business_date is 'Ship date.';
comment on column oms.carrier_cost.warehouse_id is 'Shipping warehouse.';
comment on column oms.carrier_cost.carrier is 'Carrier.';
comment on column oms.carrier_cost.shipments is 'Ready shipments.';
comment on column oms.carrier_cost.orders is 'Distinct orders among them.';
comment on column oms.carrier_cost.cost is 'Total carrier cost.';
comment on column oms.carrier_cost.cost_per_order is 'cost / orders.';
comment on column oms.carrier_cost.cost_per_kg is 'cost / kilograms shipped.';
