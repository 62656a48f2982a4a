create table if not exists oms.channel_feedback (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    shipment_id varchar not null,
    package_id varchar not null,
    line_no integer not null,
    channel_line_id varchar,
    sku varchar not null,
    quantity integer not null,
    ship_date date not null,
    carrier varchar,
    service varchar,
    tracking_number varchar,
    confirmed_on date not null,
    order_complete boolean not null,
    file varchar not null
);
comment on table oms.channel_feedback is 'What each channel was told of its shipped orders: one row per confirmed package and order line, told once across nights, re-runs and backfills.';
comment on column oms.channel_feedback.business_date is 'Night whose files told the channel.';
comment on column oms.channel_feedback.channel is 'Sales channel told.';
comment on column oms.channel_feedback.channel_order_id is 'The channel''s order number.';
comment on column oms.channel_feedback.shipment_id is 'Shipment the package belongs to.';
comment on column oms.channel_feedback.package_id is 'Package told.';
comment on column oms.channel_feedback.line_no is 'Order line the units fill (line number of the allocated order version).';
comment on column oms.channel_feedback.channel_line_id is 'The channel''s line id from its export (Amazon order-item-id, eBay Transaction ID); empty when the export has none.';
comment on column oms.channel_feedback.sku is 'SKU as ordered on the line (a kit SKU stays the kit).';
comment on column oms.channel_feedback.quantity is 'Units of the ordered SKU in this package (a kit is told whole with its first package).';
comment on column oms.channel_feedback.ship_date is 'Day the carrier took the shipment (the confirmation''s date when it gave no time).';
comment on column oms.channel_feedback.carrier is 'Carrier as in reference/carrier_services.csv; the files carry each channel''s code for it.';
comment on column oms.channel_feedback.service is 'Carrier service (Amazon ship-method).';
comment on column oms.channel_feedback.tracking_number is 'Tracking number from the carrier confirmation.';
comment on column oms.channel_feedback.confirmed_on is 'Business date of the confirmation that applied the shipment.';
comment on column oms.channel_feedback.order_complete is 'Every open line of the live order is told in full once this row is (WooCommerce status_shipped 1, else 2).';
comment on column oms.channel_feedback.file is 'File under $OMS_OUTPUT/<business_date>/ that carries the row.';
