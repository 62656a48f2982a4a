create table if not exists oms.order_exceptions (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_key varchar,
    exception varchar not null,
    ordered integer,
    units_allocated bigint not null,
    units_shipped bigint not null,
    shipments varchar not null,
    reason varchar not null
);
comment on table oms.order_exceptions is 'Order changes that arrived after units were allocated and that no parcel can follow: an operator decides. Nothing more is sent for them.';
comment on column oms.order_exceptions.business_date is 'Business date the change arrived.';
comment on column oms.order_exceptions.channel is 'Sales channel.';
comment on column oms.order_exceptions.channel_order_id is 'The channel''s order number.';
comment on column oms.order_exceptions.version is 'The order version that brought the change.';
comment on column oms.order_exceptions.line_key is 'The line (channel line id, else SKU); null for a change of the whole order.';
comment on column oms.order_exceptions.exception is 'quantity_below_allocated or address_changed_after_allocation.';
comment on column oms.order_exceptions.ordered is 'Units the line now orders (0 when the line was removed); null for an address change.';
comment on column oms.order_exceptions.units_allocated is 'Units allocated on earlier nights (kits: kit units).';
comment on column oms.order_exceptions.units_shipped is 'Of those, units whose shipment the carrier has confirmed.';
comment on column oms.order_exceptions.shipments is 'The shipments those units travel in, comma-separated.';
comment on column oms.order_exceptions.reason is 'What happened and what to do, in words.';
