-- Units promised on earlier nights that are still in the warehouse: not confirmed shipped by tonight,
-- and their order still open. A cancellation releases them, for good: an order reopened later asks
-- again. A change does not: they are on a pick list already, and the changed order asks only for
-- what they do not cover (sql/allocation/demand.sql). A line the channel fulfilled since (the shop
-- shipped it from elsewhere) releases its units too: they are not going to leave this warehouse.
with

order_lines as (
    select * from oms.order_lines
),

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
    select channel, channel_order_id, version, status
    from orders
    semi join unshipped using (channel, channel_order_id)
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

-- the line each unshipped allocation fills, under the key that follows it across versions
unshipped_lines as (
    select
        unshipped.*,
        coalesce(allocated_lines.channel_line_id, unshipped.ordered_sku) as line_key
    from unshipped
    left join order_lines as allocated_lines using (channel, channel_order_id, version, line_no)
),

-- lines of the live versions that the channel says need nothing more from the warehouse
closed_lines as (
    select
        order_lines.channel,
        order_lines.channel_order_id,
        coalesce(order_lines.channel_line_id, order_lines.sku) as line_key
    from order_lines
    semi join live_orders using (channel, channel_order_id, version)
    where coalesce(order_lines.line_status, 'open') != 'open'
),

final as (
    select
        unshipped.warehouse_id,
        unshipped.sku,
        sum(unshipped.quantity)::bigint as reserved
    from unshipped_lines as unshipped
    inner join live_orders using (channel, channel_order_id)
    anti join closed_lines using (channel, channel_order_id, line_key)
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
