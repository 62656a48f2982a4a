create table if not exists oms.order_events (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    event_type varchar not null,
    detail varchar
);
comment on table oms.order_events is 'History of the order book: created, changed, cancelled, fulfilled by channel; one row per order version and kind of change.';
comment on column oms.order_events.business_date is 'Business date on which the change arrived.';
comment on column oms.order_events.channel is 'Sales channel.';
comment on column oms.order_events.channel_order_id is 'The channel''s order number.';
comment on column oms.order_events.version is 'Order version the event produced.';
comment on column oms.order_events.event_type is 'created, lines_changed, address_changed, service_changed, cancelled, fulfilled_by_channel, reopened, status_changed (to store_pickup or digital), payment_changed (paid flag flipped), order_changed (anything else, e.g. the order date).';
comment on column oms.order_events.detail is 'What changed, in words.';
