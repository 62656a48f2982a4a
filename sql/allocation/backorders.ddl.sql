create table if not exists oms.backorders (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    sku varchar not null,
    quantity integer not null,
    placed_at timestamp not null,
    service_level varchar not null,
    first_backordered_date date not null
);
comment on table oms.backorders is 'Units still owed at the end of the business date; they re-enter demand the next night with their original placed_at.';
comment on column oms.backorders.business_date is 'Business date at whose end the units were still owed.';
comment on column oms.backorders.channel is 'Sales channel.';
comment on column oms.backorders.channel_order_id is 'The channel''s order number.';
comment on column oms.backorders.version is 'Order version owed.';
comment on column oms.backorders.line_no is 'Order line.';
comment on column oms.backorders.sku is 'Ordered SKU.';
comment on column oms.backorders.quantity is 'Units of the ordered SKU still owed.';
comment on column oms.backorders.placed_at is 'When the order was placed (keeps its place in the queue).';
comment on column oms.backorders.service_level is 'Service level of the order.';
comment on column oms.backorders.first_backordered_date is 'First business date the line was backordered (for backlog ageing).';
