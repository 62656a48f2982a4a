create table if not exists oms.order_lines (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    channel_line_id varchar,
    sku varchar not null,
    quantity integer not null,
    source_file varchar not null,
    source_row bigint not null
);
comment on table oms.order_lines is 'Lines of the order versions in oms.orders (same business_date and version).';
comment on column oms.order_lines.business_date is 'Business date on which this order version arrived.';
comment on column oms.order_lines.channel is 'Sales channel.';
comment on column oms.order_lines.channel_order_id is 'The channel''s order number.';
comment on column oms.order_lines.version is 'Order version the line belongs to.';
comment on column oms.order_lines.line_no is 'Line number within the order, 1-based, in file order.';
comment on column oms.order_lines.channel_line_id is 'The channel''s own line id where it has one (Amazon order-item-id, eBay Transaction ID).';
comment on column oms.order_lines.sku is 'Ordered SKU (a kit SKU is kept as ordered; allocation expands it).';
comment on column oms.order_lines.quantity is 'Units ordered.';
comment on column oms.order_lines.source_file is 'Landing file the line was read from.';
comment on column oms.order_lines.source_row is 'Data row number in that file, 1-based, header not counted.';
