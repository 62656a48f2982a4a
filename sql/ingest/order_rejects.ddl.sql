create table if not exists oms.order_rejects (
    business_date date not null,
    channel varchar not null,
    source_file varchar not null,
    source_row bigint,
    channel_order_id varchar,
    rule varchar not null,
    reason varchar not null,
    original_values varchar
);
comment on table oms.order_rejects is 'Input rows (or whole files) that did not enter the order book, each with the rule it broke and a reason an operator can act on.';
comment on column oms.order_rejects.business_date is 'Business date of the landing folder.';
comment on column oms.order_rejects.channel is 'Sales channel.';
comment on column oms.order_rejects.source_file is 'Landing file, relative to the landing area.';
comment on column oms.order_rejects.source_row is 'Data row number in the file (1-based, header not counted); null when the whole file was rejected.';
comment on column oms.order_rejects.channel_order_id is 'Order number when it could be read.';
comment on column oms.order_rejects.rule is 'Short name of the broken rule (unknown_sku, bad_quantity, unknown_country, bad_postal_code, unknown_service_level (strict service levels only), duplicate_line, repeated_line (an exact repeat of an earlier row, counted once: its order was accepted), order_held, superseded, unreadable_file, wrong_format, outside_landing_area (a link leading out of the landing area), not_a_regular_file (a FIFO, device or dangling link, never opened), misplaced_file (in no YYYY-MM-DD folder, listed every night), ...; see docs/inputs.md).';
comment on column oms.order_rejects.reason is 'Human-readable reason, quoting the offending value.';
comment on column oms.order_rejects.original_values is 'The row as read, as JSON, so nothing is lost.';
