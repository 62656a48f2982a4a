-- What each ready shipment of the night carries, per order line and picked SKU, with the
-- line's unit price and currency: the contents of its customs declaration.
with

shipments as (
    select * from oms.shipments
),

allocations as (
    select * from oms.allocations
),

order_lines as (
    select * from oms.order_lines
),

ready as (
    select shipment_id, channel, channel_order_id, warehouse_id, ship_country
    from shipments
    where business_date = $business_date and status = 'ready'
),

final as (
    select
        ready.shipment_id,
        ready.channel,
        ready.channel_order_id,
        ready.warehouse_id,
        ready.ship_country,
        allocations.line_no,
        allocations.ordered_sku,
        allocations.ordered_units,
        allocations.sku,
        allocations.quantity,
        order_lines.unit_price,
        order_lines.currency
    from allocations
    inner join ready using (shipment_id)
    left join order_lines
        on order_lines.channel = allocations.channel
        and order_lines.channel_order_id = allocations.channel_order_id
        and order_lines.version = allocations.version
        and order_lines.line_no = allocations.line_no
    where allocations.business_date = $business_date
)

select * from final order by shipment_id, line_no, sku
