create or replace view oms.receipts_without_request as
-- Parcels the warehouse received whose RMA names no accepted return request: matched by the order
-- and SKU on the parcel (accepted) or by nothing (unmatched, not counted anywhere). Ask the channel
-- whether the customer opened a return.
with

return_receipts as (
    select * from oms.return_receipts
),

final as (
    select
        business_date, rma_id, channel, channel_order_id, line_no, sku, quantity_received,
        disposition, received_at, status, reason, source_file, source_row
    from return_receipts
    where not coalesce(has_request, false) and status in ('accepted', 'unmatched')
)

select * from final
order by business_date, source_file, source_row
