-- Units promised on earlier nights that are still in the warehouse: not confirmed shipped by tonight,
-- and their order version is still the live one (a cancellation or a change releases them).
with

shipped as (
    select distinct shipment_id
    from oms.shipment_confirmations
    where business_date <= $business_date and status = 'applied'
),

unshipped as (
    select allocations.*
    from oms.allocations as allocations
    anti join shipped using (shipment_id)
    where allocations.business_date < $business_date
),

-- live versions of just the orders still holding stock, not of the whole history
live_orders as (
    select channel, channel_order_id, version, status
    from oms.orders
    semi join unshipped using (channel, channel_order_id)
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

final as (
    select
        unshipped.warehouse_id,
        unshipped.sku,
        sum(unshipped.quantity)::bigint as reserved
    from unshipped
    inner join live_orders using (channel, channel_order_id, version)
    where live_orders.status = 'open'
    group by all
)

select * from final
