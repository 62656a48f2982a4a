create or replace view oms.revenue_by_channel as
-- Order value by the night orders first arrived, channel and currency (never two currencies added).
with

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

first_seen as (
    select channel, channel_order_id, min(business_date) as business_date
    from orders
    group by all
),

live_orders as (
    select channel, channel_order_id, version, status
    from orders
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

live_lines as (
    select order_lines.*
    from order_lines
    semi join live_orders using (channel, channel_order_id, version)
),

order_values as (
    select
        channel,
        channel_order_id,
        coalesce(currency, 'unknown') as currency,
        sum(quantity) as units,
        sum(unit_price * quantity) as order_value,
        count(*) filter (where unit_price is null) as unpriced_lines
    from live_lines
    group by all
),

final as (
    select
        first_seen.business_date,
        order_values.channel,
        order_values.currency,
        count(*) as orders,
        count(*) filter (where live_orders.status = 'cancelled') as cancelled_orders,
        sum(order_values.units) as units,
        sum(order_values.order_value) filter (where live_orders.status != 'cancelled')
            as order_value,
        round(
            sum(order_values.order_value) filter (where live_orders.status != 'cancelled')
            / nullif(count(*) filter (where live_orders.status != 'cancelled'), 0),
            2
        ) as average_order_value,
        sum(order_values.unpriced_lines) as unpriced_lines
    from order_values
    inner join first_seen using (channel, channel_order_id)
    inner join live_orders using (channel, channel_order_id)
    group by all
)

select * from final order by business_date, channel, currency;
comment on view oms.revenue_by_channel is 'Order value per night the orders first arrived, channel and currency, from each order''s live version (prices as the channel exported them, before discounts and shipping). Amounts in different currencies are never added: one row per currency, unknown where the export gave none.';
comment on column oms.revenue_by_channel.business_date is 'Business date on which the orders were first received.';
comment on column oms.revenue_by_channel.channel is 'Sales channel.';
comment on column oms.revenue_by_channel.currency is 'ISO 4217 currency of the order lines, or unknown.';
comment on column oms.revenue_by_channel.orders is 'Orders first received that night (live version, any status).';
comment on column oms.revenue_by_channel.cancelled_orders is 'Of those, orders cancelled since.';
comment on column oms.revenue_by_channel.units is 'Units ordered on the live versions of those orders.';
comment on column oms.revenue_by_channel.order_value is 'Sum of unit price x quantity over the lines of the orders not cancelled (lines without a price count as 0; see unpriced_lines).';
comment on column oms.revenue_by_channel.average_order_value is 'order_value / orders not cancelled.';
comment on column oms.revenue_by_channel.unpriced_lines is 'Lines whose export gave no usable price: order_value leaves them out.';
