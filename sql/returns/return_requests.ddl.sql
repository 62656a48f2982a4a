create table if not exists oms.return_requests (
    business_date date not null,
    channel varchar,
    rma_id varchar,
    channel_order_id varchar,
    line_no integer,
    sku varchar,
    quantity integer,
    reason_code varchar,
    reason_code_norm varchar,
    requested_at timestamp,
    refunded_amount decimal(18, 4),
    source_file varchar not null,
    source_row bigint,
    status varchar not null,
    reason varchar
);
comment on table oms.return_requests is 'Return requests the channels reported (returns/requests/<date>/): one row per file row, accepted once, or kept with the reason it was not (docs/lifecycle.md, "Returns").';
comment on column oms.return_requests.business_date is 'Business date of the requests folder the row was read from.';
comment on column oms.return_requests.channel is 'Sales channel of the order (amazon for the Amazon returns report; the channel column of a generic file).';
comment on column oms.return_requests.rma_id is 'The return''s authorisation id (Amazon RMA ID; rma_id of a generic file): what the warehouse''s receipt names.';
comment on column oms.return_requests.channel_order_id is 'The channel''s order number.';
comment on column oms.return_requests.line_no is 'Order line returned (oms.order_lines), matched by the channel''s line id, else by SKU; null when no line matched.';
comment on column oms.return_requests.sku is 'SKU returned (Amazon Merchant SKU), as the line has it once matched.';
comment on column oms.return_requests.quantity is 'Units the customer asked to return.';
comment on column oms.return_requests.reason_code is 'The channel''s reason code, as given (e.g. CR-DEFECTIVE, SIZE_TOO_SMALL).';
comment on column oms.return_requests.reason_code_norm is 'reason_code upper-cased, without Amazon''s CR- prefix: what the return-rate view groups by.';
comment on column oms.return_requests.requested_at is 'When the customer asked (Amazon Return request date; requested_at of a generic file).';
comment on column oms.return_requests.refunded_amount is 'What the channel says it refunded already (Amazon Refunded Amount), in the line''s currency; null when it says nothing. Above 0 the line is refunded.';
comment on column oms.return_requests.source_file is 'Landing file of the row.';
comment on column oms.return_requests.source_row is 'Data row in the file, 1-based; null for a file refused or unreadable as a whole.';
comment on column oms.return_requests.status is 'accepted, duplicate (the same return already accepted: a file landed twice), unknown_line (no such order or line), invalid_row (a field missing or unreadable) or unreadable_file.';
comment on column oms.return_requests.reason is 'Why the row was not accepted, in words a person can act on; null when accepted.';
