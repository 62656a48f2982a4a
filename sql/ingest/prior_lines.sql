-- The lines of the live versions returned by prior_orders (registered as prior_orders).
with

final as (
    select order_lines.*
    from oms.order_lines as order_lines
    semi join prior_orders using (business_date, channel, channel_order_id, version)
)

select * from final
