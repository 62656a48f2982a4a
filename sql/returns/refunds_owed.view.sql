create or replace view oms.refunds_owed as
-- What the merchant owes for each returned line: units received back (whatever their disposition)
-- times the line's unit price, in the line's currency (amounts of two currencies are never added:
-- total per currency). Refunded is what the channel reports refunded already; an unknown price
-- leaves the amount empty rather than 0.
with

return_receipts as (
    select * from oms.return_receipts
),

return_requests as (
    select * from oms.return_requests
),

order_lines as (
    select * from oms.order_lines
),

received as (
    select channel, channel_order_id, line_no, sku,
        string_agg(distinct rma_id, ', ' order by rma_id) as rma_ids,
        sum(quantity_received)::bigint as units_received,
        max(business_date) as last_received_on
    from return_receipts
    where status = 'accepted'
    group by all
),

refunded as (
    select channel, channel_order_id, line_no, sum(refunded_amount) as refunded_amount
    from return_requests
    where status = 'accepted'
    group by all
),

prices as (
    select channel, channel_order_id, line_no, unit_price, currency
    from order_lines
    qualify version = max(version) over (partition by channel, channel_order_id)
),

final as (
    select
        received.channel,
        received.channel_order_id,
        received.line_no,
        received.sku,
        received.rma_ids,
        received.units_received,
        prices.unit_price,
        prices.currency,
        (received.units_received * prices.unit_price)::decimal(18, 2) as refund_owed,
        refunded.refunded_amount,
        received.last_received_on
    from received
    left join prices using (channel, channel_order_id, line_no)
    left join refunded using (channel, channel_order_id, line_no)
)

select * from final
order by channel, channel_order_id, line_no
