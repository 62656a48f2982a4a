create table if not exists oms.return_receipts (
    business_date date not null,
    rma_id varchar,
    channel varchar,
    channel_order_id varchar,
    line_no integer,
    sku varchar,
    quantity_received integer,
    condition varchar,
    disposition varchar,
    received_at timestamp,
    has_request boolean,
    source_file varchar not null,
    source_row bigint,
    status varchar not null,
    reason varchar
);
comment on table oms.return_receipts is 'Returned parcels the warehouse received (returns/receipts/<date>/): one row per file row, accepted once, never more units than were shipped, or kept with the reason it was not. Accepted restock rows come back into the next night''s oms.inventory_positions.returned_units.';
comment on column oms.return_receipts.business_date is 'Business date of the receipts folder the row was read from.';
comment on column oms.return_receipts.rma_id is 'RMA on the parcel, as the warehouse recorded it.';
comment on column oms.return_receipts.channel is 'Sales channel of the order returned: the request''s, else the file''s channel column.';
comment on column oms.return_receipts.channel_order_id is 'Order returned: the request''s, else the file''s order_id column.';
comment on column oms.return_receipts.line_no is 'Order line returned (oms.order_lines); null when neither a request nor the order and SKU name one.';
comment on column oms.return_receipts.sku is 'SKU received.';
comment on column oms.return_receipts.quantity_received is 'Units received.';
comment on column oms.return_receipts.condition is 'Free text of the returns desk: new, opened, used, damaged.';
comment on column oms.return_receipts.disposition is 'restock (back on the shelf: available again from the next night), refurbish (set aside for repair, not available) or dispose (written off, never available again).';
comment on column oms.return_receipts.received_at is 'When the parcel was received (ISO 8601; UTC).';
comment on column oms.return_receipts.has_request is 'Whether a return request with this RMA was accepted (on any night up to this one); false for a parcel matched by order and SKU alone.';
comment on column oms.return_receipts.source_file is 'Landing file of the row.';
comment on column oms.return_receipts.source_row is 'Data row in the file, 1-based; null for a file refused or unreadable as a whole.';
comment on column oms.return_receipts.status is 'accepted, duplicate (the same receipt already accepted: a file landed twice), over_receipt (more units than the line shipped), unmatched (no request with the RMA and no shipped line of the order with the SKU), invalid_row or unreadable_file.';
comment on column oms.return_receipts.reason is 'Why the row was not accepted, in words a person can act on; null when accepted.';
