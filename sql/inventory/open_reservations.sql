-- Units promised on earlier nights that are still in the warehouse: not confirmed shipped by tonight,
-- and their order version is still the live one (a cancellation or a change releases them).
with

live_orders as (
    select channel, channel_order_id, version, status
    from oms.orders
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

shipped as (
    select distinct shipment_id
    from oms.shipment_confirmations
    where business_date <= $business_date and status = 'applied'
),

final as (
    select
        allocations.warehouse_id,
        allocations.sku,
        sum(allocations.quantity)::bigint as reserved
    from oms.allocations as allocations
    inner join live_orders using (channel, channel_order_id, version)
    anti join shipped using (shipment_id)
    where allocations.business_date < $business_date
      and live_orders.status = 'open'
    group by all
)

select * from final
