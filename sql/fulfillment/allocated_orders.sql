-- The order versions allocated tonight, with what a shipment needs: service level and ship-to address.
with

allocations as (
    select * from oms.allocations
),

orders as (
    select * from oms.orders
),

allocated as (
    select distinct channel, channel_order_id, version
    from allocations
    where business_date = $business_date
),

final as (
    select
        orders.channel,
        orders.channel_order_id,
        orders.service_level,
        orders.placed_at,
        orders.ship_name,
        orders.ship_company,
        orders.ship_address1,
        orders.ship_address2,
        orders.ship_city,
        orders.ship_region,
        orders.ship_postal_code,
        orders.ship_country,
        orders.ship_phone
    from orders
    semi join allocated using (channel, channel_order_id, version)
    where orders.business_date <= $business_date
)

select * from final
