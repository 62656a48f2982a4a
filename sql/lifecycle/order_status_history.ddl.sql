create table if not exists oms.order_status_history (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    line_no integer not null,
    sequence integer not null,
    status varchar not null,
    previous_status varchar,
    status_rank smallint not null,
    source varchar not null,
    reason varchar not null
);
comment on table oms.order_status_history is 'Every change of an order line''s status, night by night: one row per line and change, written only when the status differs from the line''s status before it (docs/lifecycle.md). oms.order_status holds the latest row of each line.';
comment on column oms.order_status_history.business_date is 'Business date of the night whose step changed the status.';
comment on column oms.order_status_history.channel is 'Sales channel.';
comment on column oms.order_status_history.channel_order_id is 'The channel''s order number.';
comment on column oms.order_status_history.line_no is 'Line number within the order (as oms.order_lines numbers it).';
comment on column oms.order_status_history.sequence is 'Order of the change within the night, 1 first: a line can pass several statuses in one night (received, allocated, picked).';
comment on column oms.order_status_history.status is 'The new status: received, held, rejected, exception, backordered, allocated, picked, shipped, in_transit, delivered, fulfilled_elsewhere or cancelled (from carrier tracking: in_transit, delivered, and exception for a parcel in trouble; returned and refunded are reserved for returns).';
comment on column oms.order_status_history.previous_status is 'The line''s status before this change; null for its first.';
comment on column oms.order_status_history.status_rank is 'Position of the status in the lifecycle, furthest behind first (contracts.vocabulary.LIFECYCLE_STATUSES): an order stands at its lowest-ranked line.';
comment on column oms.order_status_history.source is 'The table whose rows made the change: order_lines, order_rejects, order_exceptions, shipment_confirmations, allocation_decisions, shipment_exceptions, pick_list_lines or tracking_events.';
comment on column oms.order_status_history.reason is 'What happened, in words: the file and row, the allocation rule and units, the shipment, pick list and manifest, the confirmation and tracking number.';
