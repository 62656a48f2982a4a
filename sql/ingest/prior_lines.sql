-- The lines of the live versions found by prior_orders.sql.
-- frame prior_orders: the rows prior_orders.sql returned
with

final as (
    select order_lines.*
    from oms.order_lines as order_lines
    semi join prior_orders using (business_date, channel, channel_order_id, version)
)

select * from final
