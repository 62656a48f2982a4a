-- Order lines holding more units than they order: for every line given units tonight, what it holds
-- over its lifetime (every version and night, less what a cancellation released) against what its
-- live version orders now. A changed order is only ever topped up, never sent its parcel again.
with

line_fills as (
    select * from oms.line_fills
),

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

tonights_lines as (
    select distinct channel, channel_order_id, line_key
    from line_fills
    where business_date = $business_date
),

held as (
    select channel, channel_order_id, line_key, sum(units) as units_held
    from line_fills
    semi join tonights_lines using (channel, channel_order_id, line_key)
    where business_date <= $business_date
        and (released_on is null or released_on > $business_date)
    group by all
),

live_versions as (
    select channel, channel_order_id, version
    from orders
    semi join tonights_lines using (channel, channel_order_id)
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

ordered as (
    select channel, channel_order_id, coalesce(channel_line_id, sku) as line_key, sum(quantity) as ordered
    from order_lines
    semi join live_versions using (channel, channel_order_id, version)
    where business_date <= $business_date
    group by all
),

final as (
    select held.*, coalesce(ordered.ordered, 0) as ordered
    from held
    left join ordered using (channel, channel_order_id, line_key)
    where held.units_held > coalesce(ordered.ordered, 0)
)

select * from final order by channel, channel_order_id, line_key
