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
order by requested_on, channel, rma_id, line_no
