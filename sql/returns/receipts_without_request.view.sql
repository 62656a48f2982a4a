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
order by business_date, source_file, source_row;
comment on view oms.receipts_without_request is 'Returned parcels whose RMA names no accepted return request: matched by order and SKU (accepted) or by nothing (unmatched, not counted). Ask the channel whether the customer opened a return.';
comment on column oms.receipts_without_request.business_date is 'Business date of the receipts folder.';
comment on column oms.receipts_without_request.rma_id is 'RMA on the parcel.';
comment on column oms.receipts_without_request.channel is 'Sales channel, where the parcel names one.';
comment on column oms.receipts_without_request.channel_order_id is 'Order, where the parcel names one.';
comment on column oms.receipts_without_request.line_no is 'Order line matched by SKU; empty when none.';
comment on column oms.receipts_without_request.sku is 'SKU received.';
comment on column oms.receipts_without_request.quantity_received is 'Units received.';
comment on column oms.receipts_without_request.disposition is 'restock, refurbish or dispose.';
comment on column oms.receipts_without_request.received_at is 'When the parcel was received (UTC).';
comment on column oms.receipts_without_request.status is 'accepted (matched by order and SKU) or unmatched.';
comment on column oms.receipts_without_request.reason is 'Why an unmatched parcel was not counted.';
comment on column oms.receipts_without_request.source_file is 'Receipt file.';
comment on column oms.receipts_without_request.source_row is 'Data row in the file.';
