-- The lines of the live versions found by prior_orders.sql.
-- frame prior_orders: the rows prior_orders.sql returned
with

prior_versions as (
    select * from prior_orders
),

order_lines as (
    select * from oms.order_lines
),

final as (
    select order_lines.*
    from order_lines
    semi join prior_versions using (business_date, channel, channel_order_id, version)
)

select * from final
