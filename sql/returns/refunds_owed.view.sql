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
order by channel, channel_order_id, line_no;
comment on view oms.refunds_owed is 'What the merchant owes per returned line: units received back times the line''s unit price, in its currency (never added across currencies), beside what the channel reports refunded.';
comment on column oms.refunds_owed.channel is 'Sales channel.';
comment on column oms.refunds_owed.channel_order_id is 'The channel''s order number.';
comment on column oms.refunds_owed.line_no is 'Order line returned.';
comment on column oms.refunds_owed.sku is 'SKU received back.';
comment on column oms.refunds_owed.rma_ids is 'RMAs of the accepted receipts, comma separated.';
comment on column oms.refunds_owed.units_received is 'Units received back, whatever their disposition.';
comment on column oms.refunds_owed.unit_price is 'Price of one unit as the channel sold it (latest order version); empty when unknown.';
comment on column oms.refunds_owed.currency is 'ISO 4217 code of unit_price and refund_owed.';
comment on column oms.refunds_owed.refund_owed is 'units_received x unit_price, in currency; empty when the price is unknown.';
comment on column oms.refunds_owed.refunded_amount is 'What the channel reports refunded already for the line (return requests), in currency; empty when it says nothing.';
comment on column oms.refunds_owed.last_received_on is 'Business date of the latest receipt of the line.';
