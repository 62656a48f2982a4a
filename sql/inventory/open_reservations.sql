-- Units promised on earlier nights that are still in the warehouse: not confirmed shipped by tonight,
-- and their order still open. A cancellation releases them, for good: an order reopened later asks
-- again. A change does not: they are on a pick list already, and the changed order asks only for
-- what they do not cover (sql/allocation/demand.sql).
with

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

allocations as (
    select * from oms.allocations
),

orders as (
    select * from oms.orders
),

shipped as (
    select distinct shipment_id
    from shipment_confirmations
    where business_date <= $business_date and status = 'applied'
),

unshipped as (
    select allocations.*
    from allocations
    anti join shipped using (shipment_id)
    where allocations.business_date < $business_date
),

cancellations as (
    select channel, channel_order_id, business_date as cancelled_on
    from orders
    semi join unshipped using (channel, channel_order_id)
    where business_date <= $business_date and status = 'cancelled'
),

-- live versions of just the orders still holding stock, not of the whole history
live_orders as (
    select channel, channel_order_id, status
    from orders
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
    inner join live_orders using (channel, channel_order_id)
    where live_orders.status = 'open'
        and not exists (
            select 1
            from cancellations
            where cancellations.channel = unshipped.channel
                and cancellations.channel_order_id = unshipped.channel_order_id
                and cancellations.cancelled_on > unshipped.business_date
        )
    group by all
)

select * from final
