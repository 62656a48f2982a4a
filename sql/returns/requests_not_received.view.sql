create or replace view oms.requests_not_received as
-- Accepted return requests with units still to come back: asked minus received (accepted
-- receipts with the RMA and the line), and how many nights since the request was read, counted to
-- the latest night that read return requests.
with

return_requests as (
    select * from oms.return_requests
),

return_receipts as (
    select * from oms.return_receipts
),

requested as (
    select channel, rma_id, channel_order_id, line_no, sku,
        sum(quantity)::bigint as units_requested,
        min(requested_at) as requested_at,
        min(business_date) as requested_on
    from return_requests
    where status = 'accepted'
    group by all
),

received as (
    select rma_id, channel, channel_order_id, line_no, sum(quantity_received)::bigint as units_received
    from return_receipts
    where status = 'accepted'
    group by all
),

latest_night as (
    select max(business_date) as business_date from return_requests
),

final as (
    select
        requested.channel,
        requested.rma_id,
        requested.channel_order_id,
        requested.line_no,
        requested.sku,
        requested.units_requested,
        coalesce(received.units_received, 0) as units_received,
        requested.units_requested - coalesce(received.units_received, 0) as units_outstanding,
        requested.requested_at,
        requested.requested_on,
        date_diff('day', requested.requested_on, latest_night.business_date) as days_waiting
    from requested
    left join received using (rma_id, channel, channel_order_id, line_no)
    cross join latest_night
    where requested.units_requested > coalesce(received.units_received, 0)
)

select * from final
order by requested_on, channel, rma_id, line_no;
comment on view oms.requests_not_received is 'Accepted return requests with units still to come back, and the nights waited since the request was read.';
comment on column oms.requests_not_received.channel is 'Sales channel.';
comment on column oms.requests_not_received.rma_id is 'The return''s RMA.';
comment on column oms.requests_not_received.channel_order_id is 'The channel''s order number.';
comment on column oms.requests_not_received.line_no is 'Order line to come back.';
comment on column oms.requests_not_received.sku is 'SKU to come back.';
comment on column oms.requests_not_received.units_requested is 'Units the customer asked to return.';
comment on column oms.requests_not_received.units_received is 'Units received back so far under the RMA for the line.';
comment on column oms.requests_not_received.units_outstanding is 'units_requested - units_received.';
comment on column oms.requests_not_received.requested_at is 'When the customer asked.';
comment on column oms.requests_not_received.requested_on is 'Business date the request was first read.';
comment on column oms.requests_not_received.days_waiting is 'Days from requested_on to the latest night that read return requests.';
